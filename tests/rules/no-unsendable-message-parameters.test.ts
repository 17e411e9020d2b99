import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-unsendable-message';

// Values that reach a send through a parameter of a function of the same file, file-backed Blobs, and
// markAsUncloneable's no-op on buffers (runtime facts: bench/runtime-suites.md, M2, M3 and F8).
const ruleTester = new RuleTester();

const throws = 'DataCloneError when it is posted';

ruleTester.run('no-unsendable-message (through parameters)', rule, {
  valid: [
    // A helper that clones what a factory returns, given plain data.
    `
function snapshot(read) {
  return structuredClone(read());
}
snapshot(() => ({ id: 1, tags: ['a'] }));
snapshot(function () { return [1, 2, 3]; });
`,
    // A helper posting on a receiver that is its parameter, called with a receiver not known to be a port:
    // a library's postMessage may serialize differently.
    `
function relay(bus, body) {
  bus.postMessage(body);
}
relay(eventBus, { onDone() {} });
`,
    // The callback is called by a function that is not in this file: what it is given is unknown.
    `
import { withSession } from './session.js';
withSession((session) => {
  structuredClone(session);
});
`,
    // The callback's parameter is given a FileHandle on one call and something else on another: not judged.
    `
import { open } from 'node:fs/promises';
async function both(fn) {
  await fn(await open('a.txt'));
  await fn('a.txt');
}
both((input) => structuredClone(input));
`,
    // A FileHandle given to the callback and listed in the transfer list.
    `
import { open } from 'node:fs/promises';
import { MessageChannel } from 'node:worker_threads';
async function withHandle(fn) {
  const handle = await open('data.bin', 'r');
  try {
    await fn(handle);
  } finally {
    await handle.close();
  }
}
const { port1 } = new MessageChannel();
withHandle((handle) => port1.postMessage({ handle }, [handle]));
`,
    // A Blob in memory and its slices clone.
    `
const text = new Blob(['hello']);
structuredClone(text.slice(0, 2));
`,
    // markAsUncloneable has no effect on buffers, typed arrays and DataViews: they still clone.
    `
import { markAsUncloneable } from 'node:worker_threads';
const raw = new ArrayBuffer(8);
const bytes = new Uint8Array(4);
const view = new DataView(new ArrayBuffer(4));
const copy = Buffer.from('abc');
markAsUncloneable(raw);
markAsUncloneable(bytes);
markAsUncloneable(view);
markAsUncloneable(copy);
structuredClone({ raw, bytes, view, copy });
`,
  ],
  invalid: [
    {
      // A TypeScript \`this\` parameter binds no argument: \`body\` is the first argument, not the second.
      code: `
const worker = new Worker(new URL('./w.js', import.meta.url));
function notify(this: void, body: unknown, extra: unknown) {
  worker.postMessage(body);
}
notify(1, () => 2);
notify(() => 3, 1);
`,
      errors: [
        {
          messageId: 'unsendableInHelper',
          data: {
            path: 'body',
            what: 'a function',
            consequence: 'DataCloneError when it is posted',
            send: 'worker.postMessage',
            helper: 'notify',
            where: 'line 4',
          },
          line: 7,
          column: 8,
          endLine: 7,
          endColumn: 15,
        },
      ],
    },
    {
      // The helper clones what its argument returns: the value is at the call site.
      code: `
function snapshot(read) {
  return structuredClone(read());
}
snapshot(() => new Headers({ accept: 'text/plain' }));
snapshot(function () {
  return new URL('https://api.example/v1');
});
`,
      errors: [
        {
          messageId: 'unsendableInHelper',
          data: { path: 'read()', what: 'a Headers object', consequence: throws, send: 'structuredClone', helper: 'snapshot', where: 'line 3' },
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 53,
        },
        {
          messageId: 'unsendableInHelper',
          data: {
            path: 'read()',
            what: 'a URL',
            consequence: `${throws} (send \`url.href\`)`,
            send: 'structuredClone',
            helper: 'snapshot',
            where: 'line 3',
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 43,
        },
      ],
    },
    {
      // A stream returned by the factory must be transferred, and the helper lists nothing.
      code: `
const cloneOf = (make) => structuredClone(make());
cloneOf(() => new WritableStream());
`,
      errors: [
        {
          messageId: 'notTransferred',
          data: { name: 'new WritableStream()', what: 'a WritableStream', send: 'structuredClone' },
          line: 3,
          column: 15,
          endLine: 3,
          endColumn: 35,
        },
      ],
    },
    {
      // The receiver is a parameter too: the caller passes a port, so the message is cloned.
      code: `
import { MessageChannel } from 'node:worker_threads';
function forward(port, body) {
  port.postMessage(body);
}
const { port1 } = new MessageChannel();
forward(port1, { status: 'done', onAck() {} });
forward(port1, new Response('done'));
`,
      errors: [
        {
          messageId: 'unsendableInHelper',
          data: {
            path: 'body.onAck',
            what: 'a function',
            consequence: 'DataCloneError when `body` is posted',
            send: 'port.postMessage',
            helper: 'forward',
            where: 'line 4',
          },
          line: 7,
          column: 34,
          endLine: 7,
          endColumn: 44,
        },
        {
          messageId: 'unsendableInHelper',
          data: { path: 'body', what: 'a Response', consequence: throws, send: 'port.postMessage', helper: 'forward', where: 'line 4' },
          line: 8,
          column: 16,
          endLine: 8,
          endColumn: 36,
        },
      ],
    },
    {
      // A callback's parameter is what the function that calls it passes: here a FileHandle, never listed.
      code: `
import fsp from 'node:fs/promises';
async function withHandle(fn) {
  const handle = await fsp.open('data.bin', 'r');
  try {
    await fn(handle);
  } finally {
    await handle.close();
  }
}
withHandle((fh) => {
  structuredClone({ nested: fh });
});
`,
      errors: [
        {
          messageId: 'notTransferred',
          data: { name: 'fh', what: 'a FileHandle', send: 'structuredClone' },
          line: 12,
          column: 29,
          endLine: 12,
          endColumn: 31,
        },
      ],
    },
    {
      // The same through a callback's parameter that the caller fills with a function.
      code: `
function each(visit) {
  visit(() => 'row');
}
const worker = new Worker('w.js');
each((row) => worker.postMessage(row));
`,
      errors: [
        {
          messageId: 'unsendableDefinedElsewhere',
          data: { path: 'row', what: 'a function', line: '3', consequence: throws, send: 'worker.postMessage' },
          line: 6,
          column: 34,
          endLine: 6,
          endColumn: 37,
        },
      ],
    },
    {
      // A file-backed Blob cannot be cloned, nor can its slices; unawaited, the call is a Promise.
      code: `
import { openAsBlob } from 'node:fs';
const file = await openAsBlob('./input.bin');
structuredClone(file.slice(0, 4));
structuredClone(openAsBlob('./other.bin'));
`,
      errors: [
        {
          messageId: 'unsendable',
          data: { path: 'message', what: 'a file-backed Blob', consequence: 'DataCloneError when the message is posted', send: 'structuredClone' },
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 33,
        },
        {
          messageId: 'unsendable',
          data: {
            path: 'message',
            what: 'a Promise of a file-backed Blob (the call is not awaited)',
            consequence: 'DataCloneError when the message is posted',
            send: 'structuredClone',
          },
          line: 5,
          column: 17,
          endLine: 5,
          endColumn: 42,
        },
      ],
    },
    {
      // markAsUncloneable still marks a plain object next to a buffer it does not affect.
      code: `
import { markAsUncloneable } from 'node:worker_threads';
const pixels = new Uint8ClampedArray(16);
const session = { token: 'abc' };
markAsUncloneable(pixels);
markAsUncloneable(session);
structuredClone({ pixels, session });
`,
      errors: [
        {
          messageId: 'unsendable',
          data: {
            path: 'message.session',
            what: 'marked uncloneable (`markAsUncloneable`)',
            consequence: 'DataCloneError when the message is posted',
            send: 'structuredClone',
          },
          line: 7,
          column: 27,
          endLine: 7,
          endColumn: 34,
        },
      ],
    },
  ],
});
