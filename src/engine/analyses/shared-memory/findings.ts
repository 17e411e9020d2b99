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
    }
  | { readonly kind: 'ownedByLock'; readonly node: TSESTree.Node; readonly name: string; readonly lock: LockRef; readonly guardedAt: TSESTree.Node };
