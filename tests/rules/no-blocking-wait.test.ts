import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-blocking-wait';

const ruleTester = new RuleTester();

ruleTester.run('no-blocking-wait', rule, {
  valid: [
    // A dedicated worker's synchronous loop that blocks by design.
    `
import { workerData } from 'node:worker_threads';
const flags = new Int32Array(workerData.flags);
for (;;) {
  Atomics.wait(flags, 0, 0);
  Atomics.store(flags, 0, 0);
}
`,
    // Node's main thread waiting for a worker (synckit, esbuild's sync API): allowed by Node.
    `
import { Worker } from 'node:worker_threads';
const signal = new Int32Array(new SharedArrayBuffer(4));
new Worker('./w.js', { workerData: { signal } });
function runSync() {
  Atomics.wait(signal, 0, 0);
  return signal[0];
}
`,
    // Atomics.waitAsync never blocks, in an async function or a handler.
    `
const cell = new Int32Array(new SharedArrayBuffer(4));
async function next() {
  await Atomics.waitAsync(cell, 0, 0).value;
}
self.onmessage = () => Atomics.waitAsync(cell, 0, 0);
`,
    // An async function that blocks on a cell only another thread notifies (a pool task, a test that holds a worker busy).
    `
export async function holdBusy(pool) {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const task = pool.run({ cell });
  Atomics.wait(cell, 0, 0);
  return task;
}
`,
    // A worker's handler waiting on memory that came in the message: the other side notifies (synckit's worker shape).
    `
self.onmessage = (event) => {
  const cell = new Int32Array(event.data);
  Atomics.wait(cell, 0, 0);
};
`,
    // The notify in the waiting function itself is a handshake with the other thread, before this one sleeps.
    `
const cell = new Int32Array(new SharedArrayBuffer(8));
export async function roundTrip(worker) {
  worker.postMessage(cell);
  Atomics.store(cell, 0, 1);
  Atomics.notify(cell, 0);
  Atomics.wait(cell, 0, 1);
}
`,
    // One notifier runs in a handler, another in an exported function that any thread may call: the wake-up may come from there.
    `
const cell = new Int32Array(new SharedArrayBuffer(4));
port.onmessage = () => Atomics.notify(cell, 0);
export function wake() {
  Atomics.notify(cell, 0);
}
export function sleep() {
  Atomics.wait(cell, 0, 0);
}
`,
    // Two named slots of one table, and two named constants: a notify of the reply slot does not wake a wait on the request slot.
    `
const ids = { request: 0, reply: 1 };
const slots = new Int32Array(new SharedArrayBuffer(8));
port.onmessage = () => Atomics.notify(slots, ids.reply);
export function serve() {
  Atomics.wait(slots, ids.request, 0);
}
const READ = 0;
const WRITE = 1;
setTimeout(() => Atomics.notify(slots, WRITE), 10);
export function read() {
  Atomics.wait(slots, READ, 0);
}
`,
    // A plain write does not wake a wait without a timeout: the wake-up is another thread's notify.
    `
const cell = new Int32Array(new SharedArrayBuffer(4));
port.onmessage = () => Atomics.store(cell, 0, 1);
export function sleep() {
  Atomics.wait(cell, 0, 0);
}
`,
    // The waker is awaited before the wait: it has run by then.
    `
const ready = new Int32Array(new SharedArrayBuffer(4));
async function load() {
  await fetch('/data');
  Atomics.notify(ready, 0);
}
export async function start() {
  await load();
  Atomics.wait(ready, 0, 0);
}
`,
    // Atomics.Mutex.lock: who unlocks the mutex is not modeled, so only the main-thread check applies.
    `
import { parentPort } from 'node:worker_threads';
parentPort.on('message', function (m) {
  Atomics.Mutex.lock(m.mutex, () => {});
});
`,
    // A local named \`document\` is not the DOM.
    `
const document = { body: 1 };
document.body;
Atomics.wait(cell, 0, 0);
`,
    // \`typeof window\` probes (isomorphic code) are not evidence of the main thread.
    `
if (typeof window === 'undefined') Atomics.wait(cell, 0, 0);
`,
    // Isomorphic code: the DOM is read only after a \`typeof\` probe (Emscripten's stdin fallback shape).
    `
function readLine() {
  if (typeof window != 'undefined' && typeof window.prompt == 'function') return window.prompt('Input: ');
  return typeof document === 'object' ? document.title : '';
}
function sleep(cell, ms) {
  Atomics.wait(cell, 0, 0, ms);
}
`,
    // Environment flags set from a probe, \`'document' in globalThis\` and \`globalThis.window\` are probes too.
    `
var IS_PAGE = typeof window == 'object';
if (IS_PAGE) console.log(document.title);
const title = 'document' in globalThis ? document.title : '';
globalThis.window && window.focus();
function sleep(cell, ms) {
  Atomics.wait(cell, 0, 0, ms);
}
`,
    // Worker code shown by \`self.onmessage = f\` and by Node's \`parentPort\`: DOM reads elsewhere in the file are the page's part.
    `
const render = () => document.body.append('done');
self.onmessage = (event) => Atomics.wait(new Int32Array(event.data), 0, 0, 5);
`,
    `
import { parentPort } from 'node:worker_threads';
export const pageTitle = () => window.document.title;
export function sleep(cell) {
  Atomics.wait(cell, 0, 0, 5);
}
`,
    // A case that falls through into the notifying one runs both in one event: not a later message.
    `
const flags = new Int32Array(new SharedArrayBuffer(4));
port.on('message', (message) => {
  switch (message.kind) {
    case 'block':
      Atomics.wait(flags, 0, 0);
    case 'release':
      Atomics.notify(flags, 0);
  }
});
`,
    // One file for both threads: the notify is in the worker's branch, the wait in the main thread's.
    `
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
const view = new Int32Array(isMainThread ? new SharedArrayBuffer(4) : workerData);
if (isMainThread) {
  new Worker(new URL(import.meta.url), { workerData: view.buffer });
  Atomics.wait(view, 0, 0);
} else {
  parentPort.on('message', () => Atomics.notify(view, 0));
}
`,
    // A notify at module load runs before anything is scheduled: the wake-up need not come from the handler.
    `
const cell = new Int32Array(new SharedArrayBuffer(4));
Atomics.notify(cell, 0);
port.onmessage = () => Atomics.notify(cell, 0);
export function sleep() {
  Atomics.wait(cell, 0, 0);
}
`,
    // A bundle built for the page and its workers: the DOM read is in another function than the wait.
    `
var IN_WORKER = typeof importScripts == 'function';
const database = () => window.indexedDB.open('files');
function sleep(cell, ms) {
  Atomics.wait(cell, 0, 0, ms);
}
`,
    // settings.fearless.threads declares the file a worker: its DOM reads are not taken as main-thread evidence.
    {
      code: `
document.title = document.title + '!';
Atomics.wait(cell, 0, 0);
`,
      filename: 'src/workers/render.js',
      settings: { fearless: { threads: { main: ['src/**'], worker: ['src/workers/**'] } } },
    },
    // The options turn each check off.
    {
      code: `
document.title = 'x';
Atomics.wait(cell, 0, 0);
`,
      options: [{ checkMainThread: false, checkEventLoop: true }],
    },
    {
      code: `
const cell = new Int32Array(new SharedArrayBuffer(4));
port.onmessage = () => Atomics.notify(cell, 0);
async function f() { Atomics.wait(cell, 0, 0); }
`,
      options: [{ checkMainThread: true, checkEventLoop: false }],
    },
  ],
  invalid: [
    // Main-thread browser code: Atomics.wait throws TypeError there.
    {
      code: `
const worker = new Worker(new URL('./w.js', import.meta.url));
const cell = new Int32Array(new SharedArrayBuffer(4));
worker.postMessage(cell);
document.getElementById('go').onclick = () => {
  Atomics.wait(cell, 0, 0);
};
`,
      errors: [
        {
          messageId: 'onMainThread',
          data: { wait: 'Atomics.wait', alternative: 'Atomics.waitAsync', evidence: 'document', line: '5' },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 27,
        },
      ],
    },
    // window.addEventListener is main-thread evidence for a wait at top level of a later line.
    {
      code: `
window.addEventListener('load', start);
function start() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
}
`,
      errors: [{ messageId: 'onMainThread', line: 4, column: 3, endLine: 4, endColumn: 67 }],
    },
    // A file with worker code too: a DOM read in the waiting function itself still shows the wait runs on the page.
    {
      code: `
var IN_WORKER = typeof importScripts == 'function';
function waitForLayout(cell) {
  const height = document.body.clientHeight;
  Atomics.wait(cell, 0, 0);
  return height;
}
`,
      errors: [
        {
          messageId: 'onMainThread',
          data: { wait: 'Atomics.wait', alternative: 'Atomics.waitAsync', evidence: 'document', line: '4' },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 27,
        },
      ],
    },
    // settings.fearless.threads declares the file main-thread code, with nothing in its text to show it.
    {
      code: `
export function pause(cell) {
  Atomics.wait(cell, 0, 0, 16);
}
`,
      filename: 'src/ui/pause.js',
      settings: { fearless: { threads: { main: ['src/ui/**'] } } },
      errors: [
        {
          messageId: 'declaredMainThread',
          data: { wait: 'Atomics.wait', alternative: 'Atomics.waitAsync', pattern: 'src/ui/**' },
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 31,
        },
      ],
    },
    // A synchronous request whose reply arrives by message: the handler that would notify cannot run while the thread sleeps.
    {
      code: `
import { Worker } from 'node:worker_threads';
const flag = new Int32Array(new SharedArrayBuffer(4));
let reply;
const worker = new Worker('./lookup.js');
worker.on('message', (message) => {
  reply = message;
  Atomics.notify(flag, 0);
});
export function lookupSync(key) {
  worker.postMessage(key);
  Atomics.wait(flag, 0, 0);
  return reply;
}
`,
      errors: [
        {
          messageId: 'wokenOnThisThread',
          data: {
            wait: 'Atomics.wait',
            alternative: 'Atomics.waitAsync',
            cell: 'flag',
            change: 'is notified',
            waker: 'the `Atomics.notify`',
            wakerLine: '8',
            when: 'in the `message` handler registered at line 6',
            outcome: 'never returns',
          },
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 27,
        },
      ],
    },
    // In an async function, a timer callback of the same thread: the timed wait only times out. Suggest awaiting Atomics.waitAsync.
    {
      code: `
const cell = new Int32Array(new SharedArrayBuffer(4));
async function next() {
  setTimeout(() => Atomics.notify(cell, 0), 10);
  const result = Atomics.wait(cell, 0, 0, 100);
  return result;
}
`,
      errors: [
        {
          messageId: 'wokenOnThisThread',
          data: {
            wait: 'Atomics.wait',
            alternative: 'Atomics.waitAsync',
            cell: 'cell',
            change: 'changes',
            waker: 'the `Atomics.notify`',
            wakerLine: '4',
            when: 'in the `setTimeout` callback at line 4',
            outcome: 'only ever times out',
          },
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'useAwaitAsync',
              output: `
const cell = new Int32Array(new SharedArrayBuffer(4));
async function next() {
  setTimeout(() => Atomics.notify(cell, 0), 10);
  const result = await Atomics.waitAsync(cell, 0, 0, 100).value;
  return result;
}
`,
            },
          ],
        },
      ],
    },
    // A member of the result needs parentheses around the await.
    {
      code: `
const cell = new Int32Array(new SharedArrayBuffer(4));
port.addEventListener('message', () => Atomics.notify(cell, 0));
const run = async () => Atomics.wait(cell, 0, 0).length;
`,
      errors: [
        {
          messageId: 'wokenOnThisThread',
          line: 4,
          column: 25,
          endLine: 4,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'useAwaitAsync',
              output: `
const cell = new Int32Array(new SharedArrayBuffer(4));
port.addEventListener('message', () => Atomics.notify(cell, 0));
const run = async () => (await Atomics.waitAsync(cell, 0, 0).value).length;
`,
            },
          ],
        },
      ],
    },
    // A handler that waits for what a later message of the same handler delivers, through a helper.
    {
      code: `
const cell = new Int32Array(new SharedArrayBuffer(8));
function publish(value) {
  Atomics.store(cell, 1, value);
  Atomics.notify(cell, 0);
}
self.onmessage = (event) => {
  if (event.data.type === 'wait') {
    Atomics.wait(cell, 0, 0);
  } else {
    publish(event.data.value);
  }
};
`,
      errors: [
        {
          messageId: 'wokenOnThisThread',
          data: {
            wait: 'Atomics.wait',
            alternative: 'Atomics.waitAsync',
            cell: 'cell',
            change: 'is notified',
            waker: 'the `Atomics.notify`',
            wakerLine: '5',
            when: 'in `publish`, called on a later `message` event of the same handler',
            outcome: 'never returns',
          },
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 29,
        },
      ],
    },
    // The same handler's \`switch\`: a later message's case would notify; \`Infinity\` is no timeout.
    {
      code: `
const flags = new Int32Array(new SharedArrayBuffer(4));
port.on('message', (message) => {
  switch (message.kind) {
    case 'block':
      Atomics.wait(flags, 0, 0, Infinity);
      break;
    case 'release':
      Atomics.notify(flags, 0);
      break;
  }
});
`,
      errors: [
        {
          messageId: 'wokenOnThisThread',
          data: {
            wait: 'Atomics.wait',
            alternative: 'Atomics.waitAsync',
            cell: 'flags',
            change: 'is notified',
            waker: 'the `Atomics.notify`',
            wakerLine: '9',
            when: 'on a later `message` event of the same handler',
            outcome: 'never returns',
          },
          line: 6,
          column: 7,
          endLine: 6,
          endColumn: 42,
        },
      ],
    },
    // The only notify follows an await of an async function started at load: it runs in a later task of this thread.
    {
      code: `
const ready = new Int32Array(new SharedArrayBuffer(4));
async function init() {
  await loadWasm();
  Atomics.notify(ready, 0);
}
init();
export function callSync() {
  Atomics.wait(ready, 0, 0);
}
`,
      errors: [
        {
          messageId: 'wokenOnThisThread',
          data: {
            wait: 'Atomics.wait',
            alternative: 'Atomics.waitAsync',
            cell: 'ready',
            change: 'is notified',
            waker: 'the `Atomics.notify`',
            wakerLine: '5',
            when: 'after the `await` at line 4 of `init`',
            outcome: 'never returns',
          },
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 28,
        },
      ],
    },
    // A polling loop with a timeout, whose cell only a promise callback of this thread writes (through the buffer it views).
    {
      code: `
const buffer = new SharedArrayBuffer(4);
const state = new Int32Array(buffer);
fetch('/x').then(() => {
  new Int32Array(buffer)[0] = 1;
});
export function poll() {
  while (Atomics.load(state, 0) === 0) Atomics.wait(state, 0, 0, 50);
}
`,
      errors: [
        {
          messageId: 'wokenOnThisThread',
          data: {
            wait: 'Atomics.wait',
            alternative: 'Atomics.waitAsync',
            cell: 'state',
            change: 'changes',
            waker: 'the write to `new Int32Array(buffer)[0]`',
            wakerLine: '5',
            when: 'in the `.then` callback at line 4',
            outcome: 'only ever times out',
          },
          line: 8,
          column: 40,
          endLine: 8,
          endColumn: 69,
        },
      ],
    },
    // A handler registered by reference through \`bind\`, and Atomics.Condition.wait (no rewrite offered).
    {
      code: `
import { parentPort } from 'node:worker_threads';
const shared = { cond: new Atomics.Condition(), mutex: new Atomics.Mutex() };
function onResult(port) {
  Atomics.Condition.notify(shared.cond);
}
parentPort.on('message', onResult.bind(null, parentPort));
export async function waitResult() {
  Atomics.Condition.wait(shared.cond, shared.mutex);
}
`,
      errors: [
        {
          messageId: 'wokenOnThisThread',
          data: {
            wait: 'Atomics.Condition.wait',
            alternative: 'Atomics.Condition.waitAsync',
            cell: 'shared.cond',
            change: 'is notified',
            waker: 'the `Atomics.Condition.notify`',
            wakerLine: '5',
            when: 'in `onResult`, called in the `message` handler registered at line 7',
            outcome: 'never returns',
          },
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 52,
          suggestions: [],
        },
      ],
    },
  ],
});
