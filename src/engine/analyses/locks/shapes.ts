/**
 * Shapes of code around a lock's acquisition and release: the statement a
 * step belongs to, `catch` and `using` blocks.
 */

import type { Acquisition } from '../../classify/locks';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { argumentParams, contains, isFunctionNode, staticPropertyName, type FunctionNode } from '../../facts/ast';

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

/**
 * Whether the function compares or sorts the two parameters before
 * locking them (`if (from.id > to.id) [from, to] = [to, from]`,
 * `[a, b].sort(...)`): then the argument order is not the lock order.
 */
export function ordersParameters(fn: FunctionNode, first: number, second: number, declaredVariables: (node: TSESTree.Node) => readonly Variable[]): boolean {
  const variables = [first, second].map((index) => {
    const param = argumentParams(fn)[index];
    const inner = param?.type === 'AssignmentPattern' ? param.left : param;
    return inner?.type === 'Identifier' ? declaredVariables(fn).find((variable) => variable.identifiers.includes(inner)) : undefined;
  });
  const [a, b] = variables;
  if (!a || !b) return false;
  for (const reference of a.references) {
    let node: TSESTree.Node | undefined = reference.identifier.parent;
    while (node && node !== fn) {
      if (node.type === 'BinaryExpression' && ['<', '>', '<=', '>='].includes(node.operator) && mentions(node, b)) return true;
      if (
        node.type === 'CallExpression' &&
        node.callee.type === 'MemberExpression' &&
        ['sort', 'localeCompare', 'toSorted'].includes(staticPropertyName(node.callee) ?? '') &&
        mentions(node, b)
      )
        return true;
      if (node.type === 'ExpressionStatement' || node.type === 'VariableDeclaration' || node.type === 'IfStatement') break;
      node = node.parent;
    }
  }
  return false;
}
