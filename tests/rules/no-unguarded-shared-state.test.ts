import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-unguarded-shared-state';
import { typedLanguageOptions } from '../typed';

const ruleTester = new RuleTester();

const guardedOn: [{ reportPlainWrites: boolean; guardedState: { minGuardedSites: number } }] = [
  { reportPlainWrites: true, guardedState: { minGuardedSites: 1 } },
];

const account = `
import { Mutex } from 'async-mutex';
export class Account {
  #mutex = new Mutex();
  constructor() {
    this.balance = 0;
  }
  async deposit(n) {
    await this.#mutex.runExclusive(async () => {
      const b = this.balance;
      await audit(b);
      this.balance = b + n;
    });
  }
  async withdraw(n) {
    const release = await this.#mutex.acquire();
    try {
      this.balance -= n;
    } finally {
      release();
    }
  }
`;

ruleTester.run('no-unguarded-shared-state', rule, {
  valid: [
    // Guarded state, off by default: the unlocked update is not reported without the option.
    account +
      `
  async refund(n) {
    const b = this.balance;
    await audit(b);
    this.balance = b + n;
  }
}
async function audit() {}
`,
    // Guarded state: initialization in the constructor, plain reads, and a sync write while every locked update is sync.
    {
      code: `
import { Mutex } from 'async-mutex';
class Counter {
  constructor() { this.mutex = new Mutex(); this.hits = 0; }
  async bump() { await this.mutex.runExclusive(() => { this.hits++; }); }
  peek() { return this.hits; }
  reset() { this.hits = 0; }
}
`,
      options: guardedOn,
    },
    // Guarded state: a field only touched outside locks (no evidence of a guard), and another field than the guarded one.
    {
      code: `
import { Mutex } from 'async-mutex';
class Cache {
  constructor() { this.mutex = new Mutex(); this.size = 0; this.misses = 0; }
  async fill() { await this.mutex.runExclusive(async () => { const s = this.size; await load(); this.size = s + 1; }); }
  async miss() { const m = this.misses; await load(); this.misses = m + 1; }
}
async function load() {}
`,
      options: guardedOn,
    },
    // Guarded state: a private helper every call site of which holds the lock.
    {
      code: `
import { Mutex } from 'async-mutex';
class Ledger {
  #mutex = new Mutex();
  #total = 0;
  async add(n) { await this.#mutex.runExclusive(async () => { const t = this.#total; await check(); this.#total = t + n; }); }
  async sub(n) { await this.#mutex.runExclusive(() => this.#apply(-n)); }
  async #apply(n) { const t = this.#total; await check(); this.#total = t + n; }
}
async function check() {}
`,
      options: guardedOn,
    },
    // Guarded state: the threshold asks for two guarded updates in other methods; there is one.
    {
      code: `
import { Mutex } from 'async-mutex';
const lock = new Mutex();
let count = 0;
export async function locked() { await lock.runExclusive(async () => { const c = count; await tick(); count = c + 1; }); }
export async function unlocked() { const c = count; await tick(); count = c + 1; }
async function tick() {}
`,
      options: [{ reportPlainWrites: true, guardedState: { minGuardedSites: 2 } }],
    },
    // Initialization before the memory is shared, Atomics after.
    `
import { Worker } from 'node:worker_threads';
const counts = new Int32Array(new SharedArrayBuffer(64));
counts.fill(0);
counts[0] = 1;
new Worker('./w.js', { workerData: { counts } });
Atomics.add(counts, 0, 1);
Atomics.store(counts, 1, 2);
`,
    // Made as shared but never sent from this file, with no Atomics: nothing shows another thread sees it.
    `
const scratch = new Int32Array(new SharedArrayBuffer(64));
scratch[0]++;
`,
    // Received memory with no sign of sharing (no Atomics anywhere, no shared type).
    `
import { workerData } from 'node:worker_threads';
const hist = workerData.hist;
hist[3]++;
`,
    // The publish/consume handshake: payload written plainly, then the flag stored and notified.
    `
import { workerData } from 'node:worker_threads';
const ring = new Int32Array(workerData.ring);
function produce(value) {
  ring[8] = value;
  ring.set([1, 2], 9);
  Atomics.store(ring, 0, 1);
  Atomics.notify(ring, 0);
}
`,
    // A loop that sleeps with Atomics.wait is not a spin on a plain read.
    `
import { workerData } from 'node:worker_threads';
const flags = new Int32Array(workerData.flags);
while (flags[0] === 0) Atomics.wait(flags, 0, 0);
`,
    // Under a mutex written on top of Atomics, and in a function that runs its own protocol.
    `
import { Worker } from 'node:worker_threads';
class SpinLock {
  constructor(buffer) { this.cell = new Int32Array(buffer); }
  lock() { while (Atomics.compareExchange(this.cell, 0, 0, 1) !== 0) Atomics.wait(this.cell, 0, 1); }
  unlock() { Atomics.store(this.cell, 0, 0); Atomics.notify(this.cell, 0, 1); }
}
const counts = new Int32Array(new SharedArrayBuffer(64));
const mutex = new SpinLock(new SharedArrayBuffer(4));
new Worker('./w.js', { workerData: { counts } });
function locked() {
  mutex.lock();
  counts[1]++;
  mutex.unlock();
}
function spin(cell) {
  while (Atomics.exchange(cell, 0, 1) === 1);
  counts[2] += 2;
  Atomics.store(cell, 0, 0);
}
`,
    // Under an Atomics.Mutex.
    `
const worker = new Worker('w.js');
const counts = new Int32Array(new SharedArrayBuffer(64));
worker.postMessage({ counts });
function bump(mutex) {
  Atomics.Mutex.lock(mutex, () => { counts[0]++; });
}
`,
    // Plain reads are fine after synchronization; only spin loops on them are reported.
    `
const worker = new Worker('w.js');
const counts = new Int32Array(new SharedArrayBuffer(64));
worker.postMessage({ counts });
Atomics.wait(counts, 0, 0);
console.log(counts[1], counts.length);
`,
    // A plain write in the single-threaded branch of a mode switch (bench class 7): the other branch uses Atomics.
    `
export class Flag {
  constructor(buffer, useAtomics) {
    this.view = new Int32Array(buffer);
    this.useAtomics = useAtomics;
    if (this.useAtomics) Atomics.store(this.view, 0, 1);
    else this.view[0] = 1;
  }
  flip() {
    if (this.useAtomics) {
      Atomics.compareExchange(this.view, 0, 1, 0);
    } else {
      this.view[0] = 0;
    }
  }
  set(value) {
    return this.useAtomics ? Atomics.store(this.view, 0, value) : (this.view[0] = value);
  }
}
`,
  ],
  invalid: [
    // Guarded state: an update outside the lock with an await between its read and its write, and a plain write while a locked update spans an await.
    {
      code:
        account +
        `
  async refund(n) {
    const b = this.balance;
    await audit(b);
    this.balance = b + n;
  }
  reset() {
    this.balance = 0;
  }
}
async function audit() {}
`,
      options: guardedOn,
      errors: [
        {
          messageId: 'unguardedUpdate',
          data: { name: 'this.balance', lock: 'this.#mutex', sites: 'lines 12 and 18', awaitLine: '26' },
          line: 27,
          column: 5,
          endLine: 27,
          endColumn: 25,
        },
        {
          messageId: 'unguardedWrite',
          data: { name: 'this.balance', lock: 'this.#mutex', sites: 'lines 12 and 18', spanningLine: '12', awaitLine: '11' },
          line: 30,
          column: 5,
          endLine: 30,
          endColumn: 21,
        },
      ],
    },
    // Guarded state: a module-level variable, a Web Lock by name, and a compound assignment with the await in its right side.
    {
      code: `
let total = 0;
export async function add(n) {
  await navigator.locks.request('ledger', async () => {
    total += await price(n);
  });
}
export async function addFast(n) {
  total += await price(n);
}
async function price(n) { return n; }
`,
      options: guardedOn,
      errors: [
        {
          messageId: 'unguardedUpdate',
          data: { name: 'total', lock: 'ledger', sites: 'line 5', awaitLine: '9' },
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 26,
        },
      ],
    },
    {
      // The same class, with a plain write outside the mode switch: still racy.
      code: `
export class Flag {
  constructor(buffer, useAtomics) {
    this.view = new Int32Array(buffer);
    this.useAtomics = useAtomics;
    if (this.useAtomics) Atomics.store(this.view, 0, 1);
    else this.view[0] = 1;
  }
  reset() {
    this.view[0] = 0;
  }
}
`,
      errors: [
        {
          messageId: 'racyWrite',
          line: 10,
          column: 5,
          endLine: 10,
          endColumn: 21,
          suggestions: [
            {
              messageId: 'useAtomics',
              data: { replacement: 'Atomics.store(this.view, 0, 0)' },
              output: `
export class Flag {
  constructor(buffer, useAtomics) {
    this.view = new Int32Array(buffer);
    this.useAtomics = useAtomics;
    if (this.useAtomics) Atomics.store(this.view, 0, 1);
    else this.view[0] = 1;
  }
  reset() {
    Atomics.store(this.view, 0, 0);
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // The parallel histogram: `++` on shared counts after they went to the workers.
      code: `
import { Worker } from 'node:worker_threads';
const counts = new Int32Array(new SharedArrayBuffer(256 * 4));
counts.fill(0);
const workers = [1, 2, 3].map(() => new Worker('./histogram.js', { workerData: { counts } }));
counts[0]++;
`,
      errors: [
        {
          messageId: 'racyUpdate',
          data: {
            name: 'counts',
            origin: 'shared with another thread by `new Worker` at line 5',
            operator: '++',
            remedy: 'Use `Atomics.add(counts, 0, 1)` or hold a lock.',
          },
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 12,
          suggestions: [
            {
              messageId: 'useAtomics',
              data: { replacement: 'Atomics.add(counts, 0, 1)' },
              output: `
import { Worker } from 'node:worker_threads';
const counts = new Int32Array(new SharedArrayBuffer(256 * 4));
counts.fill(0);
const workers = [1, 2, 3].map(() => new Worker('./histogram.js', { workerData: { counts } }));
Atomics.add(counts, 0, 1);
`,
            },
          ],
        },
      ],
    },
    {
      // The worker side: received memory that the file also touches with Atomics.
      code: `
import { workerData } from 'node:worker_threads';
const { counts } = workerData;
export function tally(bins) {
  for (const bin of bins) counts[bin] += 1;
  Atomics.notify(counts, 0);
}
export function reset(index, value) {
  counts[index] = value;
}
`,
      errors: [
        {
          messageId: 'racyUpdate',
          data: {
            name: 'counts',
            origin: 'received from `workerData`',
            operator: '+=',
            remedy: 'Use `Atomics` (on an integer typed array) or hold a lock.',
          },
          line: 5,
          column: 27,
          endColumn: 43,
        },
        {
          messageId: 'racyWrite',
          data: {
            name: 'counts',
            origin: 'received from `workerData`',
            remedy: 'Publish it with `Atomics.store` and `Atomics.notify` of a flag, or hold a lock.',
          },
          line: 9,
          column: 3,
          endColumn: 24,
        },
      ],
    },
    {
      // A spin on a plain read.
      code: `
import { workerData } from 'node:worker_threads';
const flags = new Int32Array(workerData.flags);
while (flags[0] === 0) {}
Atomics.store(flags, 1, 1);
`,
      errors: [
        {
          messageId: 'spinRead',
          data: {
            name: 'flags',
            origin: 'also accessed with `Atomics.store` at line 5',
            remedy: 'Read it with `Atomics.load(flags, 0)`, or block with `Atomics.wait`.',
          },
          line: 4,
          column: 8,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'useAtomics',
              data: { replacement: 'Atomics.load(flags, 0)' },
              output: `
import { workerData } from 'node:worker_threads';
const flags = new Int32Array(workerData.flags);
while (Atomics.load(flags, 0) === 0) {}
Atomics.store(flags, 1, 1);
`,
            },
          ],
        },
      ],
    },
    {
      // A plain write after sharing, the explicit read-then-write form, bulk writes, and floats.
      code: `
const worker = new Worker('w.js');
const sab = new SharedArrayBuffer(64);
const state = new Int32Array(sab);
const levels = new Float64Array(new SharedArrayBuffer(64));
worker.postMessage({ sab, levels });
state[1] = 7;
state[2] = state[2] + 5;
state.fill(0);
levels[0] += 0.5;
`,
      errors: [
        {
          messageId: 'racyWrite',
          line: 7,
          column: 1,
          endColumn: 13,
          suggestions: [
            {
              messageId: 'useAtomics',
              data: { replacement: 'Atomics.store(state, 1, 7)' },
              output:
                "\nconst worker = new Worker('w.js');\nconst sab = new SharedArrayBuffer(64);\nconst state = new Int32Array(sab);\nconst levels = new Float64Array(new SharedArrayBuffer(64));\nworker.postMessage({ sab, levels });\nAtomics.store(state, 1, 7);\nstate[2] = state[2] + 5;\nstate.fill(0);\nlevels[0] += 0.5;\n",
            },
          ],
        },
        {
          messageId: 'racyUpdate',
          data: {
            name: 'state',
            origin: 'shared with another thread by `worker.postMessage` at line 6',
            operator: '= state[2] …',
            remedy: 'Use `Atomics.add(state, 2, 5)` or hold a lock.',
          },
          line: 8,
          column: 1,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'useAtomics',
              data: { replacement: 'Atomics.add(state, 2, 5)' },
              output:
                "\nconst worker = new Worker('w.js');\nconst sab = new SharedArrayBuffer(64);\nconst state = new Int32Array(sab);\nconst levels = new Float64Array(new SharedArrayBuffer(64));\nworker.postMessage({ sab, levels });\nstate[1] = 7;\nAtomics.add(state, 2, 5);\nstate.fill(0);\nlevels[0] += 0.5;\n",
            },
          ],
        },
        {
          messageId: 'racyBulkWrite',
          data: { name: 'state', origin: 'shared with another thread by `worker.postMessage` at line 6', method: 'fill' },
          line: 9,
          column: 1,
          endColumn: 14,
        },
        {
          messageId: 'racyUpdate',
          data: {
            name: 'levels',
            origin: 'shared with another thread by `worker.postMessage` at line 6',
            operator: '+=',
            remedy: '`Atomics` does not work on a Float64Array: hold a lock.',
          },
          line: 10,
          column: 1,
          endColumn: 17,
        },
      ],
    },
    {
      // A claim split over two statements: read into a local, write back (moq-dev/moq#1295's two writers of one index).
      code: `
const NEXT = 0;
self.onmessage = (event) => {
  const { control, tiles } = event.data;
  for (;;) {
    const tile = control[NEXT];
    if (tile >= tiles) break;
    control[NEXT] = tile + 1;
    Atomics.add(control, 1, 1);
  }
};
`,
      errors: [
        {
          messageId: 'racySplitUpdate',
          data: {
            name: 'control',
            origin: 'also accessed with `Atomics.add` at line 9',
            local: 'tile',
            readLine: '6',
            remedy: 'Do both in one step with `Atomics.add` (or `Atomics.compareExchange`), or hold a lock.',
          },
          line: 8,
          column: 5,
          endColumn: 29,
        },
      ],
    },
    {
      // A lock wrapper from settings owns the memory: touching it directly after it was sent.
      code: `
import { Guarded } from './guarded';
const worker = new Worker('w.js');
const raw = new Int32Array(new SharedArrayBuffer(64));
const guarded = new Guarded(raw);
worker.postMessage({ raw });
raw[0] = 1;
`,
      settings: { fearless: { locks: [{ class: 'Guarded', scoped: ['with'], guards: { arg: 0 } }] } },
      errors: [{ messageId: 'ownedByLock', data: { name: 'raw', lock: 'guarded', line: '5' }, line: 7, column: 1, endColumn: 11 }],
    },
    {
      // With type information: memory typed as shared, received as a parameter.
      code: `
export function bump(counts: Int32Array & { readonly buffer: SharedArrayBuffer }, index: number) {
  counts[index]++;
}
`,
      languageOptions: typedLanguageOptions,
      errors: [
        {
          messageId: 'racyUpdate',
          data: { name: 'counts', origin: 'typed as shared memory', operator: '++', remedy: 'Use `Atomics.add(counts, index, 1)` or hold a lock.' },
          line: 3,
          column: 3,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'useAtomics',
              data: { replacement: 'Atomics.add(counts, index, 1)' },
              output: `
export function bump(counts: Int32Array & { readonly buffer: SharedArrayBuffer }, index: number) {
  Atomics.add(counts, index, 1);
}
`,
            },
          ],
        },
      ],
    },
  ],
});
