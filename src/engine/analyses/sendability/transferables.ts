/**
 * What inside a message must be transferred, not cloned: MessagePorts,
 * streams, FileHandles, as the code shows them (bindings, inline `new`).
 */
import { fileHandleFactories } from '../../../model/clone';
import { maxDepth } from './problems';
import { callbackArgument, parameterOf } from './parameters';
import { nameMatches } from '../../../model/names';
import { skipWrappers } from '../../facts/ast';
import type { TSESTree } from '@typescript-eslint/utils';
import type { Resolver } from '../../facts/resolve';

/** MessagePorts and streams inside a message (as the code shows them). */
export function transferablesIn(payload: TSESTree.Node, resolver: Resolver): Array<{ node: TSESTree.Node; what: string }> {
  const found: Array<{ node: TSESTree.Node; what: string }> = [];
  const visit = (expr: TSESTree.Node, depth: number): void => {
    const node = skipWrappers(expr);
    if (depth > maxDepth) return;
    if (node.type === 'ObjectExpression') {
      for (const property of node.properties) visit(property.type === 'SpreadElement' ? property.argument : property.value, depth + 1);
      return;
    }
    if (node.type === 'ArrayExpression') {
      for (const element of node.elements) if (element) visit(element.type === 'SpreadElement' ? element.argument : element, depth + 1);
      return;
    }
    if (node.type !== 'Identifier' && node.type !== 'MemberExpression' && node.type !== 'NewExpression' && node.type !== 'AwaitExpression') return;
    const what = transferableKind(node, resolver);
    if (what) found.push({ node, what });
    else if (node.type === 'Identifier') {
      const value = resolver.resolveValue(node);
      if (value.path.length === 0 && (value.expr.type === 'ObjectExpression' || value.expr.type === 'ArrayExpression') && depth < 2)
        visit(value.expr, depth + 1);
    }
  };
  visit(payload, 0);
  return found;
}

/** What must be transferred a value is, by how it was made: a MessagePort, a stream, a FileHandle. */
export function transferableKind(node: TSESTree.Node, resolver: Resolver, depth = 0): string | undefined {
  const value = resolver.resolveValue(node);
  // `withHandle((fh) => port.postMessage(fh))`: what `withHandle` passes its callback.
  const param = value.path.length === 0 ? parameterOf(value.expr, resolver) : undefined;
  if (param && depth < 2) {
    const passed = callbackArgument(param.fn, param.index, resolver);
    return passed ? transferableKind(passed, resolver, depth + 1) : undefined;
  }
  // `const handle = await fs.promises.open(path)`: a FileHandle must be transferred.
  const made = value.path.length === 0 ? skipWrappers(value.expr.type === 'AwaitExpression' ? value.expr.argument : value.expr) : undefined;
  if (made?.type === 'CallExpression') {
    return nameMatches(resolver.qualifiedName(made.callee), new Set(fileHandleFactories)) ? 'a FileHandle' : undefined;
  }
  if (value.expr.type !== 'NewExpression') return undefined;
  const callee = resolver.qualifiedName(value.expr.callee)?.replace(/^(?:global|worker_threads|stream\/web):/, '');
  if (callee === 'MessageChannel' && value.path.length === 1 && (value.path[0] === 'port1' || value.path[0] === 'port2')) return 'a MessagePort';
  if ((callee === 'ReadableStream' || callee === 'WritableStream' || callee === 'TransformStream') && value.path.length === 0) return `a ${callee}`;
  if (callee === 'TransformStream' && value.path.length === 1 && (value.path[0] === 'readable' || value.path[0] === 'writable')) return 'a stream';
  return undefined;
}
