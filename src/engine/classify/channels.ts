/**
 * The channel classifier: the one place that turns the channel model
 * (model/channels.ts) into verdicts on calls: which calls create endpoints of
 * which kind (`new MessageChannel()`, `new BroadcastChannel(name)`,
 * `stream.getWriter()`), and what a method call does to an endpoint of a kind
 * (`port.close()` closes, `port.unref()` stops it from holding the process).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { CompiledModel } from '../../model';
import type { ChannelKind } from '../../model/channels';
import type { Resolver } from '../facts/resolve';
import { candidatesOf } from './candidates';
import { nameMatches } from '../../model/names';
import { skipWrappers, staticPropertyName } from '../facts/ast';
import type { CallNode } from './sends';

/** What calling a method on an endpoint does to it. */
export type EndpointEffect = 'close' | 'unref' | 'none';

/** What a call or an assignment does to whether an endpoint receives messages (see `ListeningModel`). */
export type ListeningEffect = 'listen' | 'unlisten' | undefined;

export class ChannelClassifier {
  constructor(
    private readonly model: CompiledModel,
    private readonly resolver: Resolver,
  ) {}

  /** The kind of endpoint this call creates, if any (the first entry of the model that matches). */
  creationAt(call: CallNode): ChannelKind | undefined {
    return candidatesOf(this.model.channelIndex, call, this.resolver)[0];
  }

  /** `port.close()`, `writer.abort()`: close; `port.unref()`: unref; anything else: none. */
  effectOf(kind: ChannelKind, method: string): EndpointEffect {
    if (kind.close.includes(method)) return 'close';
    if (kind.unref.includes(method)) return 'unref';
    return 'none';
  }

  /** `port.on('message', f)`, `port.start()`: listen; `port.off('message', f)`: unlisten; other calls: undefined. */
  listeningCallEffect(kind: ChannelKind, method: string, call: CallNode): ListeningEffect {
    const listening = kind.listening;
    if (!listening) return undefined;
    if (listening.start.includes(method)) return 'listen';
    const event = call.arguments[0];
    const forEvent = event?.type === 'Literal' && event.value === listening.event;
    if (forEvent && listening.addListener.includes(method)) return 'listen';
    if (forEvent && listening.removeListener.includes(method)) return 'unlisten';
    return undefined;
  }

  /** `port.onmessage = f`: listen; `port.onmessage = null`: unlisten. */
  listeningAssignmentEffect(kind: ChannelKind, property: string, value: TSESTree.Node): ListeningEffect {
    if (!kind.listening?.handlerProperties.includes(property)) return undefined;
    const cleared = (value.type === 'Literal' && value.value === null) || (value.type === 'Identifier' && value.name === 'undefined');
    return cleared ? 'unlisten' : 'listen';
  }

  /** A method that returns its receiver, so `port.on('message', f).unref()` unrefs `port`. */
  returnsReceiver(kind: ChannelKind, method: string): boolean {
    return kind.chainable.includes(method);
  }

  /** `transferList: [port1]` in a call's options: the port goes to the thread the call starts. */
  isThreadTransferKey(kind: ChannelKind, key: string): boolean {
    return kind.threadTransferKeys.includes(key);
  }

  /** `remote[Comlink.releaseProxy]()`: a computed-key method of the model that discharges the endpoint. */
  closesByKey(kind: ChannelKind, callee: TSESTree.MemberExpression): boolean {
    if (!kind.closeKeys || !callee.computed) return false;
    return nameMatches(this.resolver.qualifiedName(callee.property), new Set(kind.closeKeys));
  }

  /** `worker.on('exit', f)`, `worker.once('exit', f)`: the endpoint's end is handled. */
  handlesEnd(kind: ChannelKind, method: string, call: CallNode): boolean {
    const end = kind.endEvents;
    return end !== undefined && end.listenerMethods.includes(method) && isEventName(call.arguments[0], end.events);
  }

  /** `once(worker, 'exit')`: the end of the endpoint passed first is awaited (the endpoint is `call.arguments[0]`). */
  awaitsEnd(kind: ChannelKind, call: CallNode): boolean {
    const end = kind.endEvents;
    if (!end || call.type !== 'CallExpression') return false;
    return isEventName(call.arguments[1], end.events) && nameMatches(this.resolver.calleeName(call), new Set(end.waitFunctions));
  }

  /** `reader.closed`: a property whose use waits for the end. */
  isEndProperty(kind: ChannelKind, member: TSESTree.MemberExpression): boolean {
    const property = staticPropertyName(member);
    return property !== undefined && (kind.endProperties ?? []).includes(property);
  }

  /** `reader.read()`: the call whose result says whether the end was reached. */
  isReadCall(kind: ChannelKind, member: TSESTree.MemberExpression): boolean {
    const parent = member.parent;
    const call = parent?.type === 'CallExpression' && skipWrappers(parent.callee) === member;
    return call && kind.readToEnd !== undefined && staticPropertyName(member) === kind.readToEnd.method;
  }

  /** `worker.terminate()`: ends the thread an endpoint of this kind was posted to. */
  endsThread(kind: ChannelKind, method: string): boolean {
    return kind.threadEndMethods.includes(method);
  }
}

function isEventName(node: TSESTree.Node | undefined, events: readonly string[]): boolean {
  return node?.type === 'Literal' && typeof node.value === 'string' && events.includes(node.value);
}
