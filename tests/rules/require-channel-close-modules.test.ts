/**
 * require-channel-close across module boundaries: an endpoint passed to a function of a local module that
 * closes it, or keeps it where it outlives the call, is discharged there; one that the function only looks at
 * stays open. This matters with `unknownCallIsHandoff: false` (strict): by default every call hands it off.
 * The importing code is linted as a file of tests/fixtures/modules/ (ports.ts). Each caller listens on port1,
 * which is what keeps an unclosed port alive (an endpoint nobody listens on is not reported).
 */
import * as path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-channel-close';

const ruleTester = new RuleTester();
const filename = path.join(path.resolve(__dirname, '../fixtures/modules'), 'main.ts');
// The defaults, except that an unknown call is not a hand-off.
const strict = [
  { unknownCallIsHandoff: false, unrefIsDischarge: false, requireStart: false, workers: false, streamReaders: false, comlinkRemotes: false },
] as const;
const listened = `  const { port1 } = new MessageChannel();
  port1.onmessage = (event) => console.log(event.data);`;
const portSymptom = 'it keeps the event loop alive and leaks the port';
const openedHere = { what: '`port1` of this MessageChannel', symptom: portSymptom, closed: 'closed' };

ruleTester.run('require-channel-close (imported modules)', rule, {
  valid: [
    {
      // Closed by a method of an imported class, on an instance the function creates.
      filename,
      options: strict,
      code: `import { PortKeeper } from './ports';
export function run() {
${listened}
  new PortKeeper().inspect(port1);
  const keeper = new PortKeeper();
  keeper.retire(port1);
}`,
    },
    {
      // Closed by the imported helper (a module that names no channel API), named import.
      filename,
      options: strict,
      code: `import { retire } from './ports';
export function run() {
${listened}
  retire(port1);
}`,
    },
    {
      // Kept in the module's registry (its owner closes it), through a namespace import.
      filename,
      options: strict,
      code: `import * as ports from './ports';
export function run() {
${listened}
  ports.adopt(port1);
}`,
    },
    {
      // Closed in a closure the helper installs (an exported arrow function).
      filename,
      options: strict,
      code: `import { answerOnce } from './ports';
export function run() {
${listened}
  answerOnce(port1);
}`,
    },
    {
      // Default options: a call hands the port off, whatever the helper does.
      filename,
      code: `import { inspect } from './ports';
export function run() {
${listened}
  inspect(port1);
}`,
    },
  ],
  invalid: [
    {
      // A method of an imported class that only looks at the port.
      filename,
      options: strict,
      code: `import { PortKeeper } from './ports';
const keeper = new PortKeeper();
export function run() {
${listened}
  keeper.inspect(port1);
}`,
      errors: [{ messageId: 'neverClosed', data: openedHere, line: 4, column: 11, endLine: 4, endColumn: 16 }],
    },
    {
      // The helper only looks at port1: it stays open.
      filename,
      options: strict,
      code: `import { inspect } from './ports';
export function run() {
${listened}
  inspect(port1);
}`,
      errors: [{ messageId: 'neverClosed', data: openedHere, line: 3, column: 11, endLine: 3, endColumn: 16 }],
    },
    {
      // followImports off: the imported helper is an unknown call, which strict does not count as a hand-off.
      filename,
      options: strict,
      settings: { fearless: { followImports: false } },
      code: `import { retire } from './ports';
export function run() {
${listened}
  retire(port1);
}`,
      errors: [{ messageId: 'neverClosed', data: openedHere, line: 3, column: 11, endLine: 3, endColumn: 16 }],
    },
    {
      // A module that cannot be found: nothing is known of the call.
      filename,
      options: strict,
      code: `import { retire } from './no-such-module';
export function run() {
${listened}
  retire(port1);
}`,
      errors: [{ messageId: 'neverClosed', data: openedHere, line: 3, column: 11, endLine: 3, endColumn: 16 }],
    },
  ],
});
