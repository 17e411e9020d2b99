import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-unsendable-message';

// Transfer lists the platform refuses (runtime facts: bench/runtime-suites.md, M4 and M7).
const ruleTester = new RuleTester();

const peer = 'the other end of the channel it is posted on';
const losesChannel = 'loses the channel (Bun throws; Node and browsers drop the message)';
const notAList = 'a string, not a transfer list (a target origin belongs to `window.postMessage` only)';
const sparse = 'a sparse array (its holes read as `undefined`, which cannot be transferred)';

ruleTester.run('no-unsendable-message (transfer lists)', rule, {
  valid: [
    // A port of another channel may be posted on this one.
    `
const requests = new MessageChannel();
const replies = new MessageChannel();
requests.port1.postMessage({ reply: replies.port2 }, [replies.port2]);
`,
    // Both ends of another channel, in one list.
    `
import { MessageChannel } from 'node:worker_threads';
const { port1 } = new MessageChannel();
const pair = new MessageChannel();
port1.postMessage('pair', [pair.port1, pair.port2]);
`,
    // A target origin is the window form's second argument.
    `
self.postMessage({ ready: true }, '*');
window.parent.postMessage('loaded', 'https://app.example');
`,
    // An array filled in order is dense.
    `
const { port1, port2 } = new MessageChannel();
const other = new MessageChannel();
const ports = [];
ports[0] = other.port1;
ports[1] = other.port2;
port1.postMessage('two', ports);
`,
    // A list also filled by push: its length is not known, so not judged.
    `
const { port1 } = new MessageChannel();
const other = new MessageChannel();
const ports = [];
ports[3] = other.port1;
ports.push(other.port2);
port1.postMessage('maybe', ports);
`,
    // A Blob is cloned: posting it without listing it is fine.
    `
const worker = new Worker('w.js');
worker.postMessage({ file: new Blob(['abc']) });
`,
    // Marked untransferable but not listed: it is cloned, as intended.
    `
import { markAsUntransferable, MessageChannel } from 'node:worker_threads';
const pooled = new ArrayBuffer(64);
markAsUntransferable(pooled);
const { port1 } = new MessageChannel();
port1.postMessage(pooled);
`,
    // Issue #9: Node's transferableAbortSignal() may be listed (it is cloned, the original stays usable).
    `
import { Worker } from 'node:worker_threads';
import { transferableAbortSignal } from 'node:util';
const controller = new AbortController();
const signal = transferableAbortSignal(controller.signal);
new Worker('w.js', { workerData: { signal }, transferList: [signal] });
`,
  ],
  invalid: [
    {
      // Issue #9: a plain AbortSignal in a transfer list throws DataCloneError in Node; nothing in the list moves.
      code: `
import { Worker } from 'node:worker_threads';
const controller = new AbortController();
new Worker('w.js', { workerData: { s: controller.signal }, transferList: [controller.signal] });
`,
      errors: [
        {
          messageId: 'cannotTransfer',
          data: {
            name: 'controller.signal',
            what: 'a plain AbortSignal (wrap it in `transferableAbortSignal()` from `node:util` to send it)',
            consequence: 'throws',
            send: 'new Worker',
          },
          line: 4,
          column: 75,
          endLine: 4,
          endColumn: 92,
          suggestions: [
            {
              messageId: 'removeFromTransferList',
              data: { name: 'controller.signal' },
              output: `
import { Worker } from 'node:worker_threads';
const controller = new AbortController();
new Worker('w.js', { workerData: { s: controller.signal }, transferList: [] });
`,
            },
          ],
        },
      ],
    },
    {
      // The sender's own peer in its transfer list: the channel is lost.
      code: `
const channel = new MessageChannel();
channel.port1.postMessage('hello', [channel.port2]);
`,
      errors: [
        {
          messageId: 'cannotTransfer',
          data: { name: 'channel.port2', what: peer, consequence: losesChannel, send: 'channel.port1.postMessage' },
          line: 3,
          column: 37,
          endLine: 3,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'removeFromTransferList',
              data: { name: 'channel.port2' },
              output: `
const channel = new MessageChannel();
channel.port1.postMessage('hello', []);
`,
            },
          ],
        },
      ],
    },
    {
      // The same through destructured ports of Node's MessageChannel.
      code: `
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
port2.postMessage({ n: 1 }, { transfer: [port1] });
`,
      errors: [
        {
          messageId: 'cannotTransfer',
          data: { name: 'port1', what: peer, consequence: losesChannel, send: 'port2.postMessage' },
          line: 4,
          column: 42,
          endLine: 4,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'removeFromTransferList',
              data: { name: 'port1' },
              output: `
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
port2.postMessage({ n: 1 }, { transfer: [] });
`,
            },
          ],
        },
      ],
    },
    {
      // A string where a port or a worker takes its transfer list: TypeError.
      code: `
import { MessageChannel, Worker } from 'node:worker_threads';
const { port1 } = new MessageChannel();
port1.postMessage('job', 'port');
const worker = new Worker('./w.js');
worker.postMessage('job', { transfer: \`all\` });
`,
      errors: [
        {
          messageId: 'invalidTransferList',
          data: { name: "'port'", what: notAList, send: 'port1.postMessage' },
          line: 4,
          column: 26,
          endLine: 4,
          endColumn: 32,
        },
        {
          messageId: 'invalidTransferList',
          data: { name: '`all`', what: notAList, send: 'worker.postMessage' },
          line: 6,
          column: 39,
          endLine: 6,
          endColumn: 44,
        },
      ],
    },
    {
      // Holes in the list: written out, or left by an index assignment past the end.
      code: `
const { port1, port2 } = new MessageChannel();
const spare = new MessageChannel();
port1.postMessage('holes', [spare.port1, , spare.port2]);
const far = [];
far[100] = spare.port1;
port1.postMessage('far', far);
`,
      errors: [
        {
          messageId: 'invalidTransferList',
          data: { name: '[spare.port1, , spare.port2]', what: sparse, send: 'port1.postMessage' },
          line: 4,
          column: 28,
          endLine: 4,
          endColumn: 56,
        },
        {
          messageId: 'invalidTransferList',
          data: { name: 'far', what: sparse, send: 'port1.postMessage' },
          line: 7,
          column: 26,
          endLine: 7,
          endColumn: 29,
        },
      ],
    },
    {
      // A Blob is cloneable, never transferable.
      code: `
const report = new Blob(['rows'], { type: 'text/csv' });
structuredClone(report, { transfer: [report] });
`,
      errors: [
        {
          messageId: 'cannotTransfer',
          data: {
            name: 'report',
            what: 'a Blob, which is cloned, not transferred (DataCloneError in browsers, Deno and Bun)',
            consequence: 'throws',
            send: 'structuredClone',
          },
          line: 3,
          column: 38,
          endLine: 3,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'removeFromTransferList',
              data: { name: 'report' },
              output: `
const report = new Blob(['rows'], { type: 'text/csv' });
structuredClone(report, { transfer: [] });
`,
            },
          ],
        },
      ],
    },
    {
      // markAsUntransferable: listing the value throws (Node 21+, Bun), and nothing in the list moves.
      code: `
import { markAsUntransferable, MessageChannel } from 'node:worker_threads';
import { open } from 'node:fs/promises';
const log = await open('./log.txt', 'r');
const data = await open('./data.bin', 'r');
markAsUntransferable(log);
const { port1 } = new MessageChannel();
port1.postMessage({ data, log }, [data, log as any]);
`,
      errors: [
        {
          messageId: 'cannotTransfer',
          data: {
            name: 'log as any',
            what: 'marked untransferable (`markAsUntransferable`; Node 20 ignores the entry and clones it)',
            consequence: 'throws',
            send: 'port1.postMessage',
          },
          line: 8,
          column: 41,
          endLine: 8,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'removeFromTransferList',
              data: { name: 'log as any' },
              output: `
import { markAsUntransferable, MessageChannel } from 'node:worker_threads';
import { open } from 'node:fs/promises';
const log = await open('./log.txt', 'r');
const data = await open('./data.bin', 'r');
markAsUntransferable(log);
const { port1 } = new MessageChannel();
port1.postMessage({ data, log }, [data]);
`,
            },
          ],
        },
      ],
    },
  ],
});
