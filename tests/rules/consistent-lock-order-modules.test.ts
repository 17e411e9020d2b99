/**
 * consistent-lock-order across module boundaries: a lock taken inside an imported function while the caller
 * holds another is an acquired-before edge in the caller's file, and a lock the caller imports is the same lock
 * as the one the module's functions take. The importing code is linted as a file of tests/fixtures/modules/locks/,
 * whose modules (real files on disk) are read, parsed and summarized by the engine:
 *   db-lock.ts   exports dbLock, cacheLock, withDb (runExclusive, line 7), withCache (acquire, line 11)
 *   barrel.ts    re-exports withDb as runDb and dbLock as storeLock, and `export *` of ledger.ts
 *   ledger.ts    withLedger (the Web Lock 'ledger', line 2)
 *   store.ts     save, which takes dbLock through withDb (depth 2)
 *   default-lock.ts   a lock exported as the default, and withJournal (line 7)
 *   with-lock.ts      withLock(lock, fn): the lock is the caller's argument
 *   cycle-x.ts / cycle-y.ts   import each other
 *   broken-lock.ts            does not parse
 */
import * as path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/consistent-lock-order';
import { lint } from '../lint';

const ruleTester = new RuleTester();
const fixtures = path.resolve(__dirname, '../fixtures/modules/locks');
const file = (name: string): string => path.join(fixtures, name);

/** The inversion's second half, from the caller's own nested acquisition: `b`'s `dbLock.runExclusive(() => cacheLock.runExclusive(...))`. */
const ownNesting = `export async function b() { await dbLock.runExclusive(() => cacheLock.runExclusive(async () => 2)); }`;

/** The message data of an edge through an imported function. */
function through(inner: string, callee: string, at: string, outer: string, line: number): Record<string, string> {
  return { inner, callee, innerAt: at, outer, other: `while holding \`${inner}\` at line ${line}` };
}

function direct(inner: string, outer: string, line: number): Record<string, string> {
  return { inner, outer, other: `while holding \`${inner}\` at line ${line}` };
}

