/**
 * no-unguarded-shared-state across module boundaries: shared memory passed to a function of a local module that
 * accesses it without Atomics or a lock is reported at the call, where the memory is known to be shared (the
 * module cannot know). The importing code is linted as a file of tests/fixtures/modules/shared/, whose modules
 * (counters.ts, tally.ts, index.ts, ping.ts and pong.ts) are real files on disk.
 */
import * as path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-unguarded-shared-state';
import { typedLanguageOptions } from '../typed';

const ruleTester = new RuleTester();
const filename = path.join(path.resolve(__dirname, '../fixtures/modules/shared'), 'main.ts');

/** Lines 2 to 4 of every case: memory made as shared and posted at line 4; line 5 calls the helper. */
const shared = `const worker = new Worker('w.js');
const counts = new Int32Array(new SharedArrayBuffer(64));
worker.postMessage(counts);`;
const origin = 'shared with another thread by `worker.postMessage` at line 4';
const lost = 'an update from another thread between its read and its write is lost.';

/** The message data of `bump`'s `counts[i]++` (counters.ts:2) reached through `callee`. */
function bumped(callee: string, where = 'counters.ts:2', maker = callee): Record<string, string> {
  return {
    name: 'counts',
    origin,
    callee,
    effect: 'updates it with a plain `++`',
    where,
    consequence: lost,
    remedy: `Use \`Atomics\` in \`${maker}\`, or hold a lock around this call.`,
  };
}

