/**
 * no-unsendable-message across module boundaries: a value given to a function of a local module that
 * posts (or clones) its parameter is checked at the call, with the helper's send named in its file.
 * The importing code is linted as a file of tests/fixtures/modules/ (rpc.ts, rpc-relay.ts, broken.ts).
 */
import * as path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-unsendable-message';

const ruleTester = new RuleTester();
const fixtures = path.resolve(__dirname, '../fixtures/modules');
const filename = path.join(fixtures, 'main.ts');
const throws = 'DataCloneError when it is posted';

ruleTester.run('no-unsendable-message (imported modules)', rule, {
  valid: [
    {
      // The imported function posts with the transfer list its caller gives: the port is in it (piscina's
      // WorkerInfo.init(message, [port2]) shape). What a list passed in holds is the caller's to tell.
      filename,
      code: `import { post } from './rpc';
const { port2 } = new MessageChannel();
post({ port: port2 }, [port2]);`,
    },
    {
      // Cloneable data through the imported sender.
      filename,
      code: `import { notify } from './rpc';
notify({ id: 1, tags: ['a'], at: new Date() });`,
    },
    {
      // The imported function serializes first: its parameter is not the payload.
      filename,
      code: `import { notifyJson } from './rpc';
notifyJson({ onDone() {} });`,
    },
    {
      // The receiver is the caller's, and not a thread endpoint: whether it clones is the receiver's business.
      filename,
      code: `import { forward } from './rpc';
const bus = { postMessage(message: unknown) { console.log(message); } };
forward(bus, { onDone() {} });`,
    },
    {
      // followImports off: an imported function is an unknown call.
      filename,
      settings: { fearless: { followImports: false } },
      code: `import { notify } from './rpc';
notify(() => 1);`,
    },
    {
      // A module that does not parse, and one that does not exist: unknown calls, no crash.
      filename,
      code: `import { ship } from './broken';
import { notify } from './does-not-exist';
ship(() => 1 as never);
notify(() => 1);`,
    },
    {
      // A local function of the same name shadows nothing imported.
      filename,
      code: `function notify(body: unknown) { console.log(body); }
notify(() => 1);`,
    },
  ],
  invalid: [
    {
      // The same function called without a list: nothing is transferred, the port included.
      filename,
      code: `import { post } from './rpc';
const { port2 } = new MessageChannel();
post({ port: port2 });`,
      errors: [
        {
          messageId: 'notTransferred',
          data: { name: 'port2', what: 'a MessagePort', send: 'worker.postMessage' },
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 19,
        },
      ],
    },
    {
      // Named import: the function in the message reaches `worker.postMessage` in rpc.ts.
      filename,
      code: `import { notify } from './rpc';
notify({ id: 1, onDone() {} });`,
      errors: [
        {
          messageId: 'unsendableInHelper',
          data: {
            path: 'body.onDone',
            what: 'a function',
            consequence: 'DataCloneError when `body` is posted',
            send: 'worker.postMessage',
            helper: 'notify',
            where: 'rpc.ts:6',
          },
          line: 2,
          column: 17,
          endLine: 2,
          endColumn: 28,
        },
      ],
    },
    {
      // Renamed, default and namespace imports, and a renamed re-export (`tell`), all reach the same send.
      filename,
      code: `import send, { tell as say } from './rpc';
import * as rpc from './rpc';
send(new Response('a'));
say(new Response('b'));
rpc.notify(new Response('c'));`,
      errors: [3, 4, 5].map((line, index) => ({
        messageId: 'unsendableInHelper' as const,
        data: { path: 'body', what: 'a Response', consequence: throws, send: 'worker.postMessage', helper: 'notify', where: 'rpc.ts:6' },
        line,
        column: [6, 5, 12][index],
        endLine: line,
        endColumn: [23, 22, 29][index],
      })),
    },
    {
      // The caller passes a thread endpoint as the receiver parameter: the message is cloned.
      filename,
      code: `import { forward } from './rpc';
const { port1 } = new MessageChannel();
forward(port1, { status: 'done', onAck() {} });`,
      errors: [
        {
          messageId: 'unsendableInHelper',
          data: {
            path: 'body.onAck',
            what: 'a function',
            consequence: 'DataCloneError when `body` is posted',
            send: 'port.postMessage',
            helper: 'forward',
            where: 'rpc.ts:11',
          },
          line: 3,
          column: 34,
          endLine: 3,
          endColumn: 44,
        },
      ],
    },
    {
      // The helper clones what its argument returns.
      filename,
      code: `import { snapshot } from './rpc';
snapshot(() => new Headers({ accept: 'text/plain' }));`,
      errors: [
        {
          messageId: 'unsendableInHelper',
          data: { path: 'make()', what: 'a Headers object', consequence: throws, send: 'structuredClone', helper: 'snapshot', where: 'rpc.ts:15' },
          line: 2,
          column: 16,
          endLine: 2,
          endColumn: 53,
        },
      ],
    },
    {
      // Two modules deep: announce (rpc-relay.ts) hands its parameter to notify (rpc.ts), which posts it.
      filename,
      code: `import { announce } from './rpc-relay';
announce(() => 'done');`,
      errors: [
        {
          messageId: 'unsendableInHelper',
          data: { path: 'body', what: 'a function', consequence: throws, send: 'worker.postMessage', helper: 'notify', where: 'rpc.ts:6' },
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 22,
        },
      ],
    },
    {
      // A stream in the message must be transferred, and the imported send lists nothing.
      filename,
      code: `import { notify } from './rpc';
notify(new ReadableStream());`,
      errors: [
        {
          messageId: 'notTransferred',
          data: { name: 'new ReadableStream()', what: 'a ReadableStream', send: 'worker.postMessage' },
          line: 2,
          column: 8,
          endLine: 2,
          endColumn: 28,
        },
      ],
    },
  ],
});