ruleTester.run('consistent-lock-order (imported modules)', rule, {
  valid: [
    {
      // The same order everywhere: dbLock, then cacheLock, in the helper's caller and in the caller's own code.
      filename: file('main.ts'),
      code: `import { dbLock, cacheLock, withCache } from './db-lock';
export async function a() { await dbLock.runExclusive(() => withCache(async () => 1)); }
${ownNesting}`,
    },
    {
      // \`settings.fearless.followImports: false\`: an imported function is an unknown call, as without modules.
      filename: file('main.ts'),
      settings: { fearless: { followImports: false } },
      code: `import { dbLock, cacheLock, withDb } from './db-lock';
export async function a() { await cacheLock.runExclusive(() => withDb(async () => 1)); }
${ownNesting}`,
    },
    {
      // A module that does not exist and one that does not parse: their functions stay unknown calls, quietly.
      filename: file('main.ts'),
      code: `import { dbLock, cacheLock } from './db-lock';
import { withBroken } from './broken-lock';
import { withMissing } from './missing';
export async function a() {
  await cacheLock.runExclusive(() => withBroken(async () => 1));
  await cacheLock.runExclusive(() => withMissing(async () => 1));
}
${ownNesting}`,
    },
    {
      // Modules that import each other (fromY calls fromX calls fromY): summarizing them terminates.
      filename: file('main.ts'),
      code: `import { Mutex } from 'async-mutex';
import { fromY } from './cycle-y';
const yard = new Mutex();
export async function a() { await yard.runExclusive(() => fromY()); }`,
    },
    {
      // The linted file is part of the cycle (cycle-x.ts imports cycle-y.ts, which calls back into it): the
      // summary of fromY is cut where it re-enters this file, so fromX's own nesting is not taken for re-entry.
      filename: file('cycle-x.ts'),
      code: `import { Mutex } from 'async-mutex';
import { fromY } from './cycle-y';

export const xLock = new Mutex();

export async function fromX(): Promise<number> {
  return xLock.runExclusive(() => fromY());
}`,
    },
    {
      // A lock local to the helper's call (passed as an argument) is out of scope: the helper's parameter has no
      // identity across files, so \`withLock(cacheLock, ...)\` adds no edge.
      filename: file('main.ts'),
      code: `import { Mutex } from 'async-mutex';
import { dbLock, cacheLock } from './db-lock';
import { withLock } from './with-lock';
export async function a() { await cacheLock.runExclusive(() => withLock(dbLock, async () => 1)); }
${ownNesting}`,
    },
    {
      // A file that imports nothing local: as before.
      filename: file('main.ts'),
      code: `import { Mutex } from 'async-mutex';
const dbLock = new Mutex();
const cacheLock = new Mutex();
export async function a() { await dbLock.runExclusive(() => cacheLock.runExclusive(async () => 1)); }
${ownNesting}`,
    },
  ],
  invalid: [
    {
      // The example: cacheLock -> dbLock through withDb, dbLock -> cacheLock in the caller's own code.
      filename: file('main.ts'),
      code: `import { dbLock, cacheLock, withDb } from './db-lock';
export async function a() { await cacheLock.runExclusive(() => withDb(async () => 1)); }
${ownNesting}`,
      errors: [
        {
          messageId: 'lockOrderCycleThroughImport',
          data: through('dbLock', 'withDb', 'db-lock.ts:7', 'cacheLock', 3),
          line: 2,
          column: 64,
          endLine: 2,
          endColumn: 85,
        },
        { messageId: 'lockOrderCycle', data: direct('cacheLock', 'dbLock', 2), line: 3, column: 61, endLine: 3, endColumn: 98 },
      ],
    },
    {
      // Renamed imports: \`db\` is dbLock wherever it is named.
      filename: file('main.ts'),
      code: `import { dbLock as db, cacheLock as cache, withDb as run } from './db-lock';
export async function a() { await cache.runExclusive(() => run(async () => 1)); }
export async function b() { await db.runExclusive(() => cache.runExclusive(async () => 2)); }`,
      errors: [
        { messageId: 'lockOrderCycleThroughImport', data: through('db', 'run', 'db-lock.ts:7', 'cache', 3), line: 2, column: 60, endLine: 2, endColumn: 78 },
        { messageId: 'lockOrderCycle', data: direct('cache', 'db', 2), line: 3, column: 57, endLine: 3, endColumn: 90 },
      ],
    },
    {
      // A namespace import.
      filename: file('main.ts'),
      code: `import * as m from './db-lock';
export async function a() { await m.cacheLock.runExclusive(() => m.withDb(async () => 1)); }
export async function b() { await m.dbLock.runExclusive(() => m.cacheLock.runExclusive(async () => 2)); }`,
      errors: [
        {
          messageId: 'lockOrderCycleThroughImport',
          data: through('m.dbLock', 'withDb', 'db-lock.ts:7', 'm.cacheLock', 3),
          line: 2,
          column: 66,
          endLine: 2,
          endColumn: 89,
        },
        { messageId: 'lockOrderCycle', data: direct('m.cacheLock', 'm.dbLock', 2), line: 3, column: 63, endLine: 3, endColumn: 102 },
      ],
    },
    {
      // Through a re-export chain: barrel.ts's runDb is db-lock.ts's withDb.
      filename: file('main.ts'),
      code: `import { dbLock, cacheLock } from './db-lock';
import { runDb } from './barrel';
export async function a() { await cacheLock.runExclusive(() => runDb(async () => 1)); }
${ownNesting}`,
      errors: [
        {
          messageId: 'lockOrderCycleThroughImport',
          data: through('dbLock', 'runDb', 'db-lock.ts:7', 'cacheLock', 4),
          line: 3,
          column: 64,
          endLine: 3,
          endColumn: 84,
        },
        { messageId: 'lockOrderCycle', data: direct('cacheLock', 'dbLock', 3), line: 4, column: 61, endLine: 4, endColumn: 98 },
      ],
    },
    {
      // The lock itself re-exported: barrel.ts's storeLock is db-lock.ts's dbLock, which withDb takes.
      filename: file('main.ts'),
      code: `import { cacheLock, withDb } from './db-lock';
import { storeLock } from './barrel';
export async function a() { await cacheLock.runExclusive(() => withDb(async () => 1)); }
export async function b() { await storeLock.runExclusive(() => cacheLock.runExclusive(async () => 2)); }`,
      errors: [
        {
          messageId: 'lockOrderCycleThroughImport',
          data: through('storeLock', 'withDb', 'db-lock.ts:7', 'cacheLock', 4),
          line: 3,
          column: 64,
          endLine: 3,
          endColumn: 85,
        },
        { messageId: 'lockOrderCycle', data: direct('cacheLock', 'storeLock', 3), line: 4, column: 64, endLine: 4, endColumn: 101 },
      ],
    },
    {
      // A lock the module exports as its default: \`journal\` here is default-lock.ts's \`journal\`.
      filename: file('main.ts'),
      code: `import journal, { withJournal } from './default-lock';
import { cacheLock } from './db-lock';
export async function a() { await cacheLock.runExclusive(() => withJournal(async () => 1)); }
export async function b() { await journal.runExclusive(() => cacheLock.runExclusive(async () => 2)); }`,
      errors: [
        {
          messageId: 'lockOrderCycleThroughImport',
          data: through('journal', 'withJournal', 'default-lock.ts:7', 'cacheLock', 4),
          line: 3,
          column: 64,
          endLine: 3,
          endColumn: 90,
        },
        { messageId: 'lockOrderCycle', data: direct('cacheLock', 'journal', 3), line: 4, column: 62, endLine: 4, endColumn: 99 },
      ],
    },
    {
      // Depth 2: store.ts's save takes dbLock through withDb, which it imports; the message names where.
      filename: file('main.ts'),
      code: `import { dbLock, cacheLock } from './db-lock';
import { save } from './store';
export async function a() { await cacheLock.runExclusive(() => save('x')); }
${ownNesting}`,
      errors: [
        {
          messageId: 'lockOrderCycleThroughImport',
          data: through('dbLock', 'save', 'db-lock.ts:7', 'cacheLock', 4),
          line: 3,
          column: 64,
          endLine: 3,
          endColumn: 73,
        },
        { messageId: 'lockOrderCycle', data: direct('cacheLock', 'dbLock', 3), line: 4, column: 61, endLine: 4, endColumn: 98 },
      ],
    },
    {
      // A Web Lock is its name in every file: ledger.ts's 'ledger' (through barrel.ts's \`export *\`) is this file's.
      filename: file('main.ts'),
      code: `import { Mutex } from 'async-mutex';
import { withLedger } from './barrel';
const books = new Mutex();
export async function a() { await books.runExclusive(() => withLedger(async () => 1)); }
export async function b() { await navigator.locks.request('ledger', () => books.runExclusive(async () => 2)); }`,
      errors: [
        {
          messageId: 'lockOrderCycleThroughImport',
          data: through('ledger', 'withLedger', 'ledger.ts:2', 'books', 5),
          line: 4,
          column: 60,
          endLine: 4,
          endColumn: 85,
        },
        { messageId: 'lockOrderCycle', data: direct('books', 'ledger', 4), line: 5, column: 75, endLine: 5, endColumn: 108 },
      ],
    },
    {
      // An explicit acquisition in the helper (withCache's \`await cacheLock.acquire()\`, line 11), and the caller
      // holding an explicit one of its own.
      filename: file('main.ts'),
      code: `import { dbLock, cacheLock, withCache } from './db-lock';
export async function a() {
  const release = await cacheLock.acquire();
  try {
    await dbLock.runExclusive(async () => 1);
  } finally {
    release();
  }
}
export async function b() { await dbLock.runExclusive(() => withCache(async () => 2)); }`,
      errors: [
        { messageId: 'lockOrderCycle', data: direct('dbLock', 'cacheLock', 10), line: 5, column: 11, endLine: 5, endColumn: 45 },
        {
          messageId: 'lockOrderCycleThroughImport',
          data: through('cacheLock', 'withCache', 'db-lock.ts:11', 'dbLock', 5),
          line: 10,
          column: 61,
          endLine: 10,
          endColumn: 85,
        },
      ],
    },
    {
      // The callback an imported function runs holding its lock: withDb runs the arrow holding dbLock, which is
      // held from the call on (line 2), so cacheLock inside it comes after dbLock.
      filename: file('main.ts'),
      code: `import { dbLock, cacheLock, withDb } from './db-lock';
export async function a() { await withDb(() => cacheLock.runExclusive(async () => 1)); }
export async function b() { await cacheLock.runExclusive(() => dbLock.runExclusive(async () => 2)); }`,
      errors: [
        { messageId: 'lockOrderCycle', data: direct('cacheLock', 'dbLock', 3), line: 2, column: 48, endLine: 2, endColumn: 85 },
        { messageId: 'lockOrderCycle', data: direct('dbLock', 'cacheLock', 2), line: 3, column: 64, endLine: 3, endColumn: 98 },
      ],
    },
    {
      // Depth 2: store.ts's inDb hands its parameter to withDb; an explicit acquisition around the call of the
      // parameter (withCache's \`await fn()\` holding cacheLock) counts the same.
      filename: file('main.ts'),
      code: `import { dbLock, cacheLock, withCache } from './db-lock';
import { inDb } from './store';
export async function a() { await inDb(() => cacheLock.runExclusive(async () => 1)); }
export async function b() { await withCache(() => dbLock.runExclusive(async () => 2)); }`,
      errors: [
        { messageId: 'lockOrderCycle', data: direct('cacheLock', 'dbLock', 4), line: 3, column: 46, endLine: 3, endColumn: 83 },
        { messageId: 'lockOrderCycle', data: direct('dbLock', 'cacheLock', 3), line: 4, column: 51, endLine: 4, endColumn: 85 },
      ],
    },
    {
      // What a callback acquires is nested in what the caller holds around the imported call, too.
      filename: file('main.ts'),
      code: `import { dbLock, cacheLock, withDb } from './db-lock';
export async function a() { await cacheLock.runExclusive(() => withDb(() => dbLock.runExclusive(async () => 1))); }`,
      errors: [
        {
          messageId: 'reentrant',
          data: { lock: 'dbLock', heldLine: '2', kind: 'Mutex' },
          line: 2,
          column: 77,
          endLine: 2,
          endColumn: 111,
        },
      ],
    },
    {
      // Re-entry through an imported helper: withDb waits for the dbLock this task holds.
      filename: file('main.ts'),
      code: `import { dbLock, withDb } from './db-lock';
export async function a() { await dbLock.runExclusive(() => withDb(async () => 1)); }`,
      errors: [
        {
          messageId: 'reentrantThroughImport',
          data: { callee: 'withDb', lock: 'dbLock', innerAt: 'db-lock.ts:7', heldLine: '2', kind: 'Mutex' },
          line: 2,
          column: 61,
          endLine: 2,
          endColumn: 82,
        },
      ],
    },
    {
      // A cycle of modules still summarizes what it can: fromX takes xLock (cycle-x.ts:7).
      filename: file('main.ts'),
      code: `import { Mutex } from 'async-mutex';
import { fromX, xLock } from './cycle-x';
const yard = new Mutex();
export async function a() { await yard.runExclusive(() => fromX()); }
export async function b() { await xLock.runExclusive(() => yard.runExclusive(async () => 2)); }`,
      errors: [
        {
          messageId: 'lockOrderCycleThroughImport',
          data: through('xLock', 'fromX', 'cycle-x.ts:7', 'yard', 5),
          line: 4,
          column: 59,
          endLine: 4,
          endColumn: 66,
        },
        { messageId: 'lockOrderCycle', data: direct('yard', 'xLock', 4), line: 5, column: 60, endLine: 5, endColumn: 92 },
      ],
    },
  ],
});

