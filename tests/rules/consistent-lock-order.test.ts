import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/consistent-lock-order';

const ruleTester = new RuleTester();

ruleTester.run('consistent-lock-order', rule, {
  valid: [
    // async-lock: one key at a time, and the same order of keys everywhere.
    `
const AsyncLock = require('async-lock');
const lock = new AsyncLock();
export function ab() { return lock.acquire('a', () => lock.acquire('b', () => 1)); }
export function ab2() { return lock.acquire('a', () => lock.acquire('b', () => 2)); }
export function c() { return lock.acquire('c', () => 3); }
`,
    // A nested request for the held name that the holder does not wait for is queued, not deadlocked (bench class 11);
    // nor is a voided request in the opposite order an order edge.
    `
export async function refresh(save) {
  await navigator.locks.request('session', async () => {
    navigator.locks.request('session', () => save());
  });
}
export async function a() {
  await navigator.locks.request('x', async () => {
    void navigator.locks.request('y', async () => {});
  });
}
export async function b() {
  await navigator.locks.request('y', async () => {
    await navigator.locks.request('x', async () => {});
  });
}
`,
    // The same order everywhere.
    `
import { Mutex } from 'async-mutex';
const a = new Mutex();
const b = new Mutex();
async function one() { await a.runExclusive(() => b.runExclusive(async () => {})); }
async function two() {
  const releaseA = await a.acquire();
  try {
    const releaseB = await b.acquire();
    try {} finally { releaseB(); }
  } finally { releaseA(); }
}
`,
    // Released before the other is taken: no nesting.
    `
import { Mutex } from 'async-mutex';
const a = new Mutex();
const b = new Mutex();
async function one() { await a.runExclusive(() => b.runExclusive(async () => {})); }
async function two() {
  const releaseB = await b.acquire();
  releaseB();
  const releaseA = await a.acquire();
  releaseA();
}
`,
    // Non-blocking acquisitions add no edge.
    `
import { Mutex, tryAcquire } from 'async-mutex';
const a = new Mutex();
const b = new Mutex();
async function one() { await a.runExclusive(() => b.runExclusive(async () => {})); }
async function two() {
  await b.runExclusive(() => tryAcquire(a).runExclusive(async () => {}));
  await navigator.locks.request('x', async () => {
    await navigator.locks.request('y', { ifAvailable: true }, async () => {});
  });
}
async function three() {
  await navigator.locks.request('y', async () => {
    await navigator.locks.request('x', { ifAvailable: true }, async () => {});
  });
}
`,
    // Two shared holders do not conflict.
    `
async function read() {
  await navigator.locks.request('cache', { mode: 'shared' }, async () => {
    await navigator.locks.request('settings', { mode: 'shared' }, async () => {});
  });
}
async function peek() {
  await navigator.locks.request('settings', { mode: 'shared' }, async () => {
    await navigator.locks.request('cache', { mode: 'shared' }, async () => {});
  });
}
`,
    // A method calls an unlocked helper under the lock.
    `
import { Mutex } from 'async-mutex';
class Vault {
  mutex = new Mutex();
  async save(data) { await this.mutex.runExclusive(() => this.write(data)); }
  async write(data) { return data; }
  async rotate() { await this.mutex.runExclusive(async () => { await this.write(1); }); }
}
`,
    // Locks of different instances' own locals are different locks.
    `
import { Mutex } from 'async-mutex';
async function one() { const a = new Mutex(); const b = new Mutex(); await a.runExclusive(() => b.runExclusive(async () => {})); }
async function two() { const a = new Mutex(); const b = new Mutex(); await b.runExclusive(() => a.runExclusive(async () => {})); }
`,
    // Argument order is only checked with the option, and not when the function orders the locks.
    `
async function transfer(from, to) {
  const r1 = await from.mutex.acquire();
  const r2 = await to.mutex.acquire();
  r2(); r1();
}
`,
    {
      code: `
async function transfer(from, to) {
  const [first, second] = from.id < to.id ? [from, to] : [to, from];
  const r1 = await first.mutex.acquire();
  const r2 = await second.mutex.acquire();
  r2(); r1();
}
async function swap(a, b) {
  if (a.id > b.id) return swap(b, a);
  const r1 = await a.lock.acquire();
  const r2 = await b.lock.acquire();
  r2(); r1();
}
`,
      options: [{ order: [], checkArgumentOrder: true, checkRoundTrip: false }],
    },
    // A declared order that is followed.
    {
      code: `
import { Mutex } from 'async-mutex';
const accounts = new Mutex();
const ledger = new Mutex();
async function ok() { await accounts.runExclusive(() => ledger.runExclusive(async () => {})); }
`,
      options: [{ order: ['accounts', 'ledger'], checkArgumentOrder: false, checkRoundTrip: false }],
    },
  ],
  invalid: [
    {
      // async-lock's keyed locks (bench miss L2): 'a' then 'b' against 'b' then 'a'.
      code: `
import AsyncLock from 'async-lock';
const lock = new AsyncLock();
export function ab() { return lock.acquire('a', () => lock.acquire('b', () => 1)); }
export function ba() { return lock.acquire('b', () => lock.acquire('a', () => 1)); }
`,
      errors: [
        {
          messageId: 'lockOrderCycle',
          data: { inner: "lock 'b'", outer: "lock 'a'", other: "while holding `lock 'b'` at line 5" },
          line: 4,
          column: 55,
          endLine: 4,
          endColumn: 81,
        },
        {
          messageId: 'lockOrderCycle',
          data: { inner: "lock 'a'", outer: "lock 'b'", other: "while holding `lock 'a'` at line 4" },
          line: 5,
          column: 55,
          endLine: 5,
          endColumn: 81,
        },
      ],
    },
    {
      // A then B in one function, B then A in another: both inner acquisitions are reported.
      code: `
import { Mutex } from 'async-mutex';
const accounts = new Mutex();
const ledger = new Mutex();
async function transfer() {
  const releaseAccounts = await accounts.acquire();
  try {
    const releaseLedger = await ledger.acquire();
    releaseLedger();
  } finally {
    releaseAccounts();
  }
}
async function audit() {
  await ledger.runExclusive(async () => {
    await accounts.runExclusive(async () => {});
  });
}
`,
      errors: [
        {
          messageId: 'lockOrderCycle',
          data: { inner: 'ledger', outer: 'accounts', other: 'while holding `ledger` at line 16' },
          line: 8,
          column: 33,
          endLine: 8,
          endColumn: 49,
        },
        {
          messageId: 'lockOrderCycle',
          data: { inner: 'accounts', outer: 'ledger', other: 'while holding `accounts` at line 8' },
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 48,
        },
      ],
    },
    {
      // Web Locks by name, and a cycle of three.
      code: `
async function a() { await navigator.locks.request('x', async () => { await navigator.locks.request('y', async () => {}); }); }
async function b() { await navigator.locks.request('y', async () => { await navigator.locks.request('z', async () => {}); }); }
async function c() { await navigator.locks.request('z', async () => { await navigator.locks.request('x', async () => {}); }); }
`,
      errors: [
        { messageId: 'lockOrderCycle', data: { inner: 'y', outer: 'x', other: 'after `y` through `z` (line 3) and `x` (line 4)' }, line: 2, column: 77 },
        { messageId: 'lockOrderCycle', data: { inner: 'z', outer: 'y', other: 'after `z` through `x` (line 4) and `y` (line 2)' }, line: 3, column: 77 },
        { messageId: 'lockOrderCycle', data: { inner: 'x', outer: 'z', other: 'after `x` through `y` (line 2) and `z` (line 3)' }, line: 4, column: 77 },
      ],
    },
    {
      // Through a call of a function of the file, and fields of one class in two methods.
      code: `
import { Mutex } from 'async-mutex';
class Bank {
  accounts = new Mutex();
  ledger = new Mutex();
  async post() { await this.ledger.runExclusive(async () => {}); }
  async transfer() { await this.accounts.runExclusive(() => this.post()); }
  async audit() { await this.ledger.runExclusive(() => this.accounts.runExclusive(async () => {})); }
}
`,
      errors: [
        {
          messageId: 'lockOrderCycleThroughCall',
          data: { inner: 'this.ledger', outer: 'this.accounts', callee: 'this.post', innerLine: '6', other: 'while holding `this.ledger` at line 8' },
          line: 7,
          column: 61,
        },
        {
          messageId: 'lockOrderCycle',
          data: { inner: 'this.accounts', outer: 'this.ledger', other: 'while holding `this.accounts` at line 7' },
          line: 8,
          column: 56,
        },
      ],
    },
    {
      // Re-entrant: directly, through a call, and a Web Lock requested inside itself.
      code: `
import { Mutex } from 'async-mutex';
class Vault {
  mutex = new Mutex();
  async save() { await this.mutex.runExclusive(async () => {}); }
  async rotate() {
    await this.mutex.runExclusive(async () => {
      await this.save();
    });
  }
  async twice() {
    const release = await this.mutex.acquire();
    try { await this.mutex.acquire(); } finally { release(); }
  }
}
async function nested() {
  await navigator.locks.request('db', async () => {
    await navigator.locks.request('db', async () => {});
  });
}
`,
      errors: [
        {
          messageId: 'reentrantThroughCall',
          data: { callee: 'this.save', lock: 'this.mutex', innerLine: '5', heldLine: '7', kind: 'Mutex' },
          line: 8,
          column: 13,
          endColumn: 24,
        },
        { messageId: 'reentrant', data: { lock: 'this.mutex', heldLine: '12', kind: 'Mutex' }, line: 13, column: 17, endColumn: 37 },
        { messageId: 'reentrant', data: { lock: 'db', heldLine: '17', kind: 'Web Lock' }, line: 18, column: 11 },
      ],
    },
    {
      // Argument order (strict).
      code: `
async function transfer(from, to, amount) {
  const releaseFrom = await from.mutex.acquire();
  const releaseTo = await to.mutex.acquire();
  try {
    from.balance -= amount;
    to.balance += amount;
  } finally {
    releaseTo();
    releaseFrom();
  }
}
`,
      options: [{ order: [], checkArgumentOrder: true, checkRoundTrip: false }],
      errors: [{ messageId: 'argumentOrder', data: { first: 'from.mutex', second: 'to.mutex' }, line: 4, column: 27, endColumn: 45 }],
    },
    {
      // Against a declared order, from the option or from settings.
      code: `
import { Mutex } from 'async-mutex';
const accounts = new Mutex();
const ledger = new Mutex();
async function audit() { await ledger.runExclusive(() => accounts.runExclusive(async () => {})); }
`,
      settings: { fearless: { lockOrder: ['accounts', 'ledger'] } },
      errors: [
        {
          messageId: 'againstDeclaredOrder',
          data: { inner: 'accounts', outer: 'ledger', order: '`accounts` before `ledger`' },
          line: 5,
          column: 58,
        },
      ],
    },
    {
      // A lock class declared in settings.
      code: `
import { SpinLock } from './spin-lock';
const a = new SpinLock();
const b = new SpinLock();
function one() { a.lock(); b.lock(); b.unlock(); a.unlock(); }
function two() { b.lock(); a.lock(); a.unlock(); b.unlock(); }
`,
      settings: { fearless: { locks: [{ class: 'SpinLock', acquire: ['lock'], release: ['unlock'] }] } },
      errors: [
        { messageId: 'lockOrderCycle', data: { inner: 'b', outer: 'a', other: 'while holding `b` at line 6' }, line: 5, column: 28 },
        { messageId: 'lockOrderCycle', data: { inner: 'a', outer: 'b', other: 'while holding `a` at line 5' }, line: 6, column: 28 },
      ],
    },
  ],
});
