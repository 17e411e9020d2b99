import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-use-after-transfer';

const ruleTester = new RuleTester();

// A call converts its arguments to numbers or strings after it has read its receiver: an argument's
// `valueOf`/`toString`/`[Symbol.toPrimitive]` that transfers the receiver's memory detaches it mid-call
// (Deno's `Buffer#utf8Slice` throws RangeError "Index out of range" there).
const viewCall = `
export function slice(buf) {
  const arrayBuffer = buf.buffer;
  const start = {
    valueOf() {
      structuredClone(arrayBuffer, { transfer: [arrayBuffer] });
      return 0;
    },
  };
  return buf.utf8Slice(start, 10);
}
`;

const constructorCall = `
export function view() {
  const ab = new ArrayBuffer(8);
  const offset = { [Symbol.toPrimitive]() { structuredClone(ab, { transfer: [ab] }); return 0; } };
  return new Uint8Array(ab, offset);
}
`;

ruleTester.run('no-use-after-transfer: coercion hooks', rule, {
  valid: [
    // A hook that transfers nothing.
    `
export function slice(bytes) {
  const start = { valueOf() { return 1; } };
  return bytes.subarray(start);
}
`,
    // The hook transfers another buffer than the one the call uses.
    `
export function slice(bytes) {
  const other = new ArrayBuffer(8);
  const start = { valueOf() { structuredClone(other, { transfer: [other] }); return 0; } };
  return bytes.subarray(start);
}
`,
    // A getter is not a coercion hook, and a hook in an object that is not an argument never runs here.
    `
export function slice(bytes) {
  const hooks = { valueOf() { structuredClone(bytes.buffer, { transfer: [bytes.buffer] }); return 0; } };
  return [bytes.subarray(0), hooks];
}
`,
  ],
  invalid: [
    {
      code: viewCall,
      errors: [
        {
          messageId: 'coercionUseAfterTransfer',
          data: {
            name: 'buf',
            moves: 'is transferred',
            argument: 'start',
            hook: 'start.valueOf',
            hookLine: '5',
            what: '`arrayBuffer`, whose memory `buf` shares,',
            transfer: '`structuredClone` at line 6',
            state: 'detached (zero length)',
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 13,
          suggestions: [
            {
              messageId: 'copyInsteadOfTransfer',
              data: { name: 'arrayBuffer' },
              output: viewCall.replace('structuredClone(arrayBuffer, { transfer: [arrayBuffer] })', 'structuredClone(arrayBuffer, { transfer: [] })'),
            },
          ],
        },
      ],
    },
    {
      code: constructorCall,
      errors: [
        {
          messageId: 'coercionUseAfterTransfer',
          data: {
            name: 'ab',
            moves: 'is transferred',
            argument: 'offset',
            hook: 'offset[Symbol.toPrimitive]',
            hookLine: '4',
            what: 'it',
            transfer: '`structuredClone` at line 4',
            state: 'detached (zero length)',
          },
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'copyInsteadOfTransfer',
              data: { name: 'ab' },
              output: constructorCall.replace('{ transfer: [ab] }', '{ transfer: [] }'),
            },
          ],
        },
      ],
    },
  ],
});
