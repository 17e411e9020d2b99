/**
 * Which calls keep a reference to a value after they return, from the
 * holder model (model/holders.ts): `cache.set(key, buf)` stores `buf` in
 * `cache`, `el.addEventListener('load', () => use(buf))` keeps a callback
 * that reads `buf` later, `cache.delete(key)` drops what `cache` held.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { calleeLabel, skipWrappers, staticPropertyName } from '../facts/ast';
import type { Resolver } from '../facts/resolve';
import { callbackRegistrations, collectionInserts, collectionRemovals, handlerPropertyPattern } from '../../model/holders';
import { nameMatches } from '../../model/names';
import type { CallNode } from './sends';

export type HolderEffect =
  /** `holder.set(k, v)`, `holder.push(...values)`: `holder` keeps `values`. */
  | { readonly kind: 'insert'; readonly holder: TSESTree.Node; readonly values: readonly TSESTree.Node[]; readonly label: string }
  /** `holder.delete(k)`, `holder.clear()`, `holder.splice(i, 1)`: `holder` may no longer keep what it was given. */
  | { readonly kind: 'remove'; readonly holder: TSESTree.Node }
  /** `setTimeout(f)`, `target.addEventListener(type, f)`: `f` is kept and runs after the current code. */
  | { readonly kind: 'callback'; readonly callback: TSESTree.Node; readonly label: string };

const registrationCallees = new Map(callbackRegistrations.map((entry) => [entry, new Set(entry.kind === 'call' ? entry.callee : [])]));

export function holderEffectOf(call: CallNode, resolver: Resolver): HolderEffect | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const callee = skipWrappers(call.callee);
  const label = memberChain(callee) ?? calleeLabel(call, 'the call');
  if (callee.type === 'MemberExpression') {
    const method = staticPropertyName(callee);
    if (method === undefined) return undefined;
    for (const insert of collectionInserts) {
      if (insert.method !== method || call.arguments.length <= insert.fromArg) continue;
      const values = (insert.single ? [call.arguments[insert.fromArg]!] : call.arguments.slice(insert.fromArg)).filter((arg) => arg.type !== 'SpreadElement');
      return { kind: 'insert', holder: callee.object, values, label };
    }
    if (collectionRemovals.has(method)) return { kind: 'remove', holder: callee.object };
    for (const entry of callbackRegistrations) {
      if (entry.kind === 'method' && entry.names.includes(method)) return callbackAt(call, entry.arg, label);
    }
  }
  if (callee.type !== 'Identifier' && callee.type !== 'MemberExpression') return undefined;
  const name = resolver.qualifiedName(callee);
  for (const entry of callbackRegistrations) {
    if (entry.kind === 'call' && nameMatches(name, registrationCallees.get(entry)!)) return callbackAt(call, entry.arg, label);
  }
  return undefined;
}

function callbackAt(call: TSESTree.CallExpression, index: number, label: string): HolderEffect | undefined {
  const argument = call.arguments[index];
  if (!argument || argument.type === 'SpreadElement') return undefined;
  return { kind: 'callback', callback: skipWrappers(argument), label };
}

/** `port.onmessage = f`: an event-handler property keeps `f` for later. */
export function isHandlerProperty(target: TSESTree.MemberExpression): boolean {
  const name = staticPropertyName(target);
  return name !== undefined && handlerPropertyPattern.test(name);
}

/** How messages name a static member path: `port.onmessage`, `this.el.addEventListener`. */
export function memberChain(node: TSESTree.Node): string | undefined {
  const inner = skipWrappers(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'ThisExpression') return 'this';
  if (inner.type === 'MemberExpression') {
    const property = staticPropertyName(inner);
    const object = memberChain(inner.object);
    return property !== undefined && object !== undefined ? `${object}.${property}` : undefined;
  }
  return undefined;
}
