/**
 * `Sendable<T>`: the type-level `Send`. Use it to make the compiler check
 * message types:
 *
 * ```ts
 * import type { Sendable } from 'eslint-plugin-fearless';
 * function send<T>(worker: Worker, message: T & Sendable<T>) {
 *   worker.postMessage(message);
 * }
 * send(worker, { id: 1, bytes });             // ok
 * send(worker, { id: 1, onDone: () => {} });  // error: onDone is never
 * ```
 *
 * `Sendable<T>` keeps every part of T that the structured clone algorithm
 * carries intact and turns the rest into `never`: functions and methods
 * (so instances of classes with methods), symbols and symbol-keyed
 * properties, Promises, WeakMaps and WeakSets. `any` and `unknown` pass,
 * as they do for the rule. Only ES types are named here, so the helper works
 * with or without the DOM library.
 */

type Primitive = string | number | boolean | bigint | null | undefined;

/** Values the structured clone algorithm copies as they are (ES types only). */
type Cloneable = Date | RegExp | ArrayBuffer | ArrayBufferView | Error;

type IsAny<T> = 0 extends 1 & T ? true : false;

// Maps and Sets come before the weak collections: a Set is structurally a WeakSet (not the other way round).
export type Sendable<T> =
  IsAny<T> extends true
    ? T
    : unknown extends T
      ? T
      : T extends Primitive
        ? T
        : T extends symbol
          ? never
          : T extends (...args: never[]) => unknown
            ? never
            : T extends Cloneable
              ? T
              : T extends ReadonlyMap<infer K, infer V>
                ? ReadonlyMap<Sendable<K>, Sendable<V>>
                : T extends ReadonlySet<infer V>
                  ? ReadonlySet<Sendable<V>>
                  : T extends PromiseLike<unknown> | WeakMap<object, unknown> | WeakSet<object>
                    ? never
                    : T extends readonly unknown[]
                      ? { [I in keyof T]: Sendable<T[I]> }
                      : T extends object
                        ? { [K in keyof T]: K extends symbol ? never : Sendable<T[K]> }
                        : never;
