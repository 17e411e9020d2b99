/**
 * Imported modules found through type information: with a program, bare specifiers resolve as TypeScript
 * resolves them (tsconfig `paths` here; workspace packages alike), never into node_modules or declaration
 * files. The fixture project is tests/fixtures/typed-paths (its src/main.ts is linted with each case's text).
 */
import * as path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import noUseAfterTransfer from '../../rules/no-use-after-transfer';
import noUnsendableMessage from '../../rules/no-unsendable-message';

const root = path.resolve(__dirname, '../fixtures/typed-paths');
const filename = path.join(root, 'src/main.ts');
const typed = { parserOptions: { projectService: true, tsconfigRootDir: root } };
const untyped = { parserOptions: { projectService: false, project: null } };

const detached = { moved: 'was transferred', state: 'detached (zero length)' };

new RuleTester({ languageOptions: typed }).run('no-use-after-transfer (tsconfig paths)', noUseAfterTransfer, {
  valid: [
    {
      // Without type information a bare specifier is a package: not followed.
      filename,
      languageOptions: untyped,
      code: `import { ship } from '@app/transport';
export function a() { const buf = new ArrayBuffer(16); ship(buf); return new Uint8Array(buf)[0]; }`,
    },
    {
      // A real package (resolved into node_modules, or to declarations): the API model's business, never read.
      filename,
      code: `import { transfer } from 'comlink';
export function a() { const buf = new ArrayBuffer(16); transfer(buf, []); return new Uint8Array(buf)[0]; }`,
    },
  ],
  invalid: [
    {
      // `@app/transport` is src/lib/transport.ts through `paths`.
      filename,
      code: `import { ship } from '@app/transport';
export function a() { const buf = new ArrayBuffer(16); ship(buf); return new Uint8Array(buf)[0]; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: { name: 'buf', line: '2', via: '`ship` (`worker.postMessage` in lib/transport.ts:4)', ...detached },
          line: 2,
          column: 89,
          endLine: 2,
          endColumn: 92,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'ship' },
              output: `import { ship } from '@app/transport';
export function a() { const buf = new ArrayBuffer(16); ship(buf.slice()); return new Uint8Array(buf)[0]; }`,
            },
          ],
        },
      ],
    },
    {
      // `@wire` is a workspace package's source, which itself imports `@app/transport`: both resolved.
      filename,
      code: `import { send } from '@wire';
export function a() { const buf = new ArrayBuffer(16); send(buf); return buf.byteLength; }`,
      errors: [
        {
          messageId: 'useAfterTransfer',
          data: { name: 'buf', line: '2', via: '`send` (`worker.postMessage` in lib/transport.ts:4)', ...detached },
          line: 2,
          column: 74,
          endLine: 2,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'passCopy',
              data: { name: 'buf', callee: 'send' },
              output: `import { send } from '@wire';
export function a() { const buf = new ArrayBuffer(16); send(buf.slice()); return buf.byteLength; }`,
            },
          ],
        },
      ],
    },
  ],
});

new RuleTester({ languageOptions: typed }).run('no-unsendable-message (tsconfig paths)', noUnsendableMessage, {
  valid: [],
  invalid: [
    {
      filename,
      code: `import { notify } from '@app/transport';
notify(() => 1);`,
      errors: [
        {
          messageId: 'unsendableInHelper',
          data: {
            path: 'body',
            what: 'a function',
            consequence: 'DataCloneError when it is posted',
            send: 'worker.postMessage',
            helper: 'notify',
            where: 'lib/transport.ts:8',
          },
          line: 2,
          column: 8,
          endLine: 2,
          endColumn: 15,
        },
      ],
    },
  ],
});
