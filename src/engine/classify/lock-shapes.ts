/**
 * Code shapes the lock classifier reads: whether a same-file class's
 * `acquire()` hands out a value, and a releaser handed to a `.then` callback.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, skipWrappers, staticPropertyName } from '../facts/ast';

/** Whether a function has a `return <value>` of its own (not in nested functions). */
export function returnsValue(fn: TSESTree.FunctionExpression | TSESTree.TSEmptyBodyFunctionExpression): boolean {
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found) return;
    if (node.type === 'ReturnStatement') {
      if (node.argument) found = true;
      return;
    }
    if (node !== fn && isFunctionNode(node)) return;
    for (const [key, value] of Object.entries(node) as Array<[string, unknown]>) {
      if (key === 'parent') continue;
      const children = Array.isArray(value) ? (value as unknown[]) : [value];
      for (const child of children) {
        if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') visit(child as TSESTree.Node);
      }
    }
  };
  if (fn.body) visit(fn.body);
  return found;
}

/** `p.then((unlock) => ...)` with `p` this call: the callback takes the releaser as its first parameter and mentions it. */
export function releaserHandedToCallback(call: TSESTree.CallExpression): boolean {
  const member = call.parent;
  if (member?.type !== 'MemberExpression' || member.object !== call || staticPropertyName(member) !== 'then') return false;
  const chained = member.parent;
  if (chained?.type !== 'CallExpression' || chained.callee !== member) return false;
  const callback = chained.arguments[0] && skipWrappers(chained.arguments[0]);
  if (!callback || !isFunctionNode(callback)) return false;
  const first = callback.params[0];
  if (first?.type !== 'Identifier') return false;
  const name = first.name;
  let used = false;
  const visit = (node: TSESTree.Node): void => {
    if (used) return;
    if (node.type === 'Identifier' && node.name === name && node !== first) {
      used = true;
      return;
    }
    for (const [key, value] of Object.entries(node) as Array<[string, unknown]>) {
      if (key === 'parent') continue;
      const children = Array.isArray(value) ? (value as unknown[]) : [value];
      for (const child of children) {
        if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') visit(child as TSESTree.Node);
      }
    }
  };
  visit(callback.body);
  return used;
}
