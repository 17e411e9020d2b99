/**
 * Calls of functions of relative modules, as the lock analysis records them
 * (calls made while holding locks) and the lock graph follows them.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Resolver } from '../../facts/resolve';

/** A function of a relative module: the specifier as written (`./bank`) and the exported name (`transfer`). */
export interface ImportedFunctionName {
  readonly module: string;
  readonly name: string;
}

/**
 * The function of a relative module a call invokes, as the lock graph names it: `{ module: './bank', name: 'transfer' }` for `transfer()`
 * (imported by name), `bank.transfer()` (a namespace) and `bank.default.transfer()`. Methods of imported objects
 * (`./bank:ledger.add`) and packages are not followed.
 */
export function importedFunctionName(resolver: Resolver, call: TSESTree.CallExpression): ImportedFunctionName | undefined {
  const name = resolver.qualifiedName(call.callee);
  if (!name || name.startsWith('global:')) return undefined;
  const separator = name.indexOf(':');
  const module = name.slice(0, separator);
  // `bank.default.pay` is `bank`'s named `pay` as far as importers see it.
  const member = name.slice(separator + 1).replace(/^default\./, '');
  return module.startsWith('.') && !member.includes('.') ? { module, name: member } : undefined;
}
