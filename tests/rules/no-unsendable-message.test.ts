import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-unsendable-message';
import { typedLanguageOptions } from '../typed';

const ruleTester = new RuleTester();

const throwsWhen = (subject: string): string => `DataCloneError when ${subject} is posted`;

ruleTester.run('no-unsendable-message', rule, {
  valid: [
    // Plain data, and the platform types the structured clone algorithm carries.
    `
const worker = new Worker('w.js');
worker.postMessage({ id: 1, at: new Date(), error: new Error('x'), seen: new Set([1]), map: new Map(), bytes: new Uint8Array(4), re: /x/ });
`,
    // A class without methods loses nothing but its prototype name.
    `
class Point { x = 0; y = 0; }
self.postMessage(new Point());
`,
    // A getter's value is what gets cloned.
    `
self.postMessage({ get total() { return 1; } });
`,
    // Awaited async calls are values.
    `
async function load() { return 1; }
async function send(port) {
  const { port1 } = new MessageChannel();
  port1.postMessage({ value: await load() });
}
`,
    // A library's postMessage on an unknown receiver: not known to clone.
    `
function notify(bus) {
  bus.postMessage({ onDone: () => {} });
}
`,
    // Ports in the message and in the transfer list; shared memory posted, not transferred.
    `
const worker = new Worker('w.js');
const { port1, port2 } = new MessageChannel();
worker.postMessage({ port: port2 }, [port2]);
const shared = new SharedArrayBuffer(64);
worker.postMessage({ shared });
port1.close();
`,
    // A Comlink callback wrapped in proxy.
    `
import { wrap, proxy } from 'comlink';
const api = wrap(new Worker('w.js'));
api.subscribe(proxy((value) => console.log(value)));
`,
    // Class instances accepted when the option is off.
    {
      code: `
class Vec2 { constructor(x, y) { this.x = x; this.y = y; } length() { return Math.hypot(this.x, this.y); } }
self.postMessage(new Vec2(1, 2));
`,
      options: [{ reportClassInstances: false, checkTypes: false }],
    },
    // Types: plain data types are fine, any stops the walk, recursion ends.
    {
      code: `
interface Tree { value: number; children: Tree[] }
declare const tree: Tree;
declare const anything: any;
declare const pairs: Map<string, number[]>;
self.postMessage({ tree, anything, pairs, optional: undefined as string | undefined });
`,
      options: [{ reportClassInstances: true, checkTypes: true }],
      languageOptions: typedLanguageOptions,
    },
    // What the platform carries: a URL's text, a listed FileHandle, a Map of plain values, window.postMessage of plain data.
    `
import { open } from 'node:fs/promises';
export async function lend(port, href) {
  const handle = await open('data.bin');
  port.postMessage({ href: new URL(href).href, handle, counts: new Map([['a', 1]]) }, [handle]);
  window.postMessage({ ready: true }, '*');
}
`,
    // A transfer list entry under a type assertion lists the value it wraps: `[handle as any]`, `[handle!]`.
    `
import { open } from 'node:fs/promises';
export async function lend(port, path) {
  const handle = await open(path);
  port.postMessage(handle, [handle as any]);
  port.postMessage({ handle }, { transfer: [handle!] });
}
`,
    // A library's postMessage with a second string argument that is not an origin: not known to clone.
    `
export function emit(bus) {
  bus.postMessage({ onDone: () => {} }, 'topic');
}
`,
  ],
  invalid: [
    {
      // A transfer list written out, even an empty one, is the platform's postMessage: the receiver need not be known.
      code: `
export function report(worker, id) {
  worker.postMessage({ id, onDone() {} }, []);
}
`,
      errors: [
        {
          messageId: 'unsendable',
          data: { path: 'message.onDone', what: 'a function', consequence: 'DataCloneError when the message is posted', send: 'worker.postMessage' },
          line: 3,
          column: 28,
          endLine: 3,
          endColumn: 39,
        },
      ],
    },
    {
      // window.postMessage by its receiver (a frame's contentWindow) and its target origin.
      code: `
export function ping(frame) {
  frame.contentWindow.postMessage({ reply: () => {} }, '*');
}
`,
      errors: [
        {
          messageId: 'unsendable',
          data: {
            path: 'message.reply',
            what: 'a function',
            consequence: 'DataCloneError when the message is posted',
            send: 'frame.contentWindow.postMessage',
          },
          line: 3,
          column: 44,
          endLine: 3,
          endColumn: 52,
        },
      ],
    },
    {
      // Web platform objects that are not serializable (browsers and Deno throw).
      code: `
export function open(port, href) {
  port.postMessage({ url: new URL(href), headers: new Headers() }, []);
}
`,
      errors: [
        {
          messageId: 'unsendable',
          data: { path: 'message.url', what: 'a URL', consequence: 'DataCloneError when the message is posted (send `url.href`)', send: 'port.postMessage' },
          line: 3,
          column: 27,
          endLine: 3,
          endColumn: 40,
        },
        {
          messageId: 'unsendable',
          data: { path: 'message.headers', what: 'a Headers object', consequence: 'DataCloneError when the message is posted', send: 'port.postMessage' },
          line: 3,
          column: 51,
          endLine: 3,
          endColumn: 64,
        },
      ],
    },
    {
      // A stream written inline in the message must be transferred.
      code: `
structuredClone({ body: new ReadableStream() });
`,
      errors: [
        {
          messageId: 'notTransferred',
          data: { name: 'new ReadableStream()', what: 'a ReadableStream', send: 'structuredClone' },
          line: 2,
          column: 25,
          endLine: 2,
          endColumn: 45,
        },
      ],
    },
    {
      // Stream classes imported from node:stream/web are the same streams.
      code: `
import { ReadableStream } from 'node:stream/web';
const source = new ReadableStream();
structuredClone({ source });
`,
      errors: [
        {
          messageId: 'notTransferred',
          data: { name: 'source', what: 'a ReadableStream', send: 'structuredClone' },
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 25,
        },
      ],
    },
    {
      // Platform objects read as values.
      code: `
export function snapshot(worker) {
  worker.postMessage({ page: document, agent: navigator }, []);
}
`,
      errors: [
        {
          messageId: 'unsendable',
          data: { path: 'message.page', what: 'the document', consequence: 'DataCloneError when the message is posted', send: 'worker.postMessage' },
          line: 3,
          column: 30,
          endLine: 3,
          endColumn: 38,
        },
        {
          messageId: 'unsendable',
          data: { path: 'message.agent', what: 'the navigator', consequence: 'DataCloneError when the message is posted', send: 'worker.postMessage' },
          line: 3,
          column: 47,
          endLine: 3,
          endColumn: 56,
        },
      ],
    },
    {
      // new Function(...) and fn.bind(...) are functions.
      code: `
export function run(worker, handler) {
  worker.postMessage({ f: new Function('return 1'), g: handler.bind(null) }, []);
}
`,
      errors: [
        {
          messageId: 'unsendable',
          data: { path: 'message.f', what: 'a function', consequence: 'DataCloneError when the message is posted', send: 'worker.postMessage' },
          line: 3,
          column: 27,
          endLine: 3,
          endColumn: 51,
        },
        {
          messageId: 'unsendable',
          data: { path: 'message.g', what: 'a function', consequence: 'DataCloneError when the message is posted', send: 'worker.postMessage' },
          line: 3,
          column: 56,
          endLine: 3,
          endColumn: 74,
        },
      ],
    },
    {
      // A whole MessageChannel posted as a value.
      code: `
const channel = new MessageChannel();
structuredClone({ channel });
`,
      errors: [
        {
          messageId: 'unsendableDefinedElsewhere',
          data: {
            path: 'message.channel',
            what: 'a MessageChannel',
            consequence: 'DataCloneError when the message is posted (post a port, and list it in the transfer list)',
            send: 'structuredClone',
            line: '2',
          },
          line: 3,
          column: 17,
          endLine: 3,
          endColumn: 28,
        },
      ],
    },
    {
      // A class whose constructor marks every instance uncloneable, and a marked object inside a Map.
      code: `
import { markAsUncloneable } from 'node:worker_threads';
class Handle {
  constructor() {
    markAsUncloneable(this);
  }
}
const token = {};
markAsUncloneable(token);
structuredClone({ handle: new Handle(), tokens: new Map([['a', token]]) });
`,
      errors: [
        {
          messageId: 'unsendable',
          data: {
            path: 'message.handle',
            what: 'marked uncloneable (`markAsUncloneable`)',
            consequence: 'DataCloneError when the message is posted',
            send: 'structuredClone',
          },
          line: 10,
          column: 27,
          endLine: 10,
          endColumn: 39,
        },
        {
          messageId: 'unsendable',
          data: {
            path: 'message.tokens<entry>',
            what: 'marked uncloneable (`markAsUncloneable`)',
            consequence: 'DataCloneError when the message is posted',
            send: 'structuredClone',
          },
          line: 10,
          column: 64,
          endLine: 10,
          endColumn: 69,
        },
      ],
    },
    {
      // Transfer-list entries the platform refuses: the sending port itself, and a view instead of its buffer.
      code: `
export function send(port) {
  const view = new Uint8Array(4);
  port.postMessage(view, [port, view]);
}
`,
      errors: [
        {
          messageId: 'cannotTransfer',
          data: {
            name: 'port',
            what: 'the port it is posted on (a port cannot carry itself: DataCloneError)',
            consequence: 'throws',
            send: 'port.postMessage',
          },
          line: 4,
          column: 27,
          endLine: 4,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'removeFromTransferList',
              data: { name: 'port' },
              output: `
export function send(port) {
  const view = new Uint8Array(4);
  port.postMessage(view, [view]);
}
`,
            },
          ],
        },
        {
          messageId: 'cannotTransfer',
          data: { name: 'view', what: 'a typed array view, not a transferable object (list its `.buffer`)', consequence: 'throws', send: 'port.postMessage' },
          line: 4,
          column: 33,
          endLine: 4,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'removeFromTransferList',
              data: { name: 'view' },
              output: `
export function send(port) {
  const view = new Uint8Array(4);
  port.postMessage(view, [port]);
}
`,
            },
          ],
        },
      ],
    },
    {
      // A type assertion on another entry does not list the handle.
      code: `
import { open } from 'node:fs/promises';
export async function lend(port, path, other) {
  const handle = await open(path);
  port.postMessage({ handle }, [other as any]);
}
`,
      errors: [
        {
          messageId: 'notTransferred',
          data: { name: 'handle', what: 'a FileHandle', send: 'port.postMessage' },
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'addToTransferList',
              data: { name: 'handle' },
              output: `
import { open } from 'node:fs/promises';
export async function lend(port, path, other) {
  const handle = await open(path);
  port.postMessage({ handle }, [other as any, handle]);
}
`,
            },
          ],
        },
      ],
    },
    {
      // A FileHandle posted without its transfer list entry.
      code: `
import { open } from 'node:fs/promises';
export async function lend(port, path) {
  const handle = await open(path);
  port.postMessage({ handle }, []);
}
`,
      errors: [
        {
          messageId: 'notTransferred',
          data: { name: 'handle', what: 'a FileHandle', send: 'port.postMessage' },
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'addToTransferList',
              data: { name: 'handle' },
              output: `
import { open } from 'node:fs/promises';
export async function lend(port, path) {
  const handle = await open(path);
  port.postMessage({ handle }, [handle]);
}
`,
            },
          ],
        },
      ],
    },
    {
      // A function in Node's workerData (nodejs/node#22736).
      code: `
import { Worker } from 'node:worker_threads';
new Worker('./task.js', { workerData: { limit: 3, log: (line) => console.log(line) } });
`,
      errors: [
        {
          messageId: 'unsendable',
          data: { path: 'workerData.log', what: 'a function', consequence: throwsWhen('`workerData`'), send: 'new Worker' },
          line: 3,
          column: 56,
          endLine: 3,
          endColumn: 83,
        },
      ],
    },
    {
      // Parts of a message defined elsewhere: reported at the send, naming the definition's line.
      code: `
class Vec2 {
  constructor(x, y) { this.x = x; this.y = y; }
  length() { return Math.hypot(this.x, this.y); }
}
async function load() { return 1; }
const job = { id: 1, onDone() {}, point: new Vec2(1, 2), key: Symbol('k'), pending: load(), cache: new WeakMap() };
const worker = new Worker('w.js');
worker.postMessage(job);
`,
      errors: [
        { path: 'job.onDone', what: 'a function', consequence: throwsWhen('`job`') },
        { path: 'job.point', what: 'an instance of class `Vec2`', consequence: 'it arrives as a plain object without its methods' },
        { path: 'job.key', what: 'a symbol', consequence: throwsWhen('`job`') },
        { path: 'job.pending', what: 'a Promise (the async call is not awaited)', consequence: throwsWhen('`job`') },
        { path: 'job.cache', what: 'a WeakMap', consequence: throwsWhen('`job`') },
      ].map((data) => ({
        messageId: 'unsendableDefinedElsewhere' as const,
        data: { ...data, line: '7', send: 'worker.postMessage' },
        line: 9,
        column: 20,
        endColumn: 23,
      })),
    },
    {
      // A `let` reassigned later: its first value is still a class instance with methods (GoogleChromeLabs/jsbi#50).
      code: `
class Viewport {
  constructor(scale) { this.scale = scale; }
  zoom(factor) { return new Viewport(this.scale / factor); }
}
const renderer = new Worker('render.js');
let viewport = new Viewport(1);
onwheel = () => { viewport = viewport.zoom(2); };
renderer.postMessage({ viewport });
`,
      errors: [
        {
          messageId: 'unsendableDefinedElsewhere',
          data: {
            path: 'message.viewport',
            what: 'an instance of class `Viewport`',
            consequence: 'it arrives as a plain object without its methods',
            send: 'renderer.postMessage',
            line: '7',
          },
          line: 9,
          column: 22,
          endColumn: 34,
        },
      ],
    },
    {
      // Framework reactive state is a Proxy (rancher/dashboard#11541).
      code: `
import { reactive } from 'vue';
const state = reactive({ rows: [] });
self.postMessage({ rows: state });
`,
      errors: [
        {
          messageId: 'unsendableDefinedElsewhere',
          data: {
            path: 'message.rows',
            what: 'a reactive Proxy',
            consequence: 'DataCloneError when the message is posted',
            send: 'self.postMessage',
            line: '3',
          },
          line: 4,
          column: 18,
        },
      ],
    },
    {
      // A reply callback in the envelope (postal.request-response#10), from a worker to its parent.
      code: `
import { parentPort } from 'node:worker_threads';
parentPort.postMessage({ topic: 'done', reply(answer) { return answer; } });
`,
      errors: [
        {
          messageId: 'unsendable',
          data: { path: 'message.reply', what: 'a function', consequence: throwsWhen('the message'), send: 'parentPort.postMessage' },
          line: 3,
          column: 41,
          endColumn: 73,
        },
      ],
    },
    {
      // `this` of a class with methods, posted from a method.
      code: `
class Job {
  constructor(worker) { this.worker = worker; }
  run() { self.postMessage(this); }
}
`,
      errors: [
        {
          messageId: 'unsendable',
          data: { path: 'this', what: 'an instance of class `Job`', consequence: 'it arrives as a plain object without its methods', send: 'self.postMessage' },
          line: 4,
          column: 28,
          endColumn: 32,
        },
      ],
    },
    {
      // A port in the message but not transferred, with and without a transfer list.
      code: `
const worker = new Worker('w.js');
const { port1, port2 } = new MessageChannel();
worker.postMessage({ reply: port2 });
const other = new MessageChannel();
worker.postMessage({ a: other.port1, b: other.port2 }, [other.port1]);
`,
      errors: [
        {
          messageId: 'notTransferred',
          data: { name: 'port2', what: 'a MessagePort', send: 'worker.postMessage' },
          line: 4,
          column: 29,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'addToTransferList',
              data: { name: 'port2' },
              output: `
const worker = new Worker('w.js');
const { port1, port2 } = new MessageChannel();
worker.postMessage({ reply: port2 }, [port2]);
const other = new MessageChannel();
worker.postMessage({ a: other.port1, b: other.port2 }, [other.port1]);
`,
            },
          ],
        },
        {
          messageId: 'notTransferred',
          data: { name: 'other.port2', what: 'a MessagePort', send: 'worker.postMessage' },
          line: 6,
          column: 41,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'addToTransferList',
              data: { name: 'other.port2' },
              output: `
const worker = new Worker('w.js');
const { port1, port2 } = new MessageChannel();
worker.postMessage({ reply: port2 });
const other = new MessageChannel();
worker.postMessage({ a: other.port1, b: other.port2 }, [other.port1, other.port2]);
`,
            },
          ],
        },
      ],
    },
    {
      // A wrapper of this file that posts its parameter as the transfer list: the list its call passes is checked.
      code: `
const shared = new SharedArrayBuffer(64);
function send(worker, msg, transfer) {
  worker.postMessage(msg, transfer);
}
export function share(worker) {
  send(worker, { shared }, [shared]);
}
`,
      errors: [
        {
          messageId: 'cannotTransfer',
          data: { name: 'shared', what: 'a SharedArrayBuffer (shared memory is shared, not moved)', send: 'send', consequence: 'throws' },
          line: 7,
          column: 29,
          endLine: 7,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'removeFromTransferList',
              data: { name: 'shared' },
              output: `
const shared = new SharedArrayBuffer(64);
function send(worker, msg, transfer) {
  worker.postMessage(msg, transfer);
}
export function share(worker) {
  send(worker, { shared }, []);
}
`,
            },
          ],
        },
      ],
    },
    {
      // Shared and non-detachable memory in a transfer list.
      code: `
const worker = new Worker('w.js');
const shared = new SharedArrayBuffer(64);
const counts = new Int32Array(shared);
worker.postMessage({ counts }, [counts.buffer]);
const memory = new WebAssembly.Memory({ initial: 1 });
worker.postMessage(memory.buffer, [memory.buffer]);
`,
      errors: [
        {
          messageId: 'cannotTransfer',
          data: { name: 'counts.buffer', what: 'a SharedArrayBuffer (shared memory is shared, not moved)', consequence: 'throws', send: 'worker.postMessage' },
          line: 5,
          column: 33,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'removeFromTransferList',
              data: { name: 'counts.buffer' },
              output: `
const worker = new Worker('w.js');
const shared = new SharedArrayBuffer(64);
const counts = new Int32Array(shared);
worker.postMessage({ counts }, []);
const memory = new WebAssembly.Memory({ initial: 1 });
worker.postMessage(memory.buffer, [memory.buffer]);
`,
            },
          ],
        },
        {
          messageId: 'cannotTransfer',
          data: { name: 'memory.buffer', what: "a WebAssembly memory's buffer (it cannot be detached)", consequence: 'throws', send: 'worker.postMessage' },
          line: 7,
          column: 36,
          suggestions: [
            {
              messageId: 'removeFromTransferList',
              data: { name: 'memory.buffer' },
              output: `
const worker = new Worker('w.js');
const shared = new SharedArrayBuffer(64);
const counts = new Int32Array(shared);
worker.postMessage({ counts }, [counts.buffer]);
const memory = new WebAssembly.Memory({ initial: 1 });
worker.postMessage(memory.buffer, []);
`,
            },
          ],
        },
      ],
    },
    {
      // A callback to a Comlink remote must be proxied; the suggestion wraps it.
      code: `
import * as Comlink from 'comlink';
const api = Comlink.wrap(new Worker('w.js'));
const onProgress = (done) => console.log(done);
api.render(scene, onProgress);
`,
      errors: [
        {
          messageId: 'comlinkCallback',
          data: { name: 'onProgress', send: 'api.render' },
          line: 5,
          column: 19,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'wrapInProxy',
              data: { proxy: 'Comlink.proxy', name: 'onProgress' },
              output: `
import * as Comlink from 'comlink';
const api = Comlink.wrap(new Worker('w.js'));
const onProgress = (done) => console.log(done);
api.render(scene, Comlink.proxy(onProgress));
`,
            },
          ],
        },
      ],
    },
    {
      // Types: the path to each part that cannot be cloned, through optional members, arrays and unions.
      code: `
class Vec2 { constructor(public x: number, public y: number) {} length() { return Math.hypot(this.x, this.y); } }
interface Job { id: number; onDone?: () => void; points: Vec2[]; pending: Promise<number> | null }
declare const job: Job;
self.postMessage(job);
`,
      options: [{ reportClassInstances: true, checkTypes: true }],
      languageOptions: typedLanguageOptions,
      errors: [
        { path: 'job.onDone', what: 'a function', consequence: throwsWhen('`job`') },
        { path: 'job.points[]', what: 'an instance of class `Vec2`', consequence: 'it arrives as a plain object without its methods' },
        { path: 'job.pending', what: 'a Promise', consequence: throwsWhen('`job`') },
      ].map((data) => ({ messageId: 'unsendable' as const, data: { ...data, send: 'self.postMessage' }, line: 5, column: 18, endColumn: 21 })),
    },
    {
      // A port in the message, and a transfer list written out empty (both forms): the suggestion fills the list.
      code: `
const { port1, port2 } = new MessageChannel();
const worker = new Worker('w.js');
worker.postMessage({ port: port2 }, []);
worker.postMessage({ port: port1 }, { transfer: [] });
`,
      errors: [
        {
          messageId: 'notTransferred',
          data: { name: 'port2', what: 'a MessagePort', send: 'worker.postMessage' },
          line: 4,
          column: 28,
          endLine: 4,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'addToTransferList',
              data: { name: 'port2' },
              output: `
const { port1, port2 } = new MessageChannel();
const worker = new Worker('w.js');
worker.postMessage({ port: port2 }, [port2]);
worker.postMessage({ port: port1 }, { transfer: [] });
`,
            },
          ],
        },
        {
          messageId: 'notTransferred',
          data: { name: 'port1', what: 'a MessagePort', send: 'worker.postMessage' },
          line: 5,
          column: 28,
          endLine: 5,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'addToTransferList',
              data: { name: 'port1' },
              output: `
const { port1, port2 } = new MessageChannel();
const worker = new Worker('w.js');
worker.postMessage({ port: port2 }, []);
worker.postMessage({ port: port1 }, { transfer: [port1] });
`,
            },
          ],
        },
      ],
    },
    {
      // Types and code together: one report per value, where the code shows it (the type walk adds only \`points[]\`,
      // which the code does not show, at its property); \`list[0]\` and the type's \`list[]\` are one value.
      code: `
class Vec2 { constructor(public x: number) {} length() { return this.x; } }
declare const worker: Worker;
declare const points: Vec2[];
worker.postMessage({ id: 1, onDone: () => {}, at: new Vec2(1), list: [new Vec2(2)], points, pending: fetch('x') });
const job = { cb() {}, p: new Vec2(3) };
worker.postMessage(job);
`,
      options: [{ reportClassInstances: true, checkTypes: true }],
      languageOptions: typedLanguageOptions,
      errors: [
        ...[
          { path: 'message.onDone', what: 'a function', consequence: throwsWhen('the message'), column: 37, endColumn: 45 },
          {
            path: 'message.at',
            what: 'an instance of class `Vec2`',
            consequence: 'it arrives as a plain object without its methods',
            column: 51,
            endColumn: 62,
          },
          {
            path: 'message.list[0]',
            what: 'an instance of class `Vec2`',
            consequence: 'it arrives as a plain object without its methods',
            column: 71,
            endColumn: 82,
          },
          {
            path: 'message.points[]',
            what: 'an instance of class `Vec2`',
            consequence: 'it arrives as a plain object without its methods',
            column: 85,
            endColumn: 91,
          },
          { path: 'message.pending', what: 'a Promise (the call is not awaited)', consequence: throwsWhen('the message'), column: 102, endColumn: 112 },
        ].map(({ column, endColumn, ...data }) => ({
          messageId: 'unsendable' as const,
          data: { ...data, send: 'worker.postMessage' },
          line: 5,
          column,
          endLine: 5,
          endColumn,
        })),
        ...[
          { path: 'job.cb', what: 'a function', consequence: throwsWhen('`job`') },
          { path: 'job.p', what: 'an instance of class `Vec2`', consequence: 'it arrives as a plain object without its methods' },
        ].map((data) => ({
          messageId: 'unsendableDefinedElsewhere' as const,
          data: { ...data, line: '6', send: 'worker.postMessage' },
          line: 7,
          column: 20,
          endLine: 7,
          endColumn: 23,
        })),
      ],
    },
  ],
});
