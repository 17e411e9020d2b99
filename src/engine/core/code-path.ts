/**
 * Our own types for ESLint's code-path objects and events (ESLint 9 and 10).
 *
 * `@typescript-eslint/utils` does not type the events and still declares
 * `codePath.currentSegments`, which ESLint 9 removed; these types declare only
 * what both majors provide, so nothing here can reach for a removed property.
 */
import type { TSESTree } from '@typescript-eslint/utils';

export interface CodePathSegment {
  readonly id: string;
  /** Reachable successors. */
  readonly nextSegments: readonly CodePathSegment[];
  /** Reachable predecessors. */
  readonly prevSegments: readonly CodePathSegment[];
  readonly allNextSegments: readonly CodePathSegment[];
  readonly allPrevSegments: readonly CodePathSegment[];
  readonly reachable: boolean;
}

export type CodePathOrigin = 'program' | 'function' | 'class-field-initializer' | 'class-static-block';

export interface CodePath {
  readonly id: string;
  readonly origin: CodePathOrigin;
  readonly initialSegment: CodePathSegment;
  readonly finalSegments: readonly CodePathSegment[];
  readonly returnedSegments: readonly CodePathSegment[];
  readonly thrownSegments: readonly CodePathSegment[];
  readonly upper: CodePath | null;
  readonly childCodePaths: readonly CodePath[];
}

/** The code-path events a rule may listen to, with the argument types ESLint passes. */
export interface CodePathListeners {
  onCodePathStart?(codePath: CodePath, node: TSESTree.Node): void;
  onCodePathEnd?(codePath: CodePath, node: TSESTree.Node): void;
  onCodePathSegmentStart?(segment: CodePathSegment, node: TSESTree.Node): void;
  onCodePathSegmentEnd?(segment: CodePathSegment, node: TSESTree.Node): void;
  onUnreachableCodePathSegmentStart?(segment: CodePathSegment, node: TSESTree.Node): void;
  onUnreachableCodePathSegmentEnd?(segment: CodePathSegment, node: TSESTree.Node): void;
  onCodePathSegmentLoop?(fromSegment: CodePathSegment, toSegment: CodePathSegment, node: TSESTree.Node): void;
}

/**
 * A rule's listeners: node selectors and code-path events. Looser than
 * `TSESLint.RuleListener`, whose index signature admits one-argument
 * functions only, while code-path events take two or three.
 */
export type Listeners = { readonly [selector: string]: ((...args: never[]) => void) | undefined };
