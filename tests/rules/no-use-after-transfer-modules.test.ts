/**
 * no-use-after-transfer across module boundaries: the importing code is linted as a file of
 * tests/fixtures/modules/, whose modules (real files on disk) are read, parsed and summarized by the engine.
 */
import * as path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-use-after-transfer';
import { lint } from '../lint';

const ruleTester = new RuleTester();
const fixtures = path.resolve(__dirname, '../fixtures/modules');
const file = (name: string): string => path.join(fixtures, name);

/** The message data of a use after a transfer made inside an imported function. */
function moved(name: string, line: number, callee: string, label: string, at: string, extra: Record<string, string> = {}): Record<string, string> {
  return { name, moved: 'was transferred', line: String(line), via: `\`${callee}\` (\`${label}\` in ${at})`, state: 'detached (zero length)', ...extra };
}

ruleTester.run('no-use-after-transfer (imported modules)', rule, {
  valid: [
    {
      // A method of an imported class that posts a copy: the caller keeps its buffer.
      filename: file('main.ts'),
      code: `
import { WorkerPool } from './classes/worker-pool';
const pool = new WorkerPool();
export function a() { const buf = new ArrayBuffer(16); pool.copy(buf); return buf.byteLength; }
`,
    },
    {
      // A method the class does not have (or a static one) is an unknown call.
      filename: file('main.ts'),
      code: `
import { WorkerPool } from './classes/worker-pool';
const pool = new WorkerPool();
export function a() { const buf = new ArrayBuffer(16); pool.missing(buf); WorkerPool.create(); return buf.byteLength; }
`,
    },
    {
      // `settings.fearless.followImports: false`: an imported function is an unknown call, as without modules.
      filename: file('main.ts'),
      settings: { fearless: { followImports: false } },
      code: `import { ship } from './transport';
export function a() { const buf = new ArrayBuffer(16); ship(buf); return new Uint8Array(buf)[0]; }`,
    },
    {
      // The imported function posts a copy: the caller's buffer stays usable.
      filename: file('main.ts'),
      code: `
import { copy } from './transport';
export function a() { const buf = new ArrayBuffer(16); copy(buf); return new Uint8Array(buf)[0]; }
`,
    },
    {
      // The use comes before the transfer.
      filename: file('main.ts'),
      code: `
import { ship } from './transport';
export function a() { const buf = new ArrayBuffer(16); const first = new Uint8Array(buf)[0]; ship(buf); return first; }
`,
    },
    {
      // A copy is transferred; the original stays.
      filename: file('main.ts'),
      code: `
import { ship } from './transport';
export function a() { const buf = new ArrayBuffer(16); ship(buf.slice(0)); return new Uint8Array(buf)[0]; }
`,
    },
    {
      // The module does not exist: the call is an unknown call, as before.
      filename: file('main.ts'),
      code: `
import { ship } from './does-not-exist';
export function a() { const buf = new ArrayBuffer(16); ship(buf); return new Uint8Array(buf)[0]; }
`,
    },
    {
      // The module does not parse: skipped quietly, no crash and no finding from it.
      filename: file('main.ts'),
      code: `
import { ship } from './broken';
export function a() { const buf = new ArrayBuffer(16); ship(buf); return new Uint8Array(buf)[0]; }
`,
    },
    {
      // The module has no such export.
      filename: file('main.ts'),
      code: `
import { launch } from './transport';
export function a() { const buf = new ArrayBuffer(16); launch(buf); return new Uint8Array(buf)[0]; }
`,
    },
    {
      // \`export *\` does not pass on a default export.
      filename: file('main.ts'),
      code: `
import upload from './relay';
export function a() { const buf = new ArrayBuffer(16); upload(buf); return new Uint8Array(buf)[0]; }
`,
    },
    {
      // Within a cycle, the file being linted is not followed back: deliver's module (this file) imports relay,
      // which calls deliver. A known false negative: the analysis of cycle-b stops where it would re-enter this file.
      filename: file('cycle-a.ts'),
      code: `
import { relay } from './cycle-b';
export function deliver(buf: ArrayBuffer) { new Worker('./w.js').postMessage(buf, [buf]); }
export function a() { const buf = new ArrayBuffer(16); relay(buf); return new Uint8Array(buf)[0]; }
`,
    },
    {
      // The bound: a transfer four modules away (main -> deep1 -> deep2 -> deep3 -> deep4) is not followed.
      filename: file('main.ts'),
      code: `
import { level1 } from './deep1';
export function a() { const buf = new ArrayBuffer(16); level1(buf); return new Uint8Array(buf)[0]; }
`,
    },
    {
      // Another buffer is transferred; the one used is not.
      filename: file('main.ts'),
      code: `
import { send } from './transport';
export function a(other: ArrayBuffer) { const buf = new ArrayBuffer(16); send(other); return new Uint8Array(buf)[0]; }
`,
    },
  ],
  invalid: [
    {
      // A method of an imported class, on an instance the file creates (module level).
      filename: file('main.ts'),
      code: `import { WorkerPool } from './classes/worker-pool';
const pool = new WorkerPool();
export function a() { const buf = new ArrayBuffer(16); pool.run(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 3, 'run', 'this.worker.postMessage', 'classes/worker-pool.ts:7'),
          line: 3,
          column: 78,
          endLine: 3,
          endColumn: 81,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'run' },
              output: `import { WorkerPool } from './classes/worker-pool';
const pool = new WorkerPool();
export function a() { const buf = new ArrayBuffer(16); pool.run(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // The instance is a field set in the constructor; the class comes through a barrel that renames it.
      filename: file('main.ts'),
      code: `import { Pool } from './classes';
export class Uploader {
  private readonly pool = new Pool();
  upload(buf: ArrayBuffer) { this.pool.run(buf); return buf.byteLength; }
}`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 4, 'run', 'this.worker.postMessage', 'classes/worker-pool.ts:7', { state: 'detached' }),
          line: 4,
          column: 57,
          endLine: 4,
          endColumn: 60,
          // A parameter may be a view of a larger buffer: `.slice()` would copy something else, so no suggestion (as in one file).
          suggestions: [],
        },
      ],
    },
    {
      // A default-exported class, instantiated in the function.
      filename: file('main.ts'),
      code: `import Channel from './classes/worker-pool';
export function a() { const channel = new Channel(); const buf = new ArrayBuffer(8); channel.send(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'send', 'this.port.postMessage', 'classes/worker-pool.ts:24'),
          line: 2,
          column: 112,
          endLine: 2,
          endColumn: 115,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'send' },
              output: `import Channel from './classes/worker-pool';
export function a() { const channel = new Channel(); const buf = new ArrayBuffer(8); channel.send(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // The example: a named import of a function that transfers its parameter.
      filename: file('main.ts'),
      code: `import { ship } from './transport';
export function a() { const buf = new ArrayBuffer(16); ship(buf); return new Uint8Array(buf)[0]; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'ship', 'worker.postMessage', 'transport.ts:3'),
          line: 2,
          column: 89,
          endLine: 2,
          endColumn: 92,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'ship' },
              output: `import { ship } from './transport';
export function a() { const buf = new ArrayBuffer(16); ship(buf.slice()); return new Uint8Array(buf)[0]; }`,
            },
          ],
        },
      ],
    },
    {
      // A renamed import.
      filename: file('main.ts'),
      code: `import { ship as post } from './transport';
export function a() { const buf = new ArrayBuffer(16); post(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'post', 'worker.postMessage', 'transport.ts:3', { moved: 'was transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 74,
          endLine: 2,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'post' },
              output: `import { ship as post } from './transport';
export function a() { const buf = new ArrayBuffer(16); post(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // A renamed export (`export { ship as send }`).
      filename: file('main.ts'),
      code: `import { send } from './transport';
export function a() { const buf = new ArrayBuffer(16); send(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'send', 'worker.postMessage', 'transport.ts:3', { moved: 'was transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 74,
          endLine: 2,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'send' },
              output: `import { send } from './transport';
export function a() { const buf = new ArrayBuffer(16); send(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // A `.js` specifier that names the TypeScript source.
      filename: file('main.ts'),
      code: `import { ship } from './transport.js';
export function a() { const buf = new ArrayBuffer(16); ship(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'ship', 'worker.postMessage', 'transport.ts:3', { moved: 'was transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 74,
          endLine: 2,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'ship' },
              output: `import { ship } from './transport.js';
export function a() { const buf = new ArrayBuffer(16); ship(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // The imported function transfers on some paths only: "may have been".
      filename: file('main.ts'),
      code: `import { shipIf } from './transport';
export function a() { const buf = new ArrayBuffer(16); shipIf(buf, Math.random() > 0.5); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'shipIf', 'worker.postMessage', 'transport.ts:7', { moved: 'may have been transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 97,
          endLine: 2,
          endColumn: 100,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'shipIf' },
              output: `import { shipIf } from './transport';
export function a() { const buf = new ArrayBuffer(16); shipIf(buf.slice(), Math.random() > 0.5); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // A default export declared as an anonymous function.
      filename: file('main.ts'),
      code: `import shipData from './default-declaration';
export function a() { const buf = new ArrayBuffer(16); shipData(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'shipData', 'port.postMessage', 'default-declaration.ts:4', { moved: 'was transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 78,
          endLine: 2,
          endColumn: 81,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'shipData' },
              output: `import shipData from './default-declaration';
export function a() { const buf = new ArrayBuffer(16); shipData(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // A default export of an identifier, in a JavaScript module.
      filename: file('main.js'),
      code: `import upload from './default-identifier.js';
export function a() { const bytes = new ArrayBuffer(16); upload(bytes); return bytes.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('bytes', 2, 'upload', 'worker.postMessage', 'default-identifier.js:4', { moved: 'was transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 80,
          endLine: 2,
          endColumn: 85,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'bytes', callee: 'upload' },
              output: `import upload from './default-identifier.js';
export function a() { const bytes = new ArrayBuffer(16); upload(bytes.slice()); return bytes.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // A namespace import.
      filename: file('main.ts'),
      code: `import * as transport from './transport';
export function a() { const buf = new ArrayBuffer(16); transport.ship(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'ship', 'worker.postMessage', 'transport.ts:3', { moved: 'was transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 84,
          endLine: 2,
          endColumn: 87,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'ship' },
              output: `import * as transport from './transport';
export function a() { const buf = new ArrayBuffer(16); transport.ship(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // A re-export chain, renamed at every hop: barrel's post -> relay's forward -> transport's send -> ship.
      filename: file('main.ts'),
      code: `import { post } from './barrel';
export function a() { const buf = new ArrayBuffer(16); post(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'post', 'worker.postMessage', 'transport.ts:3', { moved: 'was transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 74,
          endLine: 2,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'post' },
              output: `import { post } from './barrel';
export function a() { const buf = new ArrayBuffer(16); post(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // `export *` chains, through a directory's index: barrel -> relay -> pool/index -> pool/run.
      filename: file('main.ts'),
      code: `import { run } from './barrel';
export function a() { const { port1, port2 } = new MessageChannel(); run(port2); port2.postMessage('late'); return port1; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('port2', 2, 'run', 'worker.postMessage', 'pool/run.ts:6', {
            moved: 'was transferred',
            state: 'a closed port (messages posted on it are dropped)',
          }),
          line: 2,
          column: 82,
          endLine: 2,
          endColumn: 87,
          suggestions: [],
        },
      ],
    },
    {
      // An import cycle (cycle-b imports cycle-a, which imports cycle-b) terminates, and the transfer two modules away is found.
      filename: file('main.ts'),
      code: `import { relay } from './cycle-b';
export function a() { const buf = new ArrayBuffer(16); relay(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'relay', 'worker.postMessage', 'cycle-a.ts:6', { moved: 'was transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 75,
          endLine: 2,
          endColumn: 78,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'relay' },
              output: `import { relay } from './cycle-b';
export function a() { const buf = new ArrayBuffer(16); relay(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // The depth bound reaches three modules: main -> deep2 -> deep3 -> deep4.
      filename: file('main.ts'),
      code: `import { level2 } from './deep2';
export function a() { const buf = new ArrayBuffer(16); level2(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'level2', 'worker.postMessage', 'deep4.ts:4', { moved: 'was transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 76,
          endLine: 2,
          endColumn: 79,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'level2' },
              output: `import { level2 } from './deep2';
export function a() { const buf = new ArrayBuffer(16); level2(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // A module in a parent directory: the message names it relative to this file.
      filename: file('nested/main.ts'),
      code: `import { ship } from '../transport';
export function a() { const buf = new ArrayBuffer(16); ship(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'ship', 'worker.postMessage', '../transport.ts:3', { moved: 'was transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 74,
          endLine: 2,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'ship' },
              output: `import { ship } from '../transport';
export function a() { const buf = new ArrayBuffer(16); ship(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // CommonJS: destructured `require`, `module.exports = { reply }`.
      filename: file('main.js'),
      code: `const { reply } = require('./commonjs.cjs');
function a() { const buf = new ArrayBuffer(16); reply(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'reply', 'parentPort.postMessage', 'commonjs.cjs:4', { moved: 'was transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 68,
          endLine: 2,
          endColumn: 71,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'reply' },
              output: `const { reply } = require('./commonjs.cjs');
function a() { const buf = new ArrayBuffer(16); reply(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // CommonJS: a member of the required module, `module.exports.replyAll = function ...`.
      filename: file('main.js'),
      code: `const results = require('./commonjs');
function a() { const buf = new ArrayBuffer(16); results.replyAll(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 2, 'replyAll', 'parentPort.postMessage', 'commonjs.cjs:9', { moved: 'was transferred', state: 'detached (zero length)' }),
          line: 2,
          column: 79,
          endLine: 2,
          endColumn: 82,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'replyAll' },
              output: `const results = require('./commonjs');
function a() { const buf = new ArrayBuffer(16); results.replyAll(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
    {
      // A dynamic import's module object.
      filename: file('main.ts'),
      code: `export async function a() {
  const transport = await import('./transport');
  const buf = new ArrayBuffer(16);
  transport.ship(buf);
  return buf.byteLength;
}`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 4, 'ship', 'worker.postMessage', 'transport.ts:3'),
          line: 5,
          column: 10,
          endLine: 5,
          endColumn: 13,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'ship' },
              output: `export async function a() {
  const transport = await import('./transport');
  const buf = new ArrayBuffer(16);
  transport.ship(buf.slice());
  return buf.byteLength;
}`,
            },
          ],
        },
      ],
    },
    {
      // A helper of this file that calls the imported function: the move goes through both calls.
      filename: file('main.ts'),
      code: `import { ship as post } from './transport';
const send = post;
function wrap(b: ArrayBuffer) { send(b); }
export function a() { const buf = new ArrayBuffer(16); wrap(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: moved('buf', 3, 'send', 'worker.postMessage', 'transport.ts:3'),
          line: 4,
          column: 74,
          endLine: 4,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'b', callee: 'send' },
              output: `import { ship as post } from './transport';
const send = post;
function wrap(b: ArrayBuffer) { send(b.slice()); }
export function a() { const buf = new ArrayBuffer(16); wrap(buf); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
  ],
});

describe('imported modules with the real Linter and every rule', () => {
  it('parses a TypeScript module imported by a file parsed with espree with @typescript-eslint/parser', () => {
    const code = `import { ship } from './transport';\nexport function a() { const buf = new ArrayBuffer(16); ship(buf); return buf.byteLength; }`;
    const messages = lint(code, { filename: file('main.js') });
    expect(messages.map((message) => [message.ruleId, message.line, message.column, message.message])).toEqual([
      [
        'fearless/no-use-after-transfer',
        2,
        74,
        '`buf` was transferred at line 2 by `ship` (`worker.postMessage` in transport.ts:3); it is detached (zero length) here.',
      ],
    ]);
  });

  it('reports nothing from the imported modules themselves, and nothing for a file without local imports', () => {
    const code = `import { ship } from './broken';\nimport { relay } from './cycle-b';\nexport function a() { const buf = new ArrayBuffer(16); ship(buf); relay(new ArrayBuffer(1)); return buf.byteLength; }`;
    expect(lint(code, { filename: file('main.ts') })).toEqual([]);
    const alone = `export function a() { const buf = new ArrayBuffer(16); ship(buf); return buf.byteLength; }\nfunction ship(b: ArrayBuffer) { return b; }`;
    expect(lint(alone, { filename: file('main.ts') })).toEqual([]);
  });
});
