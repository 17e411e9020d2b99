/**
 * `Sendable<T>`: T itself when every part of it survives `postMessage`
 * (structured clone) intact, `never` otherwise, so that
 *
 * ```ts
 * function send<T>(message: T & Sendable<T>) { worker.postMessage(message); }
 * ```
 *
 * rejects a message type with functions, symbols, promises, weak collections
 * or class instances with methods, at compile time.
 */

type Primitive = string | number | boolean | bigint | null | undefined;

/** Values the structured clone algorithm copies as they are. */
type Cloneable =
  | Primitive
  | Date
  | RegExp
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | Error;

type SendableObject<T> = {
  [K in keyof T]: K extends symbol ? never : T[K] extends (...args: never[]) => unknown ? never : Sendable<T[K]>;
};

// A value is sendable when it is a cloneable leaf, a collection of sendable values, or a plain object of them.
export type Sendable<T> = T extends Cloneable
  ? T
  : T extends (...args: never[]) => unknown
    ? never
    : T extends symbol
      ? never
      : T extends Promise<unknown> | WeakMap<object, unknown> | WeakSet<object> | WeakRef<object>
        ? never
        : T extends ReadonlyMap<infer K, infer V>
          ? Map<Sendable<K>, Sendable<V>>
          : T extends ReadonlySet<infer V>
            ? Set<Sendable<V>>
            : T extends ReadonlyArray<infer V>
              ? ReadonlyArray<Sendable<V>>
              : T extends object
                ? SendableObject<T>
                : never;
