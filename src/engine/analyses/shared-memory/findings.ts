/**
 * What the shared-memory analysis concludes, as no-unguarded-shared-state reads it.
 */
import type { LockRef } from '../../classify/locks';
import type { TSESTree } from '@typescript-eslint/utils';

/** Why the memory counts as shared, for messages. */
export type SharedOrigin =
  | { readonly kind: 'sent'; readonly node: TSESTree.Node; readonly via: string }
  | { readonly kind: 'atomics'; readonly node: TSESTree.Node; readonly operation: string }
  | { readonly kind: 'received'; readonly from: string }
  | { readonly kind: 'typed' }
  | { readonly kind: 'created'; readonly node: TSESTree.Node };

export type AccessKind =
  | { readonly kind: 'update'; readonly operator: string; readonly readInto?: { readonly name: string; readonly line: number } }
  | { readonly kind: 'write' }
  | { readonly kind: 'bulkWrite'; readonly method: string }
  | { readonly kind: 'spinRead' };

export type SharedMemoryFinding =
  | {
      readonly kind: 'racy';
      readonly node: TSESTree.Node;
      readonly access: AccessKind;
      /** The shared array as written: `counts`, `this.flags`. */
      readonly name: string;
      readonly origin: SharedOrigin;
      /** Integer, float or unknown element type (Atomics works on integer arrays only). */
      readonly elementType: { readonly name: string; readonly atomic: boolean; readonly bigint: boolean } | undefined;
      /** The element access (`counts[i]`) for suggestions. */
      readonly element: TSESTree.MemberExpression | undefined;
      /**
       * Set when the access is made by an imported function the memory is passed to (`bump(counts, 0)`): the
       * call as written (`bump`), the function of its module that makes the access when another (`through`), and
       * where the access is written (`counters.ts:2`, relative to the linted file).
       */
      readonly helper?: { readonly callee: string; readonly through: string | undefined; readonly where: string };
    }
  | { readonly kind: 'ownedByLock'; readonly node: TSESTree.Node; readonly name: string; readonly lock: LockRef; readonly guardedAt: TSESTree.Node };

/** A write of state that some other method updates under a lock, made without that lock (guarded-state.ts). */
export interface GuardedStateFinding {
  readonly kind: 'unguardedState';
  /**
   * `update`: this write reads the state before an `await` and writes it after, outside the lock.
   * `write`: a write outside the lock while a locked update spans an `await` between its read and its write.
   */
  readonly form: 'update' | 'write';
  /** The assignment or update outside the lock. */
  readonly node: TSESTree.Node;
  /** `this.balance`, `this.#items`, `count`. */
  readonly name: string;
  readonly lock: LockRef;
  /** The read-modify-writes under the lock in other methods (the evidence), in source order. */
  readonly guardedSites: readonly TSESTree.Node[];
  /** Where the update can interleave: this function's `await` (update), or the locked update's (write). */
  readonly await: TSESTree.Node;
  /** For `write`: the locked update whose `await` this write can land in. */
  readonly spanning: TSESTree.Node | undefined;
}
