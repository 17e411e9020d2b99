import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-use-after-transfer';
import { typedLanguageOptions } from '../typed';

const ruleTester = new RuleTester();

/** The source with one line edited: the expected output of a suggestion. */
function edited(code: string, line: number, from: string, to: string): string {
  const lines = code.split('\n');
  lines[line - 1] = lines[line - 1]!.replace(from, to);
  return lines.join('\n');
}

const apiCode = `
import { Worker as NodeWorker, parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { transfer } from 'comlink';
import Piscina from 'piscina';
import { Transfer } from 'threads';
import workerpool from 'workerpool';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { FFmpeg } from '@ffmpeg/ffmpeg';

function a(buf) { new NodeWorker('./w.js', { workerData: { buf }, transferList: [buf] }); buf.byteLength; }
function b(msg) { parentPort.postMessage(msg, [msg.payload]); msg.payload.byteLength; }
async function c(api, data) { await api.process(Comlink.transfer(data, [data.buffer])); data[0]; }
async function d(api, data) { await api.process(transfer(data, [data.buffer])); data[0]; }
async function e(pool, buf) { await pool.run(Piscina.move(buf)); buf.byteLength; }
async function f(pool, buf) { await pool.run({ buf }, { transferList: [buf] }); buf.byteLength; }
async function g(thread, buf) { await thread.work(Transfer(buf)); buf.byteLength; }
async function h(buf) { await workerpool.pool().exec('f', [buf], { transfer: [buf] }); buf.byteLength; }
function i(target, buf) { target.postMessage({ buf }, '*', [buf]); buf.byteLength; }
function j(buf) { structuredClone(buf, { transfer: [buf] }); buf.byteLength; }
function k() { const buf = new ArrayBuffer(8); const moved = buf.transfer(); buf.byteLength; return moved; }
function l(buf) { buf.transferToFixedLength(); buf.byteLength; }
async function m(bytes) { await getDocument({ data: bytes }).promise; bytes.length; }
async function n(bytes) { const ffmpeg = new FFmpeg(); await ffmpeg.writeFile('in.mp4', bytes); bytes.length; }
async function o(thread, payload, buf) { await thread.work(Transfer(payload, [buf])); buf.byteLength; }
function p(buf) { workerpool.worker({ run: () => new workerpool.Transfer(buf, [buf]) }); }
`;

const apiSuggestions: Record<
  number,
  Array<{ messageId: 'copyInsteadOfTransfer' | 'copyInsteadOfMove' | 'sliceInsteadOfTransfer'; data: Record<string, string>; output: string }>
> = {
  13: [{ messageId: 'copyInsteadOfTransfer', data: { name: 'data' }, output: edited(apiCode, 13, '[data.buffer]', '[]') }],
  14: [{ messageId: 'copyInsteadOfTransfer', data: { name: 'data' }, output: edited(apiCode, 14, '[data.buffer]', '[]') }],
  15: [{ messageId: 'copyInsteadOfMove', data: { name: 'buf' }, output: edited(apiCode, 15, 'Piscina.move(buf)', 'buf') }],
  17: [{ messageId: 'copyInsteadOfMove', data: { name: 'buf' }, output: edited(apiCode, 17, 'Transfer(buf)', 'buf') }],
  21: [{ messageId: 'sliceInsteadOfTransfer', data: { name: 'buf' }, output: edited(apiCode, 21, 'buf.transfer()', 'buf.slice(0)') }],
  22: [{ messageId: 'sliceInsteadOfTransfer', data: { name: 'buf' }, output: edited(apiCode, 22, 'buf.transferToFixedLength()', 'buf.slice(0)') }],
};

/** The message data of a use after a transfer, with the defaults most cases share. */
function moved(name: string, line: number, via: string, extra: Record<string, string> = {}): Record<string, string> {
  return { name, moved: 'was transferred', line: String(line), via: via.startsWith('`') ? via : `\`${via}\``, state: 'detached', ...extra };
}

function mayHaveMoved(name: string, line: number, via: string, extra: Record<string, string> = {}): Record<string, string> {
  return moved(name, line, via, { moved: 'may have been transferred', ...extra });
}

