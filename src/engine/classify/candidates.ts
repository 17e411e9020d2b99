/**
 * Looking a call up in one of the model's match indexes (model/index.ts):
 * the model is data; matching it against the AST happens here, once, for
 * every area.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { MatchIndex, NamedMatch } from '../../model';
import { nameVariants, normalizeModule, type QualifiedName } from '../../model/names';
import { skipWrappers, staticPropertyName } from '../facts/ast';
import type { Resolver } from '../facts/resolve';

/** The entries of `index` that a call may be (by method name, qualified callee, constructor or settings name). */
export function candidatesOf<T>(index: MatchIndex<T>, call: TSESTree.CallExpression | TSESTree.NewExpression, resolver: Resolver): T[] {
  const found: T[] = [];
  const callee = skipWrappers(call.callee);
  const qualified = resolver.qualifiedName(callee);
  if (call.type === 'CallExpression') {
    if (callee.type === 'MemberExpression') {
      const method = staticPropertyName(callee);
      if (method !== undefined) found.push(...(index.byMethod.get(method) ?? []));
    }
    if (qualified !== undefined) for (const variant of nameVariants(qualified)) found.push(...(index.byName.get(variant) ?? []));
  } else if (qualified !== undefined) {
    for (const variant of nameVariants(qualified)) found.push(...(index.byNew.get(variant) ?? []));
  }
  for (const { match, value } of index.named) {
    if (matchesNamed(match, call, qualified)) found.push(value);
  }
  return found;
}

/** A settings entry known by name: `sendFrame(...)`, `new Job(...)`, optionally only when imported from `module`. */
function matchesNamed(match: NamedMatch, call: TSESTree.CallExpression | TSESTree.NewExpression, qualified: QualifiedName | undefined): boolean {
  if (match.construct !== (call.type === 'NewExpression')) return false;
  if (match.module !== undefined) {
    const wanted = `${normalizeModule(match.module)}:${match.name}`;
    return qualified !== undefined && nameVariants(qualified).includes(wanted);
  }
  const callee = skipWrappers(call.callee);
  if (callee.type === 'Identifier' && callee.name === match.name) return true;
  if (qualified === undefined) return false;
  return qualified.endsWith(`:${match.name}`) || qualified.endsWith(`.${match.name}`);
}
