/**
 * What the lock classifier concludes about a call: lock identities (lockdep's
 * lock classes), acquisitions in their three forms, releases, the closed effect.
 */
import type { CallNode } from './sends';
import type { FunctionNode } from '../facts/ast';
import type { TSESTree } from '@typescript-eslint/utils';

/** A lock class. */
export interface LockRef {
  /** Identity within the file: `field:Bank.accounts`, `module:mutex`, `import:./locks:mutex`, `weblock:ledger`, `param:<fn>:0`, `local:<fn>:m`. */
  readonly key: string;
  /** How messages name it: `this.accounts`, `mutex`, `the Web Lock 'ledger'`. */
  readonly display: string;
  /** Where the identity lives: only the first four are the same lock in two functions (or two files). */
  readonly scope: 'field' | 'module' | 'import' | 'weblock' | 'param' | 'local' | 'expression';
  readonly reentrant: boolean;
  readonly blocksThread: boolean;
  /** For parameter-derived locks (`from.lock`): the parameter's index and the path below it, for the argument-order check. */
  readonly parameter?: { readonly fn: FunctionNode; readonly index: number; readonly path: string };
  /** For cross-file merging: the module specifier and imported name, or the declaring class. */
  readonly origin?: { readonly module?: string; readonly name: string };
  readonly kindLabel: string;
}

export type AcquisitionForm =
  /** `await m.acquire()`, `await lock.acquireAsync()`, `m.lock()`: released by a call. */
  | 'explicit'
  /** `m.runExclusive(cb)`, `navigator.locks.request(name, cb)`, `Atomics.Mutex.lock(m, cb)`: held while `cb` runs. */
  | 'scoped'
  /** `Atomics.Mutex.lock(m)`: an unlock token (`token.unlock()` or `using`). */
  | 'token';

export interface Acquisition {
  readonly node: CallNode;
  readonly lock: LockRef;
  readonly form: AcquisitionForm;
  /** False for try-acquire forms (`tryAcquire`, `ifAvailable`, `lockIfAvailable`): they never wait, so add no edge. */
  readonly waits: boolean;
  readonly shared: boolean;
  /** The callback that runs under a scoped lock. */
  readonly callback: TSESTree.Node | undefined;
  /** Where the acquisition takes effect: the `await` around it, or the call itself. */
  readonly completes: TSESTree.Node;
  /** What `acquire()` returns, and whether the code keeps it. */
  readonly returns: 'releaser' | 'valueAndReleaser' | 'token' | 'nothing';
  readonly discarded: boolean;
  /**
   * A scoped request whose promise nobody waits for (`navigator.locks.request(name, cb);` as a statement, or
   * `void m.runExclusive(cb)`): it is queued behind whatever the caller holds, so it adds no order edge and is
   * no re-entrant deadlock.
   */
  readonly floats: boolean;
  /**
   * `m.acquire().then((unlock) => work().finally(unlock))`: the releaser is handed to a callback that uses it;
   * whoever runs the callback releases, not this function.
   */
  readonly handedOn: boolean;
}

export interface Release {
  readonly node: CallNode;
  readonly lock: LockRef;
}

/** What a call does to a lock. */
export type LockEffect =
  | { readonly kind: 'acquire' | 'scoped' | 'token'; readonly acquisition: Acquisition }
  | { readonly kind: 'release'; readonly release: Release }
  | { readonly kind: 'none' };

export const sharedScopes = new Set<LockRef['scope']>(['field', 'module', 'import', 'weblock']);

/** Whether a lock's identity is the same in two functions (or two files). */
export function isShareable(lock: LockRef): boolean {
  return sharedScopes.has(lock.scope);
}