ruleTester.run('no-use-after-transfer', rule, {
  valid: [
    // Issue #9: a lock check through a member path (`ts.readable.locked`) is not a use of the moved stream.
    `
export function send(worker) {
  const ts = new TransformStream();
  worker.postMessage(ts.readable, [ts.readable]);
  if (ts.readable.locked) console.log('moved');
  return ts.writable;
}
`,
    // Issue #9: Node's transferableAbortSignal() in a transfer list is cloned, not moved: the signal stays usable.
    `
import { Worker } from 'node:worker_threads';
import { transferableAbortSignal } from 'node:util';
export function run(file) {
  const controller = new AbortController();
  const signal = transferableAbortSignal(controller.signal);
  const worker = new Worker(file, { workerData: { signal }, transferList: [signal] });
  signal.addEventListener('abort', () => worker.terminate());
  return () => controller.abort();
}
`,
    // Reassigned before the next use: the old buffer moved, the new one is ours.
    `
let frame = new ArrayBuffer(8);
worker.postMessage(frame, [frame]);
frame = new ArrayBuffer(8);
frame.byteLength;
`,
    // A detach check guards the use on both edges.
    `
let frame = new ArrayBuffer(8);
function render(worker) {
  if (frame.detached) frame = new ArrayBuffer(8);
  worker.postMessage(frame, [frame]);
}
`,
    `
function send(worker, frame) {
  worker.postMessage(frame, [frame]);
  if (frame.byteLength === 0) return;
  frame.byteLength;
}
`,
    `
function send(worker, frame) {
  worker.postMessage(frame, [frame]);
  if (!frame.detached) console.log(frame.byteLength);
}
`,
    // Identity-only uses behave the same after a transfer.
    `
function send(worker, frame, other) {
  worker.postMessage(frame, [frame]);
  if (frame) console.log(typeof frame, frame === other, frame instanceof ArrayBuffer, !frame);
}
`,
    // Closing a moved port is a harmless no-op (the usual cleanup in a finally).
    `
function hand(worker) {
  const { port1, port2 } = new MessageChannel();
  try {
    worker.postMessage({ port: port2 }, [port2]);
  } finally {
    port2.close();
  }
  return port1;
}
`,
    // A copy is transferred; the original stays.
    `
const frame = new ArrayBuffer(8);
const copy = frame.slice(0);
worker.postMessage(copy, [copy]);
frame.byteLength;
`,
    // Cloned, not transferred.
    `
const frame = new ArrayBuffer(8);
worker.postMessage(frame);
frame.byteLength;
`,
    // The transfer is the last use.
    `
function send(worker) {
  const frame = new ArrayBuffer(8);
  new Uint8Array(frame).fill(1);
  worker.postMessage(frame, [frame]);
}
`,
    // The use is on the other branch, or after a return.
    `
function send(worker, frame, fast) {
  if (fast) {
    worker.postMessage(frame, [frame]);
    return;
  } else {
    frame.byteLength;
  }
  frame.byteLength;
}
`,
    // A fresh buffer every iteration.
    `
function pump(worker) {
  for (let i = 0; i < 10; i++) {
    const buffer = new ArrayBuffer(1024);
    worker.postMessage(buffer, [buffer]);
  }
}
`,
    `
function pump(worker, frames) {
  for (const frame of frames) worker.postMessage(frame, [frame]);
}
`,
    `
function pump(worker) {
  let buffer = new ArrayBuffer(8);
  while (true) {
    worker.postMessage(buffer, [buffer]);
    buffer = new ArrayBuffer(8);
  }
}
`,
    // Functions defined before the transfer and not called after it.
    `
function send(worker, frame) {
  const log = () => console.log(frame.byteLength);
  function describe() { return frame.byteLength; }
  log();
  worker.postMessage(frame, [frame]);
}
`,
    // A closure created after the transfer that assigns before it reads (the ping-pong pattern).
    `
let frame = new ArrayBuffer(8);
worker.postMessage(frame, [frame]);
worker.onmessage = (event) => {
  frame = event.data;
  draw(frame);
};
`,
    // postMessage whose second argument is a target origin, not a transfer list.
    `
function notify(client, buf) {
  client.postMessage(buf, '*');
  return buf.byteLength;
}
`,
    `
function notify(client, buf, origin) {
  client.postMessage(buf, \`https://\${origin}\`);
  return buf.byteLength;
}
`,
    // A method named `transfer` on something that is not an ArrayBuffer.
    `
function pay(account, amount) {
  account.transfer(amount);
  return account.balance;
}
`,
    // `run` of something that is not a worker pool, without a transfer list.
    `
function go(runner, task) {
  runner.run(task, { timeout: 10 });
  return task.length;
}
`,
    // A member path reassigned by a method of the same class.
    `
class Renderer {
  send() {
    this.worker.postMessage(this.frame, [this.frame]);
    this.reset();
    this.frame.byteLength;
  }
  reset() { this.frame = new ArrayBuffer(8); }
}
`,
    // Another member path of the same object.
    `
function send(worker, msg) {
  worker.postMessage(msg, [msg.payload]);
  return msg.type;
}
`,
    // A pooled Buffer is fine to transfer when a copy is made first, or when it is big enough to have its own memory.
    `
import { parentPort } from 'node:worker_threads';
const encoded = Buffer.from('hello');
const copy = new Uint8Array(encoded);
parentPort.postMessage(copy, [copy.buffer]);
const big = Buffer.allocUnsafe(65536);
parentPort.postMessage(big, [big.buffer]);
`,
    // Tests that assert the detach; shared memory, which a transfer never detaches.
    `
async function check(pool, assert, expect) {
  const ab = new ArrayBuffer(40);
  await pool.run({ ab }, { transferList: [ab] });
  assert.strictEqual(ab.byteLength, 0);
  expect(ab.byteLength).toBe(0);
  const data = new Uint8Array(new SharedArrayBuffer(4));
  worker.postMessage(data, [data.buffer]);
  return data.length;
}
`,
    // A throw from the transfer itself reaches the catch before anything moved.
    `
function send(worker, buf) {
  try {
    worker.postMessage(buf, [buf]);
  } catch (error) {
    console.error(error, buf.byteLength);
  }
}
`,
    // An alias made from a member path after that path was assigned a new buffer.
    `
function refill(worker, msg) {
  worker.postMessage(msg, [msg.payload]);
  msg.payload = new ArrayBuffer(8);
  const { payload } = msg;
  return payload.byteLength;
}
`,
    // A library postMessage confirmed by types to be something else is ignored (without types it is trusted).
    `
class Bus { postMessage(message: unknown, tags: string[]) {} }
const bus = new Bus();
const tags = ['a'];
bus.postMessage('x', tags);
tags.length;
`,
    // Detach and lock checks through a member path: a view's buffer is detached with the view, a stream pair's half is locked with it.
    `
function size(worker) {
  const view = new Uint8Array(8);
  worker.postMessage(view, [view.buffer]);
  if (view.buffer.byteLength === 0) return 0;
  return view[0];
}
`,
    // Identity and type checks read no contents: they answer the same for a detached buffer.
    `
export function kinds(worker, buf, view) {
  worker.postMessage({ buf, view }, [buf, view.buffer]);
  return [Object.getPrototypeOf(buf) === ArrayBuffer.prototype, ArrayBuffer.isView(view), Object.is(buf, view.buffer)];
}
`,
    // A transfer list with an entry the platform refuses (the sending port, a view, null) makes the call throw: nothing moves.
    `
export function send(port, buf) {
  port.postMessage(buf, [buf, null]);
  return buf.byteLength;
}
`,
    // Wrappers that do not post their parameter as it came: a copy of each entry, a list reassigned first, and a
    // recursive wrapper that never posts.
    `
function copying(worker, msg, list) {
  worker.postMessage(msg, list.map((b) => b.slice(0)));
}
function reassigned(worker, msg, list) {
  list = [];
  worker.postMessage(msg, list);
}
function loop(worker, msg, list) {
  if (msg) loop(worker, msg, list);
}
export function f(worker, buf) {
  copying(worker, { buf }, [buf]);
  reassigned(worker, { buf }, [buf]);
  loop(worker, { buf }, [buf]);
  return buf.byteLength;
}
`,
    // The same for a list with a hole, a Blob, or a value marked untransferable: the call throws, the buffer stays.
    `
import { markAsUntransferable, MessageChannel } from 'node:worker_threads';
const { port1 } = new MessageChannel();
const other = new MessageChannel();
const bytes = new ArrayBuffer(8);
port1.postMessage(bytes, [bytes, , other.port2]);
const note = new Blob(['n']);
port1.postMessage({ bytes, note }, [bytes, note]);
const pooled = new ArrayBuffer(8);
markAsUntransferable(pooled);
port1.postMessage({ bytes, pooled }, [bytes, pooled]);
new Uint8Array(bytes).fill(1);
`,
  ],
  invalid: [
    {
      // A class merged with an interface of the same name (two definitions of one variable), and a class expression
      // bound to a const: their methods are followed too.
      code: `
const worker = new Worker(new URL('./w.js', import.meta.url));
interface Pool { readonly size?: number }
class Pool { run(buf: ArrayBuffer) { worker.postMessage(buf, [buf]); } }
const Later = class { run(buf: ArrayBuffer) { worker.postMessage(buf, [buf]); } };
export function a() { const buf = new ArrayBuffer(8); new Pool().run(buf); return buf.byteLength; }
export function b() { const buf = new ArrayBuffer(8); new Later().run(buf); return buf.byteLength; }
`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 6, '`run` (`worker.postMessage` at line 4)', { state: 'detached (zero length)' }),
          line: 6,
          column: 83,
          endLine: 6,
          endColumn: 86,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'run' },
              output: `
const worker = new Worker(new URL('./w.js', import.meta.url));
interface Pool { readonly size?: number }
class Pool { run(buf: ArrayBuffer) { worker.postMessage(buf, [buf]); } }
const Later = class { run(buf: ArrayBuffer) { worker.postMessage(buf, [buf]); } };
export function a() { const buf = new ArrayBuffer(8); new Pool().run(buf.slice()); return buf.byteLength; }
export function b() { const buf = new ArrayBuffer(8); new Later().run(buf); return buf.byteLength; }
`,
            },
          ],
        },
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 7, '`run` (`worker.postMessage` at line 5)', { state: 'detached (zero length)' }),
          line: 7,
          column: 84,
          endLine: 7,
          endColumn: 87,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'run' },
              output: `
const worker = new Worker(new URL('./w.js', import.meta.url));
interface Pool { readonly size?: number }
class Pool { run(buf: ArrayBuffer) { worker.postMessage(buf, [buf]); } }
const Later = class { run(buf: ArrayBuffer) { worker.postMessage(buf, [buf]); } };
export function a() { const buf = new ArrayBuffer(8); new Pool().run(buf); return buf.byteLength; }
export function b() { const buf = new ArrayBuffer(8); new Later().run(buf.slice()); return buf.byteLength; }
`,
            },
          ],
        },
      ],
    },
    {
      // A method of a class of this file, called on an instance the file creates (a const, or a field set once):
      // the method's summary applies, as for a function.
      code: `
const worker = new Worker(new URL('./w.js', import.meta.url));
class Pool {
  run(buf) { worker.postMessage(buf, [buf]); }
  copy(buf) { worker.postMessage(buf); }
}
const pool = new Pool();
export function a() { const buf = new ArrayBuffer(8); pool.copy(buf); pool.run(buf); return buf.byteLength; }
export class Uploader {
  constructor() { this.pool = new Pool(); }
  upload() { const buf = new ArrayBuffer(8); this.pool.run(buf); return buf.byteLength; }
}
`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 8, '`run` (`worker.postMessage` at line 4)', { state: 'detached (zero length)' }),
          line: 8,
          column: 93,
          endLine: 8,
          endColumn: 96,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'run' },
              output: `
const worker = new Worker(new URL('./w.js', import.meta.url));
class Pool {
  run(buf) { worker.postMessage(buf, [buf]); }
  copy(buf) { worker.postMessage(buf); }
}
const pool = new Pool();
export function a() { const buf = new ArrayBuffer(8); pool.copy(buf); pool.run(buf.slice()); return buf.byteLength; }
export class Uploader {
  constructor() { this.pool = new Pool(); }
  upload() { const buf = new ArrayBuffer(8); this.pool.run(buf); return buf.byteLength; }
}
`,
            },
          ],
        },
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 11, '`run` (`worker.postMessage` at line 4)', { state: 'detached (zero length)' }),
          line: 11,
          column: 73,
          endLine: 11,
          endColumn: 76,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'run' },
              output: `
const worker = new Worker(new URL('./w.js', import.meta.url));
class Pool {
  run(buf) { worker.postMessage(buf, [buf]); }
  copy(buf) { worker.postMessage(buf); }
}
const pool = new Pool();
export function a() { const buf = new ArrayBuffer(8); pool.copy(buf); pool.run(buf); return buf.byteLength; }
export class Uploader {
  constructor() { this.pool = new Pool(); }
  upload() { const buf = new ArrayBuffer(8); this.pool.run(buf.slice()); return buf.byteLength; }
}
`,
            },
          ],
        },
      ],
    },
    {
      // A wrapper of this file posts its parameter as the transfer list (directly, in \`{ transfer }\`, or through
      // another wrapper): its call moves what the argument lists.
      code: `
function send(worker, msg, transfer) {
  worker.postMessage(msg, { transfer });
}
function relay(worker, msg, list) {
  send(worker, msg, list);
}
export function direct(worker, buf) {
  send(worker, { buf }, [buf]);
  return buf.byteLength;
}
export function chained(worker, buf) {
  const list = [buf, buf];
  relay(worker, { buf }, list);
}
`,
      errors: [
        { messageId: 'useAfterTransfer', data: moved('buf', 9, 'send'), line: 10, column: 10, endLine: 10, endColumn: 13 },
        {
          messageId: 'transferAgain',
          data: { name: 'buf', moved: 'was transferred', line: '13', via: '`relay`' },
          line: 13,
          column: 22,
          endLine: 13,
          endColumn: 25,
        },
      ],
    },
    {
      // The same port twice in one list, before anything else moved: the second entry throws DataCloneError.
      code: `
export function f(port, other) {
  port.postMessage('duplicate', [other, other]);
}
`,
      errors: [
        {
          messageId: 'transferAgain',
          data: { name: 'other', moved: 'was transferred', line: '3', via: '`port.postMessage`' },
          line: 3,
          column: 41,
          endLine: 3,
          endColumn: 46,
        },
      ],
    },
    {
      // Near miss of an identity check: a call that reads the contents is a use.
      code: `
export function copy(worker, buf) {
  worker.postMessage(buf, [buf]);
  return Object.assign({}, buf);
}
`,
      errors: [{ messageId: 'useAfterTransfer', data: moved('buf', 3, 'worker.postMessage'), line: 4, column: 28, endLine: 4, endColumn: 31 }],
    },
    {
      // A read of the buffer's length that is not a detach check is a use.
      code: `
function size(worker) {
  const view = new Uint8Array(8);
  worker.postMessage(view, [view.buffer]);
  return view.buffer.byteLength;
}
`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('view', 4, 'worker.postMessage', { state: 'detached (zero length)' }),
          line: 5,
          column: 10,
          endLine: 5,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'copyInsteadOfTransfer',
              data: { name: 'view' },
              output: `
function size(worker) {
  const view = new Uint8Array(8);
  worker.postMessage(view, []);
  return view.buffer.byteLength;
}
`,
            },
          ],
        },
      ],
    },
    {
      // The basic case, with the suggestion to copy instead.
      code: `
const worker = new Worker('decoder.js');
const frame = new ArrayBuffer(1024);
worker.postMessage(frame, [frame]);
console.log(frame.byteLength);
`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('frame', 4, 'worker.postMessage', { state: 'detached (zero length)' }),
          line: 5,
          column: 13,
          endLine: 5,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'copyInsteadOfTransfer',
              data: { name: 'frame' },
              output: `
const worker = new Worker('decoder.js');
const frame = new ArrayBuffer(1024);
worker.postMessage(frame, []);
console.log(frame.byteLength);
`,
            },
          ],
        },
      ],
    },
    {
      // A typed array view moves with its buffer; the suggestion removes only that entry.
      code: `
const samples = new Float32Array(4096);
const header = new ArrayBuffer(16);
worker.postMessage({ header, samples }, [header, samples.buffer]);
samples[0] = 1;
`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('samples', 4, 'worker.postMessage', { state: 'detached (zero length)' }),
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 8,
          suggestions: [
            {
              messageId: 'copyInsteadOfTransfer',
              data: { name: 'samples' },
              output: `
const samples = new Float32Array(4096);
const header = new ArrayBuffer(16);
worker.postMessage({ header, samples }, [header]);
samples[0] = 1;
`,
            },
          ],
        },
      ],
    },
    {
      // Views and DataViews over a transferred buffer, and a copied reference.
      code: `
const buf = new ArrayBuffer(64);
const bytes = new Uint8Array(buf);
const view = new DataView(buf, 8);
const same = buf;
worker.postMessage(buf, [buf]);
bytes[0];
view.getInt32(0);
same.byteLength;
`,
      errors: [
        {
          messageId: 'aliasUseAfterTransfer' as const,
          data: moved('bytes', 6, 'worker.postMessage', { root: 'buf', state: 'detached (zero length)' }),
          line: 7,
          column: 1,
          endColumn: 6,
        },
        {
          messageId: 'aliasUseAfterTransfer' as const,
          data: moved('view', 6, 'worker.postMessage', { root: 'buf', state: 'detached (zero length)' }),
          line: 8,
          column: 1,
          endColumn: 5,
        },
        {
          messageId: 'aliasUseAfterTransfer' as const,
          data: moved('same', 6, 'worker.postMessage', { root: 'buf', state: 'detached (zero length)' }),
          line: 9,
          column: 1,
          endColumn: 5,
        },
      ].map((error) => ({
        ...error,
        suggestions: [
          {
            messageId: 'copyInsteadOfTransfer' as const,
            data: { name: 'buf' },
            output: `
const buf = new ArrayBuffer(64);
const bytes = new Uint8Array(buf);
const view = new DataView(buf, 8);
const same = buf;
worker.postMessage(buf, []);
bytes[0];
view.getInt32(0);
same.byteLength;
`,
          },
        ],
      })),
    },
    {
      // Destructured from, and stored into, an object: the member path is the same storage.
      code: `
function relay(worker, msg) {
  const { payload } = msg;
  worker.postMessage(msg, [msg.payload]);
  payload.byteLength;
}
function wrap(worker, buf) {
  const message = { kind: 'frame', data: buf };
  worker.postMessage(message, [buf]);
  message.data.byteLength;
}
`,
      errors: [
        {
          messageId: 'aliasUseAfterTransfer' as const,
          data: moved('payload', 4, 'worker.postMessage', { root: 'msg.payload' }),
          line: 5,
          column: 3,
          endColumn: 10,
        },
        {
          messageId: 'aliasUseAfterTransfer' as const,
          data: moved('message.data', 9, 'worker.postMessage', { root: 'buf' }),
          line: 10,
          column: 3,
          endColumn: 15,
        },
      ],
    },
    {
      // A member path of `this`, moved by a method of the same class.
      code: `
class Renderer {
  send() { this.worker.postMessage(this.frame, [this.frame]); }
  draw() {
    this.send();
    return this.frame.byteLength;
  }
}
`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('this.frame', 5, '`this.send` (`this.worker.postMessage` at line 3)'),
          line: 6,
          column: 12,
          endColumn: 22,
        },
      ],
    },
    {
      // A function of the file that transfers its parameter.
      code: `
function ship(worker, data) {
  worker.postMessage(data, [data]);
}
function main(worker) {
  const frame = new ArrayBuffer(8);
  ship(worker, frame);
  frame.byteLength;
}
`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('frame', 7, '`ship` (`worker.postMessage` at line 3)', { state: 'detached (zero length)' }),
          line: 8,
          column: 3,
          endColumn: 8,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'frame', callee: 'ship' },
              output: `
function ship(worker, data) {
  worker.postMessage(data, [data]);
}
function main(worker) {
  const frame = new ArrayBuffer(8);
  ship(worker, frame.slice());
  frame.byteLength;
}
`,
            },
          ],
        },
      ],
    },
    {
      // A function defined before the transfer and called after it; a closure created after it.
      code: `
function send(worker) {
  const frame = new ArrayBuffer(8);
  const report = () => frame.byteLength;
  worker.postMessage(frame, [frame]);
  report();
  setTimeout(() => console.log(frame.byteLength), 10);
}
`,
      errors: [
        {
          messageId: 'callUseAfterTransfer' as const,
          data: moved('frame', 5, 'worker.postMessage', { callee: 'report', readLine: '4', state: 'detached (zero length)' }),
          line: 6,
          column: 3,
          endColumn: 11,
        },
        {
          messageId: 'closureUseAfterTransfer' as const,
          data: moved('frame', 5, 'worker.postMessage', { createdLine: '7', state: 'detached (zero length)' }),
          line: 7,
          column: 32,
          endColumn: 37,
        },
      ].map((error) => ({
        ...error,
        suggestions: [
          {
            messageId: 'copyInsteadOfTransfer' as const,
            data: { name: 'frame' },
            output: `
function send(worker) {
  const frame = new ArrayBuffer(8);
  const report = () => frame.byteLength;
  worker.postMessage(frame, []);
  report();
  setTimeout(() => console.log(frame.byteLength), 10);
}
`,
          },
        ],
      })),
    },
    {
      // Transferred in a loop that does not create it: reported at the transfer.
      code: `
function pump(worker, buffer) {
  for (let i = 0; i < 10; i++) {
    worker.postMessage(buffer, [buffer]);
  }
}
`,
      errors: [{ messageId: 'transferInLoop', data: { name: 'buffer' }, line: 4, column: 33, endLine: 4, endColumn: 39 }],
    },
    {
      // A second transfer of the same value throws.
      code: `
function twice(port, buf) {
  port.postMessage(buf, { transfer: [buf] });
  port.postMessage(buf, { transfer: [buf] });
}
`,
      errors: [
        {
          messageId: 'transferAgain',
          data: { name: 'buf', moved: 'was transferred', line: '3', via: '`port.postMessage`' },
          line: 4,
          column: 38,
          endColumn: 41,
        },
      ],
    },
    {
      // A transfer on one branch: "may have been transferred" after the merge.
      code: `
function send(worker, data, compress) {
  const bytes = new Uint8Array(data);
  if (compress) {
    worker.postMessage({ bytes }, [bytes.buffer]);
  }
  return bytes.length;
}
`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: mayHaveMoved('bytes', 5, 'worker.postMessage', { state: 'detached (zero length)' }),
          line: 7,
          column: 10,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'copyInsteadOfTransfer',
              data: { name: 'bytes' },
              output: `
function send(worker, data, compress) {
  const bytes = new Uint8Array(data);
  if (compress) {
    worker.postMessage({ bytes }, []);
  }
  return bytes.length;
}
`,
            },
          ],
        },
      ],
    },
    {
      // With reportConditional: false, only definite uses are reported.
      code: `
function send(worker, data, compress) {
  if (compress) worker.postMessage(data, [data]);
  data.byteLength;
  worker.postMessage(data, [data]);
  data.byteLength;
}
`,
      options: [{ reportConditional: false, reportHeld: true }],
      errors: [{ messageId: 'useAfterTransfer', data: moved('data', 5, 'worker.postMessage'), line: 6, column: 3 }],
    },
    {
      // Short-circuit, optional chaining, switch, try/finally, labelled break, generators and async functions.
      code: `
async function flows(worker, buf, ok, n) {
  ok && worker.postMessage(buf, [buf]);
  buf.byteLength;
}
function chain(port, buf) {
  port?.postMessage(buf, [buf]);
  buf.byteLength;
}
function choose(buf, n) {
  switch (n) {
    case 1:
      postMessage(buf, [buf]);
      break;
    case 2:
      return;
    default:
      buf.byteLength;
  }
  buf.byteLength;
}
function cleanup(worker, buf) {
  try {
    worker.postMessage(buf, [buf]);
  } finally {
    console.log(buf.byteLength);
  }
}
function labelled(worker, buf) {
  outer: for (;;) {
    for (;;) {
      worker.postMessage(buf, [buf]);
      break outer;
    }
  }
  buf.byteLength;
}
function* produce(worker, buf) {
  worker.postMessage(buf, [buf]);
  yield 1;
  buf.byteLength;
}
async function later(worker, buf) {
  worker.postMessage(buf, [buf]);
  await Promise.resolve();
  buf.byteLength;
}
`,
      errors: [
        { messageId: 'useAfterTransfer', data: mayHaveMoved('buf', 3, 'worker.postMessage'), line: 4 },
        { messageId: 'useAfterTransfer', data: mayHaveMoved('buf', 7, 'port?.postMessage'), line: 8 },
        { messageId: 'useAfterTransfer', data: mayHaveMoved('buf', 13, 'postMessage'), line: 20 },
        { messageId: 'useAfterTransfer', data: mayHaveMoved('buf', 24, 'worker.postMessage'), line: 26 },
        { messageId: 'useAfterTransfer', data: moved('buf', 32, 'worker.postMessage'), line: 36 },
        { messageId: 'useAfterTransfer', data: moved('buf', 39, 'worker.postMessage'), line: 41 },
        { messageId: 'useAfterTransfer', data: moved('buf', 44, 'worker.postMessage'), line: 46 },
      ],
    },
    {
      // Every transfer API of the model.
      code: apiCode,
      errors: [
        { messageId: 'useAfterTransfer' as const, data: moved('buf', 11, 'new NodeWorker'), line: 11, column: 91 },
        { messageId: 'useAfterTransfer', data: moved('msg.payload', 12, 'parentPort.postMessage'), line: 12, column: 63 },
        { messageId: 'useAfterTransfer', data: moved('data', 13, 'Comlink.transfer'), line: 13, column: 89 },
        { messageId: 'useAfterTransfer', data: moved('data', 14, 'transfer'), line: 14, column: 81 },
        { messageId: 'useAfterTransfer', data: moved('buf', 15, 'Piscina.move'), line: 15, column: 66 },
        { messageId: 'useAfterTransfer', data: moved('buf', 16, 'pool.run'), line: 16, column: 81 },
        { messageId: 'useAfterTransfer', data: moved('buf', 17, 'Transfer'), line: 17, column: 67 },
        { messageId: 'useAfterTransfer', data: moved('buf', 18, 'workerpool.pool().exec'), line: 18, column: 88 },
        { messageId: 'useAfterTransfer', data: moved('buf', 19, 'target.postMessage'), line: 19, column: 68 },
        { messageId: 'useAfterTransfer', data: moved('buf', 20, 'structuredClone'), line: 20, column: 62 },
        { messageId: 'useAfterTransfer', data: moved('buf', 21, 'buf.transfer', { state: 'detached (zero length)' }), line: 21, column: 78 },
        { messageId: 'useAfterTransfer', data: moved('buf', 22, 'buf.transferToFixedLength'), line: 22, column: 48 },
        { messageId: 'useAfterTransfer', data: moved('bytes', 23, 'getDocument'), line: 23, column: 71 },
        { messageId: 'useAfterTransfer', data: moved('bytes', 24, 'ffmpeg.writeFile'), line: 24, column: 97 },
        { messageId: 'useAfterTransfer', data: moved('buf', 25, 'Transfer'), line: 25, column: 87 },
      ].map((error) => ({ ...error, messageId: 'useAfterTransfer' as const, suggestions: apiSuggestions[error.line] ?? null })),
    },
    {
      // The "copy instead" edits for a moved value marker and for ArrayBuffer#transfer.
      code: `
import Piscina from 'piscina';
async function e(pool, buf) { await pool.run(Piscina.move(buf)); buf.byteLength; }
function k() { const buf = new ArrayBuffer(8); const moved = buf.transfer(); buf.byteLength; return moved; }
`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          line: 3,
          suggestions: [
            {
              messageId: 'copyInsteadOfMove',
              data: { name: 'buf' },
              output: `
import Piscina from 'piscina';
async function e(pool, buf) { await pool.run(buf); buf.byteLength; }
function k() { const buf = new ArrayBuffer(8); const moved = buf.transfer(); buf.byteLength; return moved; }
`,
            },
          ],
        },
        {
          messageId: 'useAfterTransfer',
          line: 4,
          suggestions: [
            {
              messageId: 'sliceInsteadOfTransfer',
              data: { name: 'buf' },
              output: `
import Piscina from 'piscina';
async function e(pool, buf) { await pool.run(Piscina.move(buf)); buf.byteLength; }
function k() { const buf = new ArrayBuffer(8); const moved = buf.slice(0); buf.byteLength; return moved; }
`,
            },
          ],
        },
      ],
    },
    {
      // A transferred MessagePort: no copy suggestion (a port cannot be cloned).
      code: `
function connect(worker) {
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ port: port2 }, [port2]);
  port2.postMessage('hello');
  return port1;
}
`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('port2', 4, 'worker.postMessage', { state: 'a closed port (messages posted on it are dropped)' }),
          line: 5,
          column: 3,
          endColumn: 8,
          suggestions: null,
        },
      ],
    },
    {
      // E0507: the .buffer of a pooled Node Buffer, and of a partial view.
      code: `
import { parentPort } from 'node:worker_threads';
const encoded = Buffer.from(JSON.stringify({ ok: true }));
parentPort.postMessage(encoded, [encoded.buffer]);
function part(worker) {
  const whole = new Uint8Array(1024);
  const head = whole.subarray(0, 16);
  worker.postMessage(head, [head.buffer]);
  whole[0] = 1;
}
`,
      errors: [
        {
          messageId: 'transferPooledBuffer',
          data: { name: 'encoded', allocator: 'Buffer.from' },
          line: 4,
          column: 34,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'copyInsteadOfTransfer',
              data: { name: 'encoded' },
              output: `
import { parentPort } from 'node:worker_threads';
const encoded = Buffer.from(JSON.stringify({ ok: true }));
parentPort.postMessage(encoded, []);
function part(worker) {
  const whole = new Uint8Array(1024);
  const head = whole.subarray(0, 16);
  worker.postMessage(head, [head.buffer]);
  whole[0] = 1;
}
`,
            },
          ],
        },
        { messageId: 'transferPartialView', data: { name: 'head', used: 'whole', useLine: '9' }, line: 8, column: 29, endColumn: 40 },
      ],
    },
    {
      // An alias declared after the transfer starts out moved; a catch reached after the transfer sees it maybe moved.
      code: `
function relay(worker, msg) {
  worker.postMessage(msg, [msg.payload]);
  const { payload } = msg;
  return payload.byteLength;
}
function send(worker, buf) {
  try {
    worker.postMessage(buf, [buf]);
    log('sent');
  } catch (error) {
    console.error(error, buf.byteLength);
  }
}
function pipe(worker) {
  const { readable } = new TransformStream();
  worker.postMessage(readable, [readable]);
  return readable.getReader();
}
`,
      errors: [
        { messageId: 'aliasUseAfterTransfer', data: moved('payload', 3, 'worker.postMessage', { root: 'msg.payload' }), line: 5, column: 10, endColumn: 17 },
        { messageId: 'useAfterTransfer', data: mayHaveMoved('buf', 9, 'worker.postMessage'), line: 12, column: 26, endColumn: 29 },
        { messageId: 'useAfterTransfer', data: moved('readable', 17, 'worker.postMessage', { state: 'locked' }), line: 18, column: 10, endColumn: 18 },
      ],
    },
    {
      // pdf.js transfers what getDocument is given: the suggestion gives it a copy.
      code: `
import { getDocument } from 'pdfjs-dist';
async function open(bytes) {
  const copy = new Uint8Array(bytes);
  await getDocument({ data: copy }).promise;
  return copy.length;
}
`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('copy', 5, 'getDocument', { state: 'detached (zero length)' }),
          line: 6,
          column: 10,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'copy', callee: 'getDocument' },
              output: `
import { getDocument } from 'pdfjs-dist';
async function open(bytes) {
  const copy = new Uint8Array(bytes);
  await getDocument({ data: copy.slice() }).promise;
  return copy.length;
}
`,
            },
          ],
        },
      ],
    },
    {
      // A transfer helper declared in settings, by function and by method.
      code: `
import { uploadTexture } from './gpu';
function draw(queue, pixels, extra) {
  uploadTexture(pixels);
  pixels.byteLength;
  queue.enqueue({ extra }, [extra]);
  extra.byteLength;
}
`,
      settings: {
        fearless: {
          sends: [
            { function: 'uploadTexture', transfer: [{ arg: 0 }] },
            { method: 'enqueue', payload: { arg: 0 }, transfer: [{ arg: 1, list: true }] },
          ],
        },
      },
      errors: [
        { messageId: 'useAfterTransfer', data: moved('pixels', 4, 'uploadTexture'), line: 5 },
        { messageId: 'useAfterTransfer', data: moved('extra', 6, 'queue.enqueue'), line: 7, suggestions: null },
      ],
    },
    {
      // A parameter typed `ArrayBuffer`: with type information it is known to be a buffer, so it is detached
      // (zero length) and can be copied instead of transferred.
      code: `
declare const worker: Worker;
export function send(frame: ArrayBuffer) {
  worker.postMessage(frame, [frame]);
  return frame.byteLength;
}
`,
      languageOptions: typedLanguageOptions,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: { name: 'frame', moved: 'was transferred', line: '4', via: '`worker.postMessage`', state: 'detached (zero length)' },
          line: 5,
          column: 10,
          endLine: 5,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'copyInsteadOfTransfer',
              data: { name: 'frame' },
              output: `
declare const worker: Worker;
export function send(frame: ArrayBuffer) {
  worker.postMessage(frame, []);
  return frame.byteLength;
}
`,
            },
          ],
        },
      ],
    },
  ],
});
