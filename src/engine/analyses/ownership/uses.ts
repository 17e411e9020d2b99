/**
 * What a use of a moved value is: identity checks and detach checks
 * (`buf.byteLength === 0`, `assert.equal(buf.detached, true)`) are not uses.
 */
import { memberPath, outerParent, skipWrappers, staticPropertyName } from '../../facts/ast';
import type { TSESTree } from '@typescript-eslint/utils';
import { identityOnlyCalls } from '../../../model/sends';

const identityOnly = new Set(identityOnlyCalls);

/**
 * Uses that do not touch the moved contents and behave the same after a
 * transfer: `buf.detached`, `typeof buf`, `buf === other`, `buf instanceof X`,
 * `if (buf)`, `!buf`, `buf.byteLength === 0` (a detach check), `port.close()`
 * (a no-op on a moved port, and the natural cleanup in a `finally`).
 */
export function isIdentityOnlyUse(node: TSESTree.Node): boolean {
  const { parent, child } = outerParent(node);
  if (!parent) return false;
  switch (parent.type) {
    case 'MemberExpression': {
      if (parent.object !== child) return false;
      const property = staticPropertyName(parent);
      if (property === 'detached' || property === 'locked') return true;
      // `view.buffer.byteLength === 0`, `ts.readable.locked`: a detach or lock check through a member path.
      if ((property === 'buffer' || property === 'readable' || property === 'writable') && isIdentityOnlyUse(parent)) return true;
      if (property === 'close') {
        const call = outerParent(parent);
        return call.parent?.type === 'CallExpression' && call.parent.callee === call.child;
      }
      if (property === 'byteLength' || property === 'length') {
        const comparison = outerParent(parent);
        const holder = comparison.parent;
        if (holder?.type === 'BinaryExpression') return isEquality(holder.operator) && isZero(holder.left === comparison.child ? holder.right : holder.left);
        // A test asserting the detach: `assert.strictEqual(buf.byteLength, 0)`, `expect(buf.byteLength).toBe(0)`.
        if (holder?.type === 'CallExpression' && holder.arguments.includes(comparison.child as TSESTree.CallExpressionArgument)) {
          if (holder.arguments.some((argument) => argument !== comparison.child && isZero(argument))) return true;
          const matcher = outerParent(holder).parent;
          const call = matcher && outerParent(matcher).parent;
          return matcher?.type === 'MemberExpression' && call?.type === 'CallExpression' && call.arguments.length === 1 && isZero(call.arguments[0]!);
        }
      }
      return false;
    }
    case 'CallExpression': {
      // `Object.getPrototypeOf(buf)`, `ArrayBuffer.isView(view)`: the value's identity or type, not its contents.
      const path = parent.callee !== child ? memberPath(parent.callee) : undefined;
      return path?.root.type === 'Identifier' && identityOnly.has([path.root.name, ...path.properties].join('.'));
    }
    case 'UnaryExpression':
      return parent.operator === 'typeof' || parent.operator === '!' || parent.operator === 'void';
    case 'BinaryExpression':
      return isEquality(parent.operator) || (parent.operator === 'instanceof' && parent.left === child);
    case 'IfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ConditionalExpression':
      return parent.test === child;
    case 'ForStatement':
      return parent.test === child;
    case 'LogicalExpression':
      return parent.left === child && isTestPosition(parent);
    default:
      return false;
  }
}

/**
 * A test that tells whether a value is detached: `x.detached`,
 * `x.byteLength === 0`, `!x.byteLength`, `x.length > 0` (and negations).
 * `whenTrue` says what the test being true means.
 */
export function detachTest(expr: TSESTree.Node): { readonly subject: TSESTree.Node; readonly whenTrue: boolean } | undefined {
  const node = skipWrappers(expr);
  if (node.type === 'UnaryExpression' && node.operator === '!') {
    const inner = detachTest(node.argument);
    return inner && { subject: inner.subject, whenTrue: !inner.whenTrue };
  }
  if (node.type === 'MemberExpression') {
    const property = staticPropertyName(node);
    if (property === 'detached') return { subject: viewOf(node.object), whenTrue: true };
    // A truthy length means attached.
    if (property === 'byteLength' || property === 'length') return { subject: viewOf(node.object), whenTrue: false };
    return undefined;
  }
  if (node.type === 'BinaryExpression') {
    const left = skipWrappers(node.left);
    const right = skipWrappers(node.right);
    const length = left.type === 'MemberExpression' ? left : right.type === 'MemberExpression' ? right : undefined;
    const other = length === left ? right : left;
    const property = length && staticPropertyName(length);
    if (!length || (property !== 'byteLength' && property !== 'length') || !isZero(other)) return undefined;
    switch (node.operator) {
      case '===':
      case '==':
      case '<=':
        return { subject: viewOf(length.object), whenTrue: true };
      case '!==':
      case '!=':
      case '>':
        return { subject: viewOf(length.object), whenTrue: false };
      default:
        return undefined;
    }
  }
  return undefined;
}

/**
 * `view.buffer.byteLength === 0` tests `view`: a view and its buffer are
 * detached together, and the transfer of `view.buffer` moves `view`'s storage.
 */
function viewOf(subject: TSESTree.Node): TSESTree.Node {
  const node = skipWrappers(subject);
  return node.type === 'MemberExpression' && staticPropertyName(node) === 'buffer' ? node.object : subject;
}

export function isTestPosition(node: TSESTree.Node): boolean {
  const { parent, child } = outerParent(node);
  if (!parent) return false;
  switch (parent.type) {
    case 'IfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ConditionalExpression':
    case 'ForStatement':
      return (parent as { test?: TSESTree.Node | null }).test === child;
    case 'UnaryExpression':
      return parent.operator === '!';
    case 'LogicalExpression':
      return isTestPosition(parent);
    default:
      return false;
  }
}

export function isEquality(operator: string): boolean {
  return operator === '===' || operator === '!==' || operator === '==' || operator === '!=';
}

export function isZero(node: TSESTree.Node): boolean {
  const inner = skipWrappers(node);
  return inner.type === 'Literal' && inner.value === 0;
}
