/**
 * Where a value goes from the expression that reads it: returned, stored
 * somewhere that outlives the function, passed to a call, exported. An owned
 * resource that escapes is handed off: its new owner closes it.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isTransparentWrapper } from './ast';

export type Escape =
  /** `return port`, `yield port`, an arrow's expression body. */
  | { readonly kind: 'return' }
  /** `this.port = port`, `outer = port`, `{ port }`, `[port]`, `map.set(k, port)` (the last is an argument). */
  | { readonly kind: 'store'; readonly target: TSESTree.Node }
  /** `register(port)`, `new Client(port)`. */
  | { readonly kind: 'argument'; readonly call: TSESTree.CallExpression | TSESTree.NewExpression; readonly index: number }
  /** `export { port }`, `export default port`, `module.exports = port`. */
  | { readonly kind: 'export' };

/**
 * How the value read at `node` escapes, if it does. Looks through wrappers,
 * `await`, conditional and logical expressions (`return a ?? port`), and
 * sequence tails, which pass the value on unchanged.
 */
export function escapeOf(node: TSESTree.Node): Escape | undefined {
  let child: TSESTree.Node = node;
  let parent = node.parent;
  while (parent) {
    if (isTransparentWrapper(parent) || parent.type === 'AwaitExpression') {
      child = parent;
      parent = parent.parent;
      continue;
    }
    switch (parent.type) {
      case 'ConditionalExpression':
        if (parent.test === child) return undefined;
        break;
      case 'LogicalExpression':
        break;
      case 'SequenceExpression':
        if (parent.expressions[parent.expressions.length - 1] !== child) return undefined;
        break;
      case 'ReturnStatement':
      case 'YieldExpression':
        return { kind: 'return' };
      case 'ArrowFunctionExpression':
        return parent.body === child ? { kind: 'return' } : undefined;
      case 'AssignmentExpression':
        if (parent.right !== child) return undefined;
        return parent.left.type === 'MemberExpression' && isModuleExports(parent.left) ? { kind: 'export' } : { kind: 'store', target: parent.left };
      case 'VariableDeclarator':
        // `const alias = port` keeps it in this function: the alias is tracked, not an escape.
        return undefined;
      case 'Property':
        if (parent.value !== child || parent.parent.type !== 'ObjectExpression') return undefined;
        return { kind: 'store', target: parent.parent };
      case 'ArrayExpression':
        return { kind: 'store', target: parent };
      case 'SpreadElement':
        break;
      case 'CallExpression':
      case 'NewExpression': {
        const index = parent.arguments.indexOf(child as TSESTree.CallExpressionArgument);
        return index === -1 ? undefined : { kind: 'argument', call: parent, index };
      }
      case 'ExportSpecifier':
      case 'ExportDefaultDeclaration':
        return { kind: 'export' };
      case 'PropertyDefinition':
        return parent.value === child ? { kind: 'store', target: parent } : undefined;
      default:
        return undefined;
    }
    child = parent;
    parent = parent.parent;
  }
  return undefined;
}

/** `module.exports` or `exports.x` (CommonJS export targets). */
function isModuleExports(member: TSESTree.MemberExpression): boolean {
  let object: TSESTree.Node = member;
  while (object.type === 'MemberExpression') {
    if (
      object.object.type === 'Identifier' &&
      object.object.name === 'module' &&
      !object.computed &&
      object.property.type === 'Identifier' &&
      object.property.name === 'exports'
    ) {
      return true;
    }
    object = object.object;
  }
  return object.type === 'Identifier' && object.name === 'exports';
}
