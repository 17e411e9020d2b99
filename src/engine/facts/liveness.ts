/**
 * Liveness of locals: the last reference to a variable, after which its
 * facts can be dropped (they would only make every later join bigger).
 */



import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type Variable = TSESLint.Scope.Variable;

export function computeLastUse(variable: Variable): TSESTree.Node | undefined {
  const definition = variable.defs[0];
  if (variable.defs.length !== 1 || definition?.type !== 'Variable') return undefined;
  const scope = variable.scope.variableScope;
  let last: TSESTree.Node | undefined;
  for (const reference of variable.references) {
    if (reference.from.variableScope !== scope) return undefined;
    const identifier = reference.identifier as TSESTree.Node;
    if (!last || identifier.range[0] > last.range[0]) last = identifier;
  }
  if (!last) return undefined;
  for (let node: TSESTree.Node | undefined = last.parent; node && node !== (variable.scope.block as TSESTree.Node); node = node.parent) {
    if (node.type === 'ForStatement' || node.type === 'ForInStatement' || node.type === 'ForOfStatement' || node.type === 'WhileStatement' || node.type === 'DoWhileStatement') {
      return undefined;
    }
  }
  return last;
}

// -----------------------------------------------------------------------------
// State operations
