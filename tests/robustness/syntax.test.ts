/**
 * No rule may throw on valid code of any shape: a crash stops the whole lint
 * run. Every rule runs (with engine errors surfacing as throws, see
 * tests/setup.ts) over snippets that use as much syntax as we could think of,
 * mixed with the APIs of the model so that every analysis actually runs.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../lint';

const apis = `
import { Worker, MessageChannel as NodeChannel, BroadcastChannel as NodeBC, parentPort, workerData } from 'node:worker_threads';
import { Mutex, Semaphore, withTimeout, tryAcquire } from 'async-mutex';
import AwaitLock from 'await-lock';
import * as Comlink from 'comlink';
import Piscina from 'piscina';
const mutex = new Mutex();
const lock = new AwaitLock();
const sab = new SharedArrayBuffer(64);
const view = new Int32Array(sab);
const worker = new Worker('./w.js', { workerData: { view } });
`;

const javascript = `${apis}
label: for (const [a, { b = 1, ...rest } = {}] of [[1, {}]]) {
  if (a) continue label; else break label;
}
async function* gen(buf) {
  for await (const chunk of stream()) yield* chunk;
  const x = yield buf;
  worker.postMessage(buf, [buf]);
  try { return buf?.byteLength ?? 0; } catch { view[0]++; } finally { view[1] ||= 2; view[2] &&= 3; view[3] ??= 4; }
}
class Base { static #count = 0; #secret = 1; static { Base.#count++; } get value() { return this.#secret; } set value(v) { this.#secret = v; } }
class Derived extends Base {
  port = new MessageChannel().port1;
  constructor(...args) { super(...args); new.target; this.channel = new BroadcastChannel('x'); }
  async run() { const release = await mutex.acquire(); try { await this.save?.(); } finally { release(); } }
  [Symbol.iterator]() { return [][Symbol.iterator](); }
  static async *[\`dyn\${1}\`]() {}
}
const tagged = String.raw\`a\${view[0]}b\`;
const { port1, port2 } = new NodeChannel();
worker.postMessage({ port: port2, fn: () => 1, sym: Symbol('s'), nested: [{ deep: { deeper: new Derived() } }] }, [port2]);
port1.onmessage = (event) => { port1.close(); view[event.data]++; };
(async () => { await import('./lazy.js'); import.meta.url; })();
const api = Comlink.wrap(worker);
api.call(Comlink.proxy(() => {}), (x) => x, ...[1, 2]);
const pool = new Piscina({ filename: 'x' });
pool.run({ buf: Piscina.move(new ArrayBuffer(8)) }, { transferList: [] });
navigator.locks.request('a', { mode: 'shared', ifAvailable: true }, async (held) => held && (await navigator.locks.request('b', async () => {})));
Atomics.Mutex.lock(mutex, () => { view[0] = 1; });
switch (view[0]) { case 1: { let scoped = new BroadcastChannel('s'); break; } default: }
do { Atomics.wait(view, 0, 0); } while (view[0] === 0);
for (let i = 0, j = 10; i < j; i++, j--) if (i % 2) worker.postMessage(sab); else continue;
for (const key in view) view[key] = 0;
with_fallback: { const x = eval('1'); new Function('return 1')(); }
const arrow = async ({ a = mutex.runExclusive(() => 1) } = {}) => await a;
export default class {}
export { view as sharedView };
export * from './elsewhere.js';
queueMicrotask(() => parentPort?.postMessage(workerData, [workerData.buffer]));
new withTimeout(mutex, 10).acquire().then((release) => release());
tryAcquire(mutex).runExclusive(async () => { await lock.acquireAsync(); lock.release(); });
new Semaphore(2).acquire().then(([, release]) => release());
new NodeBC('x').unref();
function relay(target = port1, ...rest) { target.postMessage(rest, []); return structuredClone((rest[0] ?? (() => 1))()); }
relay(port2, ...[1, 2]);
relay(undefined, async function* () { yield 1; });
function each(visit, { depth } = {}) { visit?.(depth); visit(...[depth]); return (visit)(); }
each((row = 1, ...more) => port1.postMessage([row, ...more], [row]));
const holes = []; holes[-1] = port1; holes[1.5] = port2; holes[2 ** 60] = port1; holes['3'] = port2;
port1.postMessage('x', holes);
port1.postMessage('y', [, , ]);
port1.postMessage('z', \`\${'a'}\`);
port1.postMessage(new Blob([]).slice(), { transfer: [new File([], 'f'), port2] });
`;

const typescript = `${apis}
enum Color { Red, Green = 'g' }
const enum Flags { A = 1 << 0 }
declare module 'ambient' { export const x: number; }
namespace Space { export const inner = 1; }
abstract class Shape<T extends object = {}> implements Iterable<T> {
  abstract area(): number;
  private readonly items: T[] = [];
  constructor(public readonly name: string, protected port?: MessagePort) {}
  *[Symbol.iterator](): Iterator<T> { yield* this.items; }
  declare marker: unique symbol;
}
function overload(x: string): string;
function overload(x: number): number;
function overload(x: unknown): unknown { return x; }
type Mapped<T> = { readonly [K in keyof T as \`get\${string & K}\`]-?: () => T[K] };
const satisfied = { a: 1 } satisfies Record<string, number>;
const asserted = <ArrayBuffer>(sab as unknown);
const nonNull = view!.buffer!;
let definite!: string;
function assertsIsBuffer(value: unknown): asserts value is ArrayBuffer {}
export type { Mapped };
export = {};
const instantiation = Array<number>;
using disposable = { [Symbol.dispose]() {} };
await using asyncDisposable = { async [Symbol.asyncDispose]() {} };
class Decorated { @((target: unknown) => target) method() {} accessor field = 1; }
worker.postMessage(asserted as ArrayBuffer, [asserted as ArrayBuffer]);
(asserted as ArrayBuffer).byteLength;
`;

const jsx = `
import { Worker } from 'node:worker_threads';
const worker = new Worker('w.js');
export function View({ buf }: { buf: ArrayBuffer }) {
  worker.postMessage(buf, [buf]);
  return <div onClick={() => buf.byteLength} data-x={buf.byteLength}>{[1, 2].map((n) => <span key={n}>{n}</span>)}</div>;
}
`;

const sloppy = `
var worker = new Worker('w.js');
with (Math) { worker.postMessage(max(1, 2)); }
function f(a, a2) { arguments[0] = 1; delete worker.x; return this; }
octal: 010;
`;

/** Round trips under Web Locks (consistent-lock-order's checkRoundTrip), in shapes the classifier must survive. */
const roundTrips = `
const worker = new Worker(new URL(import.meta.url));
const [first, ...others] = [new SharedWorker(location.href), new Worker(document.currentScript?.src ?? '')];
const ask = (w = worker, { data } = {}) => new Promise(function (resolve, ...rest) { w.onmessage = resolve; w?.postMessage?.(data); });
const askTwice = async (w) => { w.postMessage(1); return await ask(w); };
navigator.locks.request('db', async ({ name } = {}) => {
  worker.postMessage(name);
  await ask(worker, ...others);
  await askTwice(worker);
  await new Promise((resolve) => { first.port[Symbol.iterator] = resolve; worker[\`on\${'message'}\`] = resolve; });
  await (async () => new Promise(resolve => (worker.onmessage = resolve)))();
  await new Promise();
  await new Promise(([resolve]) => resolve());
  for await (const reply of worker) await reply;
});
onmessage = async function (event) {
  label: { await navigator.locks.request('db', () => { postMessage(event); }); break label; }
};
onconnect = ({ ports: [port] }) => { port.onmessage = () => navigator.locks.request('db', () => port.postMessage(1)); };
addEventListener('message', undefined);
self.addEventListener(\`message\`, async () => navigator.locks.request(\`db\`, (lock) => lock && postMessage(lock)));
`;

