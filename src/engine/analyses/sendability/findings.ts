/**
 * What the sendability analysis concludes, as rules read it, and the helpers
 * that shape its findings (paths in messages, duplicate problems).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { MemoryKind } from '../../facts/memory';
import type { Unsendable } from '../../../model/clone';

export interface SendabilityOptions {
  /** Report instances of classes with methods (they arrive as plain objects). */
  readonly reportClassInstances: boolean;
  /** Walk the declared types of messages (needs type information). */
  readonly checkTypes: boolean;
}

export type SendabilityFinding =
  /** A part of the message that cannot be cloned, or arrives broken. */
  | {
      readonly kind: 'unsendable';
      /** Where to report: the offending expression when it is in the send, else the message. */
      readonly node: TSESTree.Node;
      /** `job.onDone`, `message.items[0]`. */
      readonly path: string;
      /** What is posted: `job`, or "the message" for an inline literal. */
      readonly root: string;
      readonly problem: Unsendable;
      /** True when it is a class instance that loses its prototype (the option turns these off). */
      readonly classInstance: boolean;
      /** The line of the definition when it is elsewhere (`const job = { onDone() {} }`). */
      readonly definedAt: number | undefined;
      /** A callback passed to a Comlink remote: wrap it in `proxy(...)`; the local name of `proxy`, if imported. */
      readonly comlinkProxy: { readonly callback: TSESTree.Node; readonly proxyName: string | undefined } | undefined;
      readonly fromTypes: boolean;
      readonly send: string;
    }
  /** A port or stream in the message but missing from the transfer list. */
  | {
      readonly kind: 'notTransferred';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly what: string;
      readonly list: TSESTree.ArrayExpression | undefined;
      /** For `postMessage(msg)` with no transfer argument: the message, after which a list can be added. */
      readonly addListAfter: TSESTree.Node | undefined;
      readonly send: string;
    }
  /** Shared or non-detachable memory listed in a transfer list. */
  | { readonly kind: 'cannotTransfer'; readonly node: TSESTree.Node; readonly name: string; readonly what: string; readonly list: TSESTree.ArrayExpression | undefined; readonly send: string };

export function dedupeProblems<T extends { path: string[]; problem: Unsendable }>(problems: T[]): T[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path.join('.')}:${problem.problem.what}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `job` + [onDone] -> `job.onDone`; `the message` + [items, [0]] -> `message.items[0]`. */
export function formatPath(root: string, path: readonly string[]): string {
  const base = root === 'the message' ? 'message' : root;
  return path.reduce((text, part) => (part.startsWith('[') || part.startsWith('<') ? `${text}${part}` : `${text}.${part}`), base);
}

export function isAwaited(node: TSESTree.Node): boolean {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && (current.type === 'TSAsExpression' || current.type === 'TSNonNullExpression' || current.type === 'ChainExpression')) current = current.parent;
  return current?.type === 'AwaitExpression';
}

export function enclosingClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === 'FunctionDeclaration' || (current.type === 'FunctionExpression' && current.parent?.type !== 'MethodDefinition')) return undefined;
    if (current.type === 'ClassBody') return current.parent;
    current = current.parent;
  }
  return undefined;
}

export const memoryWhat: Record<MemoryKind, string> = {
  shared: 'a SharedArrayBuffer (shared memory is shared, not moved)',
  sharedWasm: 'a shared WebAssembly memory (shared, not moved)',
  wasm: "a WebAssembly memory's buffer (it cannot be detached)",
};

/** A part of a walked message that cannot be sent. */
export interface Problem {
  readonly node: TSESTree.Node;
  readonly path: readonly string[];
  readonly problem: Unsendable;
  readonly classInstance: boolean;
  /** Set when the offending value is a function given straight to a Comlink remote. */
  readonly callback: boolean;
}

export const maxDepth = 6;
export const functionProblem: Unsendable = { what: 'a function', consequence: 'DataCloneError when it is posted' };
export const classProblem: Unsendable = { what: 'a class', consequence: 'DataCloneError when it is posted' };
export const markedProblem: Unsendable = { what: 'marked uncloneable (`markAsUncloneable`)', consequence: 'DataCloneError when it is posted' };
export const symbolKeyProblem: Unsendable = { what: 'a symbol-keyed property', consequence: 'it is silently dropped' };
