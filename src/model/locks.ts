/**
 * The API model of locks: what creates a lock, which methods acquire and
 * release it, which run a callback under it, and whether it is re-entrant or
 * blocks the thread. `settings.fearless.locks` adds entries of the same shape.
 */
import type { QualifiedName } from './names';
import type { CallMatch } from './sends';

export interface AcquireMethod {
  readonly method: string;
  /** What the call returns: the releasing function, `[value, release]`, or nothing (release on the lock). */
  readonly returns: 'releaser' | 'valueAndReleaser' | 'nothing';
  /** False for try-acquire methods that never wait. */
  readonly waits: boolean;
}

export interface ScopedMethod {
  readonly method: string;
  /** Which argument is the callback that runs under the lock. */
  readonly callback: number | 'last';
  /** Keyed locks (async-lock's `lock.acquire(key, fn)`): the argument naming which lock of the receiver is taken. */
  readonly key?: number;
}

export interface LockKind {
  readonly id: string;
  readonly label: string;
  readonly create: CallMatch;
  readonly acquire: readonly AcquireMethod[];
  /** Methods on the lock that release it. */
  readonly release: readonly string[];
  readonly scoped: readonly ScopedMethod[];
  readonly reentrant: boolean;
  /** Waiting blocks the thread (Atomics-based), so holding it across `await` stalls other threads. */
  readonly blocksThread: boolean;
  /** The constructor argument that is the shared memory this lock guards (lock wrappers from settings). */
  readonly guards?: number;
  /** Methods only this kind has: a receiver that calls one is this kind of lock, whatever its name (`lock.acquireAsync()`). */
  readonly distinctiveMethods?: readonly string[];
  /** With type information: the type names that are this kind, when declared in one of these packages' `node_modules` folders. */
  readonly types?: { readonly names: readonly string[]; readonly packages: readonly string[] };
  /**
   * The kind a receiver is taken for when nothing else is known but its
   * lock-like name (`mutex.acquire()`, `this.writeLock.release()`, see
   * `lockishNames`). At most one kind should say so; the first one that does wins.
   */
  readonly byLockishName?: boolean;
}

export const builtinLocks: readonly LockKind[] = [
  {
    id: 'async-mutex.Mutex',
    label: 'Mutex',
    create: { kind: 'new', callee: ['async-mutex:Mutex'] },
    acquire: [{ method: 'acquire', returns: 'releaser', waits: true }],
    release: ['release'],
    scoped: [{ method: 'runExclusive', callback: 0 }],
    reentrant: false,
    blocksThread: false,
    distinctiveMethods: ['runExclusive', 'waitForUnlock'],
    types: { names: ['Mutex', 'MutexInterface'], packages: ['async-mutex'] },
    // async-mutex's shape (`acquire()` returning a releaser, `release()`) is what a plain `mutex.acquire()` most often is.
    byLockishName: true,
  },
  {
    id: 'async-mutex.Semaphore',
    label: 'Semaphore',
    create: { kind: 'new', callee: ['async-mutex:Semaphore'] },
    acquire: [{ method: 'acquire', returns: 'valueAndReleaser', waits: true }],
    release: ['release'],
    scoped: [{ method: 'runExclusive', callback: 0 }],
    reentrant: false,
    blocksThread: false,
    types: { names: ['Semaphore', 'SemaphoreInterface'], packages: ['async-mutex'] },
  },
  {
    id: 'await-lock',
    label: 'AwaitLock',
    create: { kind: 'new', callee: ['await-lock:default', 'await-lock:AwaitLock'] },
    acquire: [
      { method: 'acquireAsync', returns: 'nothing', waits: true },
      { method: 'tryAcquire', returns: 'nothing', waits: false },
    ],
    release: ['release'],
    scoped: [],
    reentrant: false,
    blocksThread: false,
    distinctiveMethods: ['acquireAsync'],
    types: { names: ['AwaitLock'], packages: ['await-lock'] },
  },
  {
    // async-lock, the most used lock package on npm: `lock.acquire(key, fn)` holds the lock named `key` while `fn` runs.
    id: 'async-lock',
    label: 'AsyncLock',
    create: { kind: 'new', callee: ['async-lock:default', 'async-lock'] },
    acquire: [],
    release: [],
    scoped: [{ method: 'acquire', callback: 1, key: 0 }],
    reentrant: false,
    blocksThread: false,
    types: { names: ['AsyncLock'], packages: ['async-lock'] },
  },
];

