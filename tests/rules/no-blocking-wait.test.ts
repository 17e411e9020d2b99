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
    // A synchronous callback inside an async function runs wherever it is called.
    `
async function start(cell) {
  const waitForIt = () => Atomics.wait(cell, 0, 0);
  return waitForIt;
}
`,
    // A handler of another event (\`error\`) is not the message loop.
    `
self.addEventListener('error', () => Atomics.wait(cell, 0, 0));
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
    // In an async function: suggest awaiting Atomics.waitAsync.
    {
      code: `
const cell = new Int32Array(new SharedArrayBuffer(4));
async function next() {
  const result = Atomics.wait(cell, 0, 0, 100);
  return result;
}
`,
      errors: [
        {
          messageId: 'inAsyncFunction',
          data: { wait: 'Atomics.wait', alternative: 'Atomics.waitAsync', line: '3' },
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'useAwaitAsync',
              output: `
const cell = new Int32Array(new SharedArrayBuffer(4));
async function next() {
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
const run = async (cell) => Atomics.wait(cell, 0, 0).length;
`,
      errors: [
        {
          messageId: 'inAsyncFunction',
          line: 2,
          column: 29,
          endLine: 2,
          endColumn: 53,
          suggestions: [{ messageId: 'useAwaitAsync', output: `\nconst run = async (cell) => (await Atomics.waitAsync(cell, 0, 0).value).length;\n` }],
        },
      ],
    },
    // A worker's message handler: the loop that would deliver the next message is blocked.
    {
      code: `
self.onmessage = (event) => {
  const cell = new Int32Array(event.data);
  Atomics.wait(cell, 0, 0);
};
`,
      errors: [
        {
          messageId: 'inEventHandler',
          data: { wait: 'Atomics.wait', alternative: 'Atomics.waitAsync', line: '2', event: 'message' },
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 27,
        },
      ],
    },
    // Node's parentPort.on('message'), and Atomics.Mutex.lock / Atomics.Condition.wait (no rewrite offered).
    {
      code: `
import { parentPort } from 'node:worker_threads';
parentPort.on('message', function (m) {
  Atomics.Mutex.lock(m.mutex, () => {
    Atomics.Condition.wait(m.cond, m.mutex);
  });
});
async function later(m) {
  Atomics.Mutex.lock(m.mutex, () => {});
}
`,
      errors: [
        {
          messageId: 'inEventHandler',
          data: { wait: 'Atomics.Mutex.lock', alternative: 'Atomics.Mutex.lockAsync', line: '3', event: 'message' },
          line: 4,
          column: 3,
          endLine: 6,
          endColumn: 5,
        },
        {
          messageId: 'inAsyncFunction',
          data: { wait: 'Atomics.Mutex.lock', alternative: 'Atomics.Mutex.lockAsync', line: '8' },
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 40,
          suggestions: [],
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
  ],
});
