/**
 * The API model of holders: calls that keep a reference to a value after
 * they return (a collection that stores it, a registration that keeps a
 * callback for later), and calls that drop what a collection holds. Data, not
 * code: the engine (classify/holders.ts) interprets it for the ownership
 * analysis, which reports transferring a value something longer-lived still
 * references (Swift's region isolation: a `sending` value must be unreachable
 * from anywhere else).
 */
import type { QualifiedName } from './names';

/** `cache.set(key, buf)`, `pending.push(view)`: the receiver keeps the arguments from `fromArg` on. */
export interface CollectionInsert {
  readonly method: string;
  /** The first argument the receiver keeps (`set(key, value)` keeps argument 1; `push(...values)` every one from 0). */
  readonly fromArg: number;
  /** Only that one argument (`set`'s key is not kept as a value); otherwise every argument from `fromArg`. */
  readonly single: boolean;
}

export const collectionInserts: readonly CollectionInsert[] = [
  { method: 'set', fromArg: 1, single: true },
  { method: 'add', fromArg: 0, single: true },
  { method: 'push', fromArg: 0, single: false },
  { method: 'unshift', fromArg: 0, single: false },
];

/** Methods after which the receiver may no longer hold what was put in (precision first: any removal counts). */
export const collectionRemovals: ReadonlySet<string> = new Set(['delete', 'clear', 'pop', 'shift', 'splice']);

/** A call that keeps a callback to run later, after the current code has finished. */
export type CallbackRegistration =
  /** `el.addEventListener('load', f)`, `emitter.on('data', f)`. */
  | { readonly kind: 'method'; readonly names: readonly string[]; readonly arg: number }
  /** `setTimeout(f, ms)`, `requestAnimationFrame(f)`. */
  | { readonly kind: 'call'; readonly callee: readonly QualifiedName[]; readonly arg: number };

export const callbackRegistrations: readonly CallbackRegistration[] = [
  { kind: 'method', names: ['addEventListener', 'on', 'once', 'addListener', 'prependListener', 'prependOnceListener'], arg: 1 },
  {
    kind: 'call',
    callee: [
      'global:setTimeout',
      'global:setInterval',
      'global:setImmediate',
      'global:requestAnimationFrame',
      'global:requestIdleCallback',
      'timers:setTimeout',
      'timers:setInterval',
      'timers:setImmediate',
    ],
    arg: 0,
  },
];

/**
 * Event-handler properties: `port.onmessage = () => use(buf)` keeps the
 * function for later, like `addEventListener`.
 */
export const handlerPropertyPattern = /^on[a-z]+$/;