/**
 * Names that say "this is a lock" (`mutex`, `this.writeLock`, `state.ledgerLock`, `_sem`), and names that end
 * like one but are not (`clock`, `block`, `pool`): the fallback for a plain `acquire()` (see `byLockishName`).
 */
export const lockishNames = {
  like: /(?:^|_)(?:mutex|lock|semaphore|sem)s?$|(?:mutex|semaphore)|[a-z](?:Lock|Mutex|Semaphore)s?$/i,
  unlike: /^(?:clock|block|unlock|deadlock|lockfile|pool)$/i,
};

/** Functions that wrap a lock and return the same lock (same identity), possibly without waiting. */
export interface LockWrapper {
  readonly callee: readonly QualifiedName[];
  readonly lockArg: number;
  readonly waits: boolean;
}

export const builtinLockWrappers: readonly LockWrapper[] = [
  { callee: ['async-mutex:withTimeout'], lockArg: 0, waits: true },
  { callee: ['async-mutex:tryAcquire'], lockArg: 0, waits: false },
];

/** Locks named by a string: Web Locks and Node's `locks`. The callback runs while the lock is held. */
export interface NamedLockApi {
  readonly callee: readonly QualifiedName[];
  readonly nameArg: number;
  /**
   * Options (of the middle argument) that, when `true`, make the request never wait: with `ifAvailable` the callback
   * gets `null` at once, with `steal` the request takes the lock from its holder (whose lock promise rejects).
   */
  readonly nonWaitingOptions: readonly string[];
  /** The option and value of a shared request: two shared holders do not conflict. */
  readonly sharedMode: { readonly option: string; readonly value: string };
}

export const builtinNamedLocks: readonly NamedLockApi[] = [
  {
    callee: ['global:navigator.locks.request', 'worker_threads:locks.request'],
    nameArg: 0,
    nonWaitingOptions: ['ifAvailable', 'steal'],
    sharedMode: { option: 'mode', value: 'shared' },
  },
];

/** TC39 shared structs' `Atomics.Mutex` (V8): callback form, token form, and the non-waiting form. */
export const atomicsMutex = {
  lock: ['global:Atomics.Mutex.lock'] as readonly QualifiedName[],
  lockIfAvailable: ['global:Atomics.Mutex.lockIfAvailable'] as readonly QualifiedName[],
  tokenRelease: 'unlock',
};

export const lockTriggerWords = [
  'Mutex',
  'Semaphore',
  'AwaitLock',
  'AsyncLock',
  'acquire',
  'acquireAsync',
  'runExclusive',
  'tryAcquire',
  'withTimeout',
  'locks',
  'lock',
  'unlock',
  'lockIfAvailable',
];

/**
 * Methods that do not throw on the values they are usually called on
 * (`items.find(...)`, `deferred.resolve(value)`, `set.has(key)`): when a lock is
 * not released on a throw, the message names the first call that can throw,
 * never one of these. A callback they run may still throw; the callback's own
 * calls are steps of its own function.
 */
export const nonThrowingMethods: readonly string[] = [
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'includes',
  'indexOf',
  'lastIndexOf',
  'at',
  'has',
  'push',
  'unshift',
  'pop',
  'shift',
  'slice',
  'concat',
  'keys',
  'values',
  'entries',
  'resolve',
  'reject',
  'isLocked',
  'now',
];