describe('no rule throws on any shape of valid code', () => {
  it('JavaScript (modules, classes, generators, private members, static blocks, labels)', () => {
    const messages = lint(javascript, { filename: 'all.js' });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(messages.some((message) => message.ruleId?.startsWith('fearless/'))).toBe(true);
  });

  it('TypeScript (enums, namespaces, abstract classes, overloads, decorators, using, satisfies)', () => {
    const messages = lint(typescript, { filename: 'all.ts' });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
  });

  it('TSX', () => {
    const messages = lint(jsx, { filename: 'view.tsx', languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(messages.map((message) => message.ruleId)).toContain('fearless/no-use-after-transfer');
  });

  it('round trips under Web Locks (checkRoundTrip on)', () => {
    const rules = { 'consistent-lock-order': [{ order: [], checkArgumentOrder: true, checkRoundTrip: true }] };
    const messages = lint(roundTrips, { filename: 'round-trips.js', rules });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(messages.some((message) => message.messageId === 'heldAcrossRoundTrip')).toBe(true);
  });

  it('sloppy-mode scripts', () => {
    const messages = lint(sloppy, { filename: 'sloppy.js', languageOptions: { sourceType: 'script' } });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
  });

  it('empty and comment-only files', () => {
    expect(lint('', { filename: 'empty.js' })).toEqual([]);
    expect(lint('// postMessage Atomics Mutex lock MessageChannel\n', { filename: 'comment.js' })).toEqual([]);
  });
});
