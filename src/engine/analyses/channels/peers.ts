/**
 * When the other end of a pair that closes together goes to a thread whose
 * life ends the pair: Node closes the kept end when the thread holding its
 * peer exits or is terminated. An `unref()` of a kept end that a later
 * listener undoes keeps it an obligation (it holds the process for the
 * thread's whole life, which is what the author tried to avoid): `keeps`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { skipWrappers, staticPropertyName } from '../../facts/ast';
import type { Resolver } from '../../facts/resolve';
import type { ChannelClassifier } from '../../classify/channels';
import type { Endpoint } from './findings';

/**
 * `new Worker(file, { transferList: [port1] })` (or `module.register(url, {
 * transferList })`, a library's `workerOpts: { transferList }`): the kept
 * ends of `port1`'s pair live as long as the thread the call starts.
 */
export function threadTransferPeers(
  node: TSESTree.Node,
  endpoints: readonly Endpoint[],
  classifier: ChannelClassifier,
  keeps: (e: Endpoint) => boolean,
): number[] {
  const array = node.parent;
  const property = array?.type === 'ArrayExpression' ? array.parent : undefined;
  if (property?.type !== 'Property' || property.value !== array) return [];
  const key =
    property.key.type === 'Identifier' && !property.computed ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
  if (key === undefined) return [];
  const found: number[] = [];
  for (const endpoint of endpoints) {
    if (!endpoint.kind.closesTogether || !classifier.isThreadTransferKey(endpoint.kind, key)) continue;
    for (const sibling of endpoint.siblings) if (keeps(sibling)) found.push(sibling.place);
  }
  return found;
}

/**
 * `worker.postMessage(msg, [port2])` to a local `worker` that the file also
 * terminates (`worker.terminate()`): the thread that owns `port2` is ended,
 * and the kept end with it. A peer posted to a service worker, which nobody
 * ends, leaves the kept end the caller's to close.
 */
export function terminatedReceiverPeers(
  receiver: TSESTree.Node,
  endpoints: readonly Endpoint[],
  resolver: Resolver,
  classifier: ChannelClassifier,
  keeps: (e: Endpoint) => boolean,
): number[] {
  const inner = skipWrappers(receiver);
  const variable = inner.type === 'Identifier' ? resolver.variableOf(inner) : undefined;
  if (!variable) return [];
  const found: number[] = [];
  for (const endpoint of endpoints) {
    if (!endpoint.kind.closesTogether) continue;
    const ended = variable.references.some((reference) => {
      const member = reference.identifier.parent;
      if (member?.type !== 'MemberExpression' || member.object !== reference.identifier) return false;
      const method = staticPropertyName(member);
      const call = member.parent;
      return method !== undefined && call?.type === 'CallExpression' && call.callee === member && classifier.endsThread(endpoint.kind, method);
    });
    if (ended) for (const sibling of endpoint.siblings) if (keeps(sibling)) found.push(sibling.place);
  }
  return found;
}