ruleTester.run('no-unguarded-shared-state (imported modules)', rule, {
  valid: [
    {
      // The helper uses Atomics.
      filename,
      code: `import { bumpAtomic } from './counters';
${shared}
export function tick() { bumpAtomic(counts, 0); }`,
    },
    {
      // The helper updates it under an Atomics.Mutex.
      filename,
      code: `import { bumpLocked } from './counters';
${shared}
export function tick(mutex: unknown) { bumpLocked(counts, mutex, 0); }`,
    },
    {
      // The helper only reads it, with no loop spinning on the read.
      filename,
      code: `import { read } from './counters';
${shared}
export function tick() { return read(counts, 0); }`,
    },
    {
      // The caller holds a lock around the call.
      filename,
      code: `import { bump } from './counters';
${shared}
export function tick(mutex: unknown) { Atomics.Mutex.lock(mutex, () => { bump(counts, 0); }); }`,
    },
    {
      // Initialization: the helper runs before the memory is sent.
      filename,
      code: `import { bump } from './counters';
export function start() {
  const worker = new Worker('w.js');
  const counts = new Int32Array(new SharedArrayBuffer(64));
  bump(counts, 0);
  worker.postMessage(counts);
}`,
    },
    {
      // Not shared memory: a plain ArrayBuffer (posted as a copy).
      filename,
      code: `import { bump } from './counters';
const worker = new Worker('w.js');
const counts = new Int32Array(new ArrayBuffer(64));
worker.postMessage(counts);
export function tick() { bump(counts, 0); }`,
    },
    {
      // \`settings.fearless.followImports: false\`: the imported function is an unknown call.
      filename,
      settings: { fearless: { followImports: false } },
      code: `import { bump } from './counters';
${shared}
export function tick() { bump(counts, 0); }`,
    },
    {
      // A module that cannot be found: nothing is known of the call.
      filename,
      code: `import { bump } from './no-such-module';
${shared}
export function tick() { bump(counts, 0); }`,
    },
    {
      // A module that does not parse: skipped quietly.
      filename,
      code: `import { ship } from '../broken';
${shared}
export function tick() { ship(counts); }`,
    },
  ],
  invalid: [
    {
      // Named import: `bump` does `counts[i]++`.
      filename,
      code: `import { bump } from './counters';
${shared}
export function tick() { bump(counts, 0); }`,
      errors: [{ messageId: 'racyInHelper', data: bumped('bump'), line: 5, column: 26, endLine: 5, endColumn: 41 }],
    },
    {
      // Renamed import: messages name the call as written.
      filename,
      code: `import { bump as increment } from './counters';
${shared}
export function tick() { increment(counts, 0); }`,
      errors: [{ messageId: 'racyInHelper', data: bumped('increment'), line: 5, column: 26, endLine: 5, endColumn: 46 }],
    },
    {
      // Namespace import.
      filename,
      code: `import * as counters from './counters';
${shared}
export function tick() { counters.bump(counts, 0); }`,
      errors: [{ messageId: 'racyInHelper', data: bumped('counters.bump'), line: 5, column: 26, endLine: 5, endColumn: 50 }],
    },
    {
      // Default export: a plain write (`counts[0] = 0`).
      filename,
      code: `import reset from './counters';
${shared}
export function tick() { reset(counts); }`,
      errors: [
        {
          messageId: 'racyInHelper',
          data: {
            name: 'counts',
            origin,
            callee: 'reset',
            effect: 'writes it plainly',
            where: 'counters.ts:9',
            consequence: 'the other thread may never see the write, or see it out of order.',
            remedy: 'Use `Atomics` in `reset`, or hold a lock around this call.',
          },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 39,
        },
      ],
    },
    {
      // A re-export chain: index.ts re-exports tally.ts, which re-exports counters.ts's `bump` as `increment`.
      filename,
      code: `import { increment } from './index';
${shared}
export function tick() { increment(counts, 0); }`,
      errors: [{ messageId: 'racyInHelper', data: bumped('increment'), line: 5, column: 26, endLine: 5, endColumn: 46 }],
    },
    {
      // Depth 2: `bumpAll` (tally.ts) passes it to `bump` (counters.ts), which updates it.
      filename,
      code: `import { bumpAll } from './tally';
${shared}
export function tick() { bumpAll(counts, 3); }`,
      errors: [{ messageId: 'racyInHelper', data: bumped('bumpAll', 'in `bump`, counters.ts:2', 'bump'), line: 5, column: 26, endLine: 5, endColumn: 44 }],
    },
    {
      // A path under the parameter: `clear(state)` fills `state.flags`, shared here.
      filename,
      code: `import { clear } from './counters';
const worker = new Worker('w.js');
const flags = new Int32Array(new SharedArrayBuffer(64));
const state = { flags };
worker.postMessage(state);
export function tick() { clear(state); }`,
      errors: [
        {
          messageId: 'racyInHelper',
          data: {
            name: 'state.flags',
            origin: 'shared with another thread by `worker.postMessage` at line 5',
            callee: 'clear',
            effect: 'writes it with `.fill()` without synchronization',
            where: 'counters.ts:8',
            consequence: 'the other thread may never see the writes, or see them out of order.',
            remedy: 'Use `Atomics` in `clear`, or hold a lock around this call.',
          },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 38,
        },
      ],
    },
    {
      // A spin on a plain read in the helper.
      filename,
      code: `import { waitFor } from './counters';
${shared}
export function tick() { waitFor(counts); }`,
      errors: [
        {
          messageId: 'racyInHelper',
          data: {
            name: 'counts',
            origin,
            callee: 'waitFor',
            effect: 'waits in a loop on a plain read of it',
            where: 'counters.ts:10',
            consequence: 'the JIT may hoist the read out of the loop and spin forever.',
            remedy: 'Use `Atomics` in `waitFor`, or hold a lock around this call.',
          },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 41,
        },
      ],
    },
    {
      // The exported function passes it to a function of its own module, which writes it.
      filename,
      code: `import { zeroAll } from './counters';
${shared}
export function tick() { zeroAll(counts); }`,
      errors: [
        {
          messageId: 'racyInHelper',
          data: {
            name: 'counts',
            origin,
            callee: 'zeroAll',
            effect: 'writes it plainly',
            where: 'in `zero`, counters.ts:12',
            consequence: 'the other thread may never see the write, or see it out of order.',
            remedy: 'Use `Atomics` in `zero`, or hold a lock around this call.',
          },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 41,
        },
      ],
    },
    {
      // Floats: Atomics does not take them, so the remedy is a lock.
      filename,
      code: `import { bump } from './counters';
const worker = new Worker('w.js');
const levels = new Float64Array(new SharedArrayBuffer(64));
worker.postMessage(levels);
export function tick() { bump(levels, 0); }`,
      errors: [
        {
          messageId: 'racyInHelper',
          data: { ...bumped('bump'), name: 'levels', remedy: '`Atomics` does not work on a Float64Array: hold a lock around this call.' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 41,
        },
      ],
    },
    {
      // With type information: a parameter typed as shared memory, passed on to the imported helper.
      filename: path.join(path.resolve(__dirname, '../fixtures/typed'), 'file.ts'),
      languageOptions: typedLanguageOptions,
      code: `import { bump } from '../modules/shared/counters';
export function tick(counts: Int32Array & { readonly buffer: SharedArrayBuffer }) {
  bump(counts, 0);
}`,
      errors: [
        {
          messageId: 'racyInHelper',
          data: { ...bumped('bump', '../modules/shared/counters.ts:2'), origin: 'typed as shared memory' },
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 18,
        },
      ],
    },
    {
      // A helper named like a bulk write, through a namespace: a call of the helper, not `.fill()` on `counters`.
      filename,
      code: `import * as counters from './counters';
${shared}
export function tick() { counters.fill(counts); }`,
      errors: [
        {
          messageId: 'racyInHelper',
          data: {
            name: 'counts',
            origin,
            callee: 'counters.fill',
            effect: 'writes it with `.fill()` without synchronization',
            where: 'counters.ts:13',
            consequence: 'the other thread may never see the writes, or see them out of order.',
            remedy: 'Use `Atomics` in `counters.fill`, or hold a lock around this call.',
          },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 47,
        },
      ],
    },
    {
      // A destructured parameter: `clearFlags({ flags })` writes `flags[0]`, which is `state.flags` here.
      filename,
      code: `import { clearFlags } from './counters';
const worker = new Worker('w.js');
const flags = new Int32Array(new SharedArrayBuffer(64));
const state = { flags };
worker.postMessage(state);
export function tick() { clearFlags(state); }`,
      errors: [
        {
          messageId: 'racyInHelper',
          data: {
            name: 'state.flags',
            origin: 'shared with another thread by `worker.postMessage` at line 5',
            callee: 'clearFlags',
            effect: 'writes it plainly',
            where: 'counters.ts:14',
            consequence: 'the other thread may never see the write, or see it out of order.',
            remedy: 'Use `Atomics` in `clearFlags`, or hold a lock around this call.',
          },
          line: 6,
          column: 26,
          endLine: 6,
          endColumn: 43,
        },
      ],
    },
    {
      // An object literal at the call: `clear({ flags })` fills the literal's `flags`, shared here.
      filename,
      code: `import { clear } from './counters';
const worker = new Worker('w.js');
const flags = new Int32Array(new SharedArrayBuffer(64));
worker.postMessage(flags);
export function tick() { clear({ flags }); }`,
      errors: [
        {
          messageId: 'racyInHelper',
          data: {
            name: 'flags',
            origin: 'shared with another thread by `worker.postMessage` at line 4',
            callee: 'clear',
            effect: 'writes it with `.fill()` without synchronization',
            where: 'counters.ts:8',
            consequence: 'the other thread may never see the writes, or see them out of order.',
            remedy: 'Use `Atomics` in `clear`, or hold a lock around this call.',
          },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 42,
        },
      ],
    },
    {
      // The same inside the module: `clearAll(state)` passes `{ flags: state.flags }` on to `clear`.
      filename,
      code: `import { clearAll } from './tally';
const worker = new Worker('w.js');
const flags = new Int32Array(new SharedArrayBuffer(64));
worker.postMessage(flags);
export function tick() { clearAll({ flags }); }`,
      errors: [
        {
          messageId: 'racyInHelper',
          data: {
            name: 'flags',
            origin: 'shared with another thread by `worker.postMessage` at line 4',
            callee: 'clearAll',
            effect: 'writes it with `.fill()` without synchronization',
            where: 'in `clear`, counters.ts:8',
            consequence: 'the other thread may never see the writes, or see them out of order.',
            remedy: 'Use `Atomics` in `clear`, or hold a lock around this call.',
          },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 45,
        },
      ],
    },
    {
      // An import cycle (ping.ts <-> pong.ts) terminates: `pong` reaches `ping`'s plain write.
      filename,
      code: `import { pong } from './pong';
${shared}
export function tick() { pong(counts, 2); }`,
      errors: [
        {
          messageId: 'racyInHelper',
          data: {
            name: 'counts',
            origin,
            callee: 'pong',
            effect: 'writes it plainly',
            where: 'in `ping`, ping.ts:4',
            consequence: 'the other thread may never see the write, or see it out of order.',
            remedy: 'Use `Atomics` in `ping`, or hold a lock around this call.',
          },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 41,
        },
      ],
    },
    {
      // Memory received and accessed with Atomics in this file is shared too; plain writes are still reported
      // when \`reportPlainWrites\` is on (the default), and only updates when it is off.
      filename,
      options: [{ reportPlainWrites: false, guardedState: false }],
      code: `import { bump } from './counters';
import reset from './counters';
import { workerData } from 'node:worker_threads';
const counts = new Int32Array(workerData.counts);
Atomics.store(counts, 1, 1);
export function tick() { reset(counts); bump(counts, 0); }`,
      errors: [
        {
          messageId: 'racyInHelper',
          data: { ...bumped('bump'), origin: 'also accessed with `Atomics.store` at line 5' },
          line: 6,
          column: 41,
          endLine: 6,
          endColumn: 56,
        },
      ],
    },
  ],
});
