/**
 * What the lock analysis concludes, as rules and the lock graph read it:
 * order edges, findings, per-function summaries.
 */
import type { Acquisition, LockRef } from '../../classify/locks';
import type { FunctionNode } from '../../facts/ast';
import type { LockGraph } from './graph';
import type { TSESTree } from '@typescript-eslint/utils';
import type { ImportedFunctionName } from './imported-callee';

export interface OrderEdgeSite {
  /** The inner acquisition (or the call that acquires through a callee). */
  readonly node: TSESTree.Node;
  readonly held: Acquisition;
  readonly acquired: LockRef;
  /** The callee through which the inner lock is acquired, if any, and its acquisition's node. */
  readonly through?: ThroughCall;
  readonly shared: boolean;
}

/**
 * The call an inner lock is acquired through: `the callback`, a function of the file (its acquisition's node), or
 * an imported function (`where` names the file and line of its acquisition: `db-lock.ts:7`; `node` is the call).
 */
export interface ThroughCall {
  readonly callee: string;
  readonly node: TSESTree.Node;
  readonly where?: string;
}

export type LockFinding =
  /** A non-re-entrant lock acquired while already held (directly or through a call). */
  | {
      readonly kind: 'reentrant';
      readonly node: TSESTree.Node;
      readonly lock: LockRef;
      readonly held: Acquisition;
      readonly through?: ThroughCall;
    }
  /** Two locks of one parameter-derived class taken in the caller's argument order. */
  | { readonly kind: 'argumentOrder'; readonly node: TSESTree.Node; readonly first: LockRef; readonly second: LockRef; readonly held: Acquisition }
  /** An explicit acquisition not released on some path. */
  | {
      readonly kind: 'notReleased';
      readonly acquisition: Acquisition;
      readonly cause:
        | { readonly kind: 'discarded' }
        | { readonly kind: 'onlyInCatch'; readonly release: TSESTree.Node }
        | { readonly kind: 'exit'; readonly exit: TSESTree.Node }
        | { readonly kind: 'end'; readonly end: TSESTree.Node; readonly returns: boolean }
        | { readonly kind: 'throws'; readonly work: TSESTree.Node };
      /** The release call(s) of this acquisition, for the suggestion. */
      readonly releases: readonly TSESTree.Node[];
    }
  /** A scoped request (`m.runExclusive(cb);`) in an async function whose promise nobody awaits, returns, chains or stores. */
  | { readonly kind: 'floatingRequest'; readonly acquisition: Acquisition }
  /** `const release = m.acquire()` without `await`, then `release()` (a Promise, not a function). */
  | { readonly kind: 'releaserNotAwaited'; readonly acquisition: Acquisition; readonly use: TSESTree.Node; readonly name: string }
  /** `try { await m.acquire(); ... } finally { m.release(); }`: a rejected acquisition still releases. */
  | {
      readonly kind: 'acquiredInTry';
      readonly acquisition: Acquisition;
      readonly release: TSESTree.Node;
      readonly tryStatement: TSESTree.TryStatement;
      /** `release()` of a releaser variable (undefined when the acquisition rejected), not `m.release()`. */
      readonly throughReleaser: boolean;
      /** The acquisition's statement when it is the first of the `try` block: the suggestion moves it before the `try`. */
      readonly movable: TSESTree.Statement | undefined;
    }
  /** A lock that blocks the thread held across an `await`. */
  | { readonly kind: 'heldAcrossAwait'; readonly node: TSESTree.Node; readonly acquisition: Acquisition };

export interface LockAnalysis {
  readonly acquisitions: readonly Acquisition[];
  readonly edges: readonly OrderEdgeSite[];
  readonly findings: readonly LockFinding[];
  readonly graph: LockGraph<OrderEdgeSite>;
  /** Per function: the shareable locks it may acquire (for the project-wide graph). */
  readonly summaries: ReadonlyMap<FunctionNode, FunctionLockSummary>;
  /** The locks held at member accesses, variable reads and writes, and calls made while some lock is held (for shared memory and guarded state). */
  readonly heldAt: ReadonlyMap<TSESTree.Node, readonly LockRef[]>;
  /** A function's summary, computed on demand (for the module summary of an exported function). */
  summaryOf(fn: FunctionNode): FunctionLockSummary;
  /** The parameters a function runs while holding locks (`withDb(fn) { return dbLock.runExclusive(fn); }`), after summaryOf(fn). */
  parameterRuns(fn: FunctionNode): ReadonlyArray<{ readonly param: number; readonly locks: readonly LockAcquired[] }>;
  /** The identity a lock expression has (`guarded` for a settings lock wrapper). */
  identityOf(expr: TSESTree.Node): LockRef;
}

/** A lock a function may acquire, where (the acquisition, or the call it is acquired through), and, through an imported function, the file and line where it is written. */
export interface LockAcquired {
  readonly lock: LockRef;
  readonly node: TSESTree.Node;
  readonly shared: boolean;
  readonly at?: { readonly file: string; readonly line: number; readonly where: string };
}

export interface FunctionLockSummary {
  /** Blocking acquisitions of shareable locks, directly or through calls: the lock and where. */
  readonly acquires: ReadonlyMap<string, LockAcquired>;
  /** Shareable locks it releases (helpers like `unlock() { this.mutex.release() }`). */
  readonly releases: ReadonlySet<string>;
  /** Calls to functions of other modules made while holding locks, for the project-wide graph. */
  readonly externalCalls: ReadonlyArray<{ readonly held: readonly LockRef[]; readonly callee: ImportedFunctionName; readonly node: TSESTree.Node }>;
}
