/**
 * no-blocking-wait across module boundaries: a call of an imported function that runs `Atomics.wait` on the
 * caller's thread, in a file that runs on a browser's main thread. The importing code is linted as a file of
 * tests/fixtures/modules/ (blocking/sleep.ts, and blocking/index.ts, a barrel that renames `pause`).
 */
import * as path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-blocking-wait';

const ruleTester = new RuleTester();
const filename = path.join(path.resolve(__dirname, '../fixtures/modules'), 'main.ts');

function through(callee: string, where: string, line: number, evidence = 'document'): Record<string, string> {
  return { callee, wait: 'Atomics.wait', where, alternative: 'Atomics.waitAsync', evidence, line: String(line) };
}

ruleTester.run('no-blocking-wait (imported modules)', rule, {
  valid: [
    {
      // Nothing says this file runs on a page: a worker or Node may block.
      filename,
      code: `import { sleep } from './blocking/sleep';
export function tick() { sleep(5); }`,
    },
    {
      // The helper tests its environment before it blocks; the non-blocking wait; a function returned to call later.
      filename,
      code: `import { nap, rest, later } from './blocking/sleep';
export async function onClick() {
  document.title = 'working';
  nap(5);
  await rest(5);
  const wait = later(5);
  return wait;
}`,
    },
    {
      // followImports off: the imported function is an unknown call.
      filename,
      settings: { fearless: { followImports: false } },
      code: `import { sleep } from './blocking/sleep';
document.title = 'x';
sleep(5);`,
    },
    {
      // checkMainThread off.
      filename,
      options: [{ checkMainThread: false, checkEventLoop: true }],
      code: `import { sleep } from './blocking/sleep';
document.title = 'x';
sleep(5);`,
    },
  ],
  invalid: [
    {
      // Page code (it uses `document`) calls a helper that blocks: the wait throws there.
      filename,
      code: `import { sleep } from './blocking/sleep';
export function onClick() {
  document.body.classList.add('busy');
  sleep(100);
}`,
      errors: [{ messageId: 'onMainThreadThrough', data: through('sleep', 'blocking/sleep.ts:6', 3), line: 4, column: 3, endLine: 4, endColumn: 13 }],
    },
    {
      // Through a second helper of the module, under a renamed re-export, and through a namespace import.
      filename,
      code: `import { hold } from './blocking';
import * as timing from './blocking/sleep';
window.addEventListener('load', () => {
  hold();
  timing.sleep(1);
});`,
      errors: [
        { messageId: 'onMainThreadThrough', data: through('hold', 'blocking/sleep.ts:6', 3, 'window'), line: 4, column: 3, endLine: 4, endColumn: 9 },
        { messageId: 'onMainThreadThrough', data: through('sleep', 'blocking/sleep.ts:6', 3, 'window'), line: 5, column: 3, endLine: 5, endColumn: 18 },
      ],
    },
    {
      // Declared in settings as main-thread code.
      filename,
      settings: { fearless: { threads: { main: ['**/main.ts'] } } },
      code: `import { pause } from './blocking/sleep';
export function step() { pause(); }`,
      errors: [
        {
          messageId: 'declaredMainThreadThrough',
          data: { callee: 'pause', wait: 'Atomics.wait', where: 'blocking/sleep.ts:6', alternative: 'Atomics.waitAsync', pattern: '**/main.ts' },
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 33,
        },
      ],
    },
  ],
});
