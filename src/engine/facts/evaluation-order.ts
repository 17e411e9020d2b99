/**
 * What runs before what, read off the structure of the code (no dataflow):
 * a node that a block's statement evaluates unconditionally runs before
 * everything in the later statements of that block. Used where one call
 * must precede an await on every path that reaches it (a post before the
 * await of its reply, a reply after the awaited lock request).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { contains, type FunctionNode } from './ast';

/**
 * Whether `first` runs before `later` on every path that reaches `later`: `first` is evaluated unconditionally by a
 * statement of a block, and `later` lies in a later statement of that block (at any depth, nested functions included).
 * `if (c) worker.postMessage(m); await reply` does not qualify, nor does a post in a `try` whose block ends before.
 */
export function runsBefore(first: TSESTree.Node, later: TSESTree.Node): boolean {
  const statement = unconditionalStatement(first);
  if (!statement?.parent) return false;
  return contains(statement.parent, later) && later.range[0] >= statement.range[1];
}

/** Whether `node` runs every time `fn` is called: unconditionally in a statement of the function's body, outside any nested block but plain ones. */
export function runsOnEntry(node: TSESTree.Node, fn: FunctionNode): boolean {
  let statement = unconditionalStatement(node);
  while (statement?.parent?.type === 'BlockStatement') {
    if (statement.parent === fn.body) return true;
    const block: TSESTree.Node = statement.parent;
    statement = block.parent?.type === 'BlockStatement' ? block : undefined;
  }
  return false;
}

/** The statement of a block that evaluates `node` whenever it runs, if the way up is free of conditions and loops. */
function unconditionalStatement(node: TSESTree.Node): TSESTree.Node | undefined {
  let child = node;
  let parent = node.parent;
  while (parent) {
    if (parent.type === 'BlockStatement' || parent.type === 'Program' || parent.type === 'StaticBlock' || parent.type === 'SwitchCase')
      return parent.type === 'SwitchCase' && parent.test === child ? undefined : child;
    if (!evaluatesChildAlways(parent, child)) return undefined;
    child = parent;
    parent = parent.parent;
  }
  return undefined;
}

function evaluatesChildAlways(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case 'ExpressionStatement':
    case 'VariableDeclaration':
    case 'VariableDeclarator':
    case 'ReturnStatement':
    case 'AwaitExpression':
    case 'SequenceExpression':
    case 'ArrayExpression':
    case 'ObjectExpression':
    case 'Property':
    case 'SpreadElement':
    case 'TemplateLiteral':
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
    case 'BinaryExpression':
      return true;
    case 'UnaryExpression':
      return parent.operator !== 'delete';
    case 'AssignmentExpression':
      return parent.operator === '=' || parent.left === child;
    case 'CallExpression':
    case 'NewExpression':
      return !(parent.type === 'CallExpression' && parent.optional);
    case 'MemberExpression':
      return !parent.optional || parent.object === child;
    case 'ChainExpression':
      return !containsOptional(parent.expression);
    case 'LogicalExpression':
      return parent.left === child;
    case 'ConditionalExpression':
    case 'IfStatement':
      return parent.test === child;
    default:
      return false;
  }
}

function containsOptional(node: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  for (;;) {
    if (current.type === 'CallExpression') {
      if (current.optional) return true;
      current = current.callee;
    } else if (current.type === 'MemberExpression') {
      if (current.optional) return true;
      current = current.object;
    } else return false;
  }
}
