/** Calls that hand an endpoint passed to them on, known from the model (see `storingCalls`). */
import type { TSESTree } from '@typescript-eslint/utils';
import { storingCalls } from '../../../model/channels';
import { nameMatches } from '../../../model/names';
import { isFunctionNode, skipWrappers, staticPropertyName } from '../../facts/ast';
import type { Resolver } from '../../facts/resolve';

const promiseConstructors = new Set<string>(storingCalls.promiseConstructors);

/** `pool.push(worker)`, `byId.set(id, worker)`, `resolve(worker)` in `new Promise((resolve) => ...)`. */
export function storesArgument(call: TSESTree.CallExpression | TSESTree.NewExpression, resolver: Resolver): boolean {
  if (call.type !== 'CallExpression') return false;
  const callee = skipWrappers(call.callee);
  if (callee.type === 'MemberExpression') return storingCalls.methods.includes(staticPropertyName(callee) ?? '');
  if (callee.type !== 'Identifier') return false;
  const definition = resolver.variableOf(callee)?.defs[0];
  if (definition?.type !== 'Parameter') return false;
  const executor = definition.node;
  const construction = executor.parent;
  return (
    isFunctionNode(executor) &&
    executor.params[0] === definition.name &&
    construction?.type === 'NewExpression' &&
    construction.arguments[0] === executor &&
    nameMatches(resolver.qualifiedName(construction.callee), promiseConstructors)
  );
}
