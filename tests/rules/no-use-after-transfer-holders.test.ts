import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-use-after-transfer';

const ruleTester = new RuleTester();
const on = [{ reportConditional: true, reportHeld: true }] as const;

ruleTester.run('no-use-after-transfer (reportHeld)', rule, {
  valid: [
    // The holder got a copy.
    { code: `class C { send(worker, buf) { this.cache = buf.slice(0); worker.postMessage(buf, [buf]); } }`, options: on },
    // Dropped from the holder before the transfer.
    { code: `class C { send(worker, buf) { this.cache = buf; this.cache = null; worker.postMessage(buf, [buf]); } }`, options: on },
    {
      code: `const cache = new Map(); export function get(k) { return cache.get(k); }\nexport function send(worker, k, buf) { cache.set(k, buf); cache.delete(k); worker.postMessage(buf, [buf]); }`,
      options: on,
    },
    // Overwritten right after the transfer.
    { code: `class C { send(worker, buf) { this.cache = buf; worker.postMessage(buf, [buf]); this.cache = undefined; } }`, options: on },
    // A local holder, dead when the function returns.
    { code: `function send(worker, buf) { const seen = new Set(); seen.add(buf); worker.postMessage(buf, [buf]); }`, options: on },
    // Off by default.
    `class C { send(worker, buf) { this.cache = buf; worker.postMessage(buf, [buf]); } }`,
    // A field the class re-assigns when the worker hands it back (ping-pong).
    {
      code: `class P { constructor(w) { this.buf = new ArrayBuffer(8); w.onmessage = (e) => { this.buf = e.data; }; } send(w) { w.postMessage(this.buf, [this.buf]); } size() { return this.buf.byteLength; } }`,
      options: on,
    },
  ],
  invalid: [
    {
      code: `class C {\n  send(worker, buf) {\n    this.cache = buf;\n    worker.postMessage(buf, [buf]);\n  }\n}`,
      options: on,
      errors: [
        {
          messageId: 'transferHeld',
          data: { name: 'buf', holder: 'this.cache', stored: 'stored', line: '3', state: 'detached' },
          line: 4,
          column: 30,
          endLine: 4,
          endColumn: 33,
          suggestions: null,
        },
      ],
    },
    {
      code: `class Pool {\n  constructor(worker) { this.worker = worker; this.buf = new ArrayBuffer(64); }\n  send() { this.worker.postMessage(this.buf, [this.buf]); }\n  size() { return this.buf.byteLength; }\n}`,
      options: on,
      errors: [
        {
          messageId: 'transferHeldField',
          data: { name: 'this.buf', holder: 'this.buf', method: 'size', line: '4', state: 'detached' },
          line: 3,
          column: 47,
          endLine: 3,
          endColumn: 55,
        },
      ],
    },
    {
      code: `function send(worker) {\n  const buf = new ArrayBuffer(8);\n  setTimeout(() => console.log(buf.byteLength), 10);\n  worker.postMessage(buf, [buf]);\n}`,
      options: on,
      errors: [
        {
          messageId: 'transferHeldByCallback',
          data: { name: 'buf', holder: 'setTimeout', line: '3', state: 'detached (zero length)' },
          line: 4,
          column: 28,
          endLine: 4,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'copyInsteadOfTransfer',
              data: { name: 'buf' },
              output: `function send(worker) {\n  const buf = new ArrayBuffer(8);\n  setTimeout(() => console.log(buf.byteLength), 10);\n  worker.postMessage(buf, []);\n}`,
            },
          ],
        },
      ],
    },
  ],
});