describe('consistent-lock-order across modules, with the real Linter', () => {
  it('names the file and line where the imported function acquires the lock', () => {
    const code = `import { dbLock, cacheLock, withDb } from './db-lock';
export async function a() { await cacheLock.runExclusive(() => withDb(async () => 1)); }
${ownNesting}`;
    const messages = lint(code, { filename: file('main.ts'), rules: { 'consistent-lock-order': [] } });
    expect(messages.map((message) => [message.line, message.column, message.message])).toEqual([
      [
        2,
        64,
        '`dbLock` is acquired by `withDb` (db-lock.ts:7) while holding `cacheLock` here, but `cacheLock` is acquired while holding `dbLock` at line 3: two tasks running these can deadlock.',
      ],
      [
        3,
        61,
        '`cacheLock` is acquired while holding `dbLock` here, but `dbLock` is acquired while holding `cacheLock` at line 2: two tasks running these can deadlock.',
      ],
    ]);
  });

  it('follows require() in a CommonJS file parsed with espree into a TypeScript module', () => {
    const code = `const { dbLock, cacheLock, withDb } = require('./db-lock');
async function a() { await cacheLock.runExclusive(() => withDb(async () => 1)); }
async function b() { await dbLock.runExclusive(() => cacheLock.runExclusive(async () => 2)); }
module.exports = { a, b };`;
    const messages = lint(code, { filename: file('main.js'), rules: { 'consistent-lock-order': [] }, languageOptions: { sourceType: 'commonjs' } });
    expect(messages.map((message) => [message.line, message.column, message.endLine, message.endColumn, message.message])).toEqual([
      [
        2,
        57,
        2,
        78,
        '`dbLock` is acquired by `withDb` (db-lock.ts:7) while holding `cacheLock` here, but `cacheLock` is acquired while holding `dbLock` at line 3: two tasks running these can deadlock.',
      ],
      [
        3,
        54,
        3,
        91,
        '`cacheLock` is acquired while holding `dbLock` here, but `dbLock` is acquired while holding `cacheLock` at line 2: two tasks running these can deadlock.',
      ],
    ]);
  });

  it('reports nothing from the imported modules themselves', () => {
    const code = `import { save } from './store';\nimport { fromY } from './cycle-y';\nexport async function a() { await save('x'); await fromY(); }`;
    expect(lint(code, { filename: file('main.ts') })).toEqual([]);
  });
});
