/**
 * Compile-time tests of `Sendable<T>`: `npm run typecheck` fails if a line
 * marked @ts-expect-error compiles, or if an accepted message does not.
 */
import type plugin from '../../src/index';

type Sendable<T> = plugin.Sendable<T>;

declare function send<T>(message: T & Sendable<T>): void;
declare const bytes: Uint8Array;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any must pass through Sendable
declare const anything: any;
declare const unknownValue: unknown;

interface Tree {
  value: number;
  children: Tree[];
}
declare const tree: Tree;

class Point {
  x = 0;
  get length(): number {
    return this.x;
  }
}
class Vec2 {
  constructor(public x: number) {}
  scale(): Vec2 {
    return this;
  }
}

// Accepted: plain data, the cloneable built-ins, collections of them, recursive types, any and unknown.
send({ id: 1, tags: ['a'], at: new Date(), bytes, nested: { ok: true, none: null }, big: 1n });
send(new Map([[1, { name: 'a' }]]));
send(new Set([new Date()]));
send([1, 'two', [3]] as const);
send(tree);
send(anything);
send(unknownValue);
send(new Point()); // getters are read, not lost

// Rejected: functions, methods, class instances with methods, promises, weak collections, symbols.
// @ts-expect-error a function
send({ onDone: () => {} });
// @ts-expect-error a method of an object literal
send({ format() { return ''; } });
// @ts-expect-error an instance of a class with methods
send(new Vec2(1));
// @ts-expect-error a Promise
send({ pending: Promise.resolve(1) });
// @ts-expect-error a WeakMap
send({ cache: new WeakMap<object, number>() });
// @ts-expect-error a symbol
send(Symbol('id'));
// @ts-expect-error a function inside an array inside a Map
send(new Map([[1, [() => 1]]]));
