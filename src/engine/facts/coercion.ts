/**
 * Functions a call runs implicitly while converting its arguments to
 * primitives: an argument that is an object literal with a coercion hook
 * (model/sends.ts `coercionHooks`).
 *
 * ```js
 * const start = { valueOf() { structuredClone(buf, { transfer: [buf] }); return 0; } };
 * view.subarray(start, 8);   // runs start.valueOf() after reading `view`, before using its memory
 * ```
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { coercionHooks } from '../../model/sends';
import { isFunctionNode, propertyKeyName, skipWrappers, type FunctionNode } from './ast';
import type { Resolver } from './resolve';

export interface CoercionHook {
  /** The hook's function: `valueOf() { ... }`. */
  readonly fn: FunctionNode;
  /** The argument converted: `start`. */
  readonly argument: TSESTree.Node;
  /** For messages: `start.valueOf`. */
  readonly label: string;
}

const none: readonly CoercionHook[] = [];

/** The coercion hooks a call's arguments carry, cached per call. */
export class CoercionHooks {
  private readonly byCall = new WeakMap<TSESTree.Node, readonly CoercionHook[]>();

  constructor(private readonly resolver: Pick<Resolver, 'resolveValue'>) {}

  of(call: TSESTree.CallExpression | TSESTree.NewExpression): readonly CoercionHook[] {
    let hooks = this.byCall.get(call);
    if (!hooks) {
      hooks = none;
      for (const argument of call.arguments) {
        if (argument.type === 'SpreadElement') continue;
        const hook = this.hookOf(argument);
        if (hook) hooks = [...hooks, hook];
      }
      this.byCall.set(call, hooks);
    }
    return hooks;
  }

  /** The hook that runs first (`[Symbol.toPrimitive]`, else `valueOf` for a number), when the argument is a literal with one. */
  private hookOf(argument: TSESTree.Expression): CoercionHook | undefined {
    const node = skipWrappers(argument);
    if (node.type !== 'Identifier' && node.type !== 'ObjectExpression') return undefined;
    const value = this.resolver.resolveValue(node);
    if (value.path.length !== 0 || value.expr.type !== 'ObjectExpression') return undefined;
    for (const name of coercionHooks) {
      for (const property of value.expr.properties) {
        if (property.type !== 'Property' || hookName(property) !== name || !isFunctionNode(property.value)) continue;
        const owner = node.type === 'Identifier' ? node.name : 'the argument';
        const label = name === 'Symbol.toPrimitive' ? `${owner}[Symbol.toPrimitive]` : `${owner}.${name}`;
        return { fn: property.value, argument: node, label };
      }
    }
    return undefined;
  }
}

function hookName(property: TSESTree.Property): string | undefined {
  const key = property.key;
  if (
    property.computed &&
    key.type === 'MemberExpression' &&
    !key.computed &&
    key.object.type === 'Identifier' &&
    key.object.name === 'Symbol' &&
    key.property.type === 'Identifier'
  ) {
    return `Symbol.${key.property.name}`;
  }
  return propertyKeyName(property);
}
