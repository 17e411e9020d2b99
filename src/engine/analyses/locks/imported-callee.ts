/**
 * Calls of functions of relative modules, as the lock analysis records them
 * (calls made while holding locks) and the lock graph follows them.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Resolver } from '../../facts/resolve';

/**
 * The function of a relative module a call invokes, as the merge names it: `./bank:transfer` for `transfer()`
 * (imported by name), `bank.transfer()` (a namespace) and `bank.default.transfer()`. Methods of imported objects
 * (`./bank:ledger.add`) and packages are not followed.
 */
export function importedFunctionName(resolver: Resolver, call: TSESTree.CallExpression): { module: string; name: string } | undefined {
  const name = resolver.qualifiedName(call.callee);
  if (!name || name.startsWith('global:')) return undefined;
  const separator = name.indexOf(':');
  const module = name.slice(0, separator);
  // `bank.default.pay` is `bank`'s named `pay` as far as importers see it.
  const member = name.slice(separator + 1).replace(/^default\./, '');
  return module.startsWith('.') && !member.includes('.') ? { module, name: member } : undefined;
}
