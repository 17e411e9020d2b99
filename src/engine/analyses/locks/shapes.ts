/**
 * Shapes of code around a lock's acquisition and release: the statement a
 * step belongs to, `catch` and `using` blocks.
 */

import type { Acquisition } from '../../classify/locks';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contains, isFunctionNode } from '../../facts/ast';

type Variable = TSESLint.Scope.Variable;

/** The statement of a block (or the program) that contains a node, within its own function. */
export function enclosingStatementOf(node: TSESTree.Node): TSESTree.Node | undefined {
  let current: TSESTree.Node = node;
  while (current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === 'BlockStatement' || parent.type === 'Program' || parent.type === 'StaticBlock' || parent.type === 'SwitchCase') return current;
    if (isFunctionNode(parent)) return undefined;
    current = parent;
  }
  return undefined;
}

export function insideCatch(node: TSESTree.Node, boundary: TSESTree.Node): boolean {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current !== boundary) {
    if (current.type === 'CatchClause') return true;
    current = current.parent;
  }
  return false;
}

export function isUsing(declarator: TSESTree.VariableDeclarator): boolean {
  return declarator.parent.kind === 'using' || declarator.parent.kind === 'await using';
}

/** `using token = Atomics.Mutex.lock(m)`: released when its block ends, on every path. */
export function declaredWithUsing(acquisition: Acquisition): boolean {
  const declarator = acquisition.completes.parent;
  return declarator?.type === 'VariableDeclarator' && isUsing(declarator);
}

/** Whether the token of this acquisition is a `using` declaration directly in `block`. */
export function usingIn(acquisition: Acquisition, block: TSESTree.Node): boolean {
  const declarator = acquisition.completes.parent;
  return declarator?.type === 'VariableDeclarator' && isUsing(declarator) && declarator.parent.parent === block;
}

export function mentions(node: TSESTree.Node, variable: Variable): boolean {
  return variable.references.some((reference) => contains(node, reference.identifier as TSESTree.Node));
}
