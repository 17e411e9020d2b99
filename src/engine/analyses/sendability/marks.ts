/**
 * What the file marks or makes special about a value: objects passed to
 * Node's `markAsUncloneable` (a no-op on buffers and views), and symbols.
 */
import { forEachStep } from '../../core/flow';
import { skipWrappers } from '../../facts/ast';
import type { Resolver } from '../../facts/resolve';
import type { EngineInputs } from '../../inputs';
import { markIgnoredConstructors, markIgnoredFactories, symbolValues, uncloneableMarkers } from '../../../model/clone';
import { nameMatches } from '../../../model/names';
import type { TSESTree } from '@typescript-eslint/utils';

export class Marks {
  private uncloneableMarked: Set<number> | undefined;

  constructor(
    private readonly resolver: Resolver,
    private readonly recorded: EngineInputs['recorded'],
    private readonly places: EngineInputs['places'],
  ) {}

  /** `markAsUncloneable(new ArrayBuffer(8))`: a no-op on buffers and views (they still clone). */
  private markIgnored(argument: TSESTree.Node): boolean {
    const { resolver } = this;
    const value = resolver.resolveValue(argument);
    if (value.path.length !== 0) return false;
    if (value.expr.type === 'NewExpression') return nameMatches(resolver.qualifiedName(value.expr.callee), markIgnoredConstructors);
    return value.expr.type === 'CallExpression' && nameMatches(resolver.qualifiedName(value.expr.callee), markIgnoredFactories);
  }

  isSymbol(expr: TSESTree.Node): boolean {
    const node = skipWrappers(expr);
    const { resolver } = this;
    const qualified = resolver.qualifiedName(node);
    if (qualified && symbolValues.has(qualified)) return true;
    const value = resolver.resolveValue(node);
    if (value.expr.type === 'CallExpression' && value.path.length === 0) {
      const callee = resolver.qualifiedName(value.expr.callee);
      return callee === 'global:Symbol' || callee === 'global:Symbol.for';
    }
    return false;
  }

  /** Objects passed to Node's `markAsUncloneable` in this file. */
  isMarkedUncloneable(node: TSESTree.Identifier): boolean {
    if (!this.uncloneableMarked) {
      this.uncloneableMarked = new Set();
      forEachStep(this.recorded.flows, (step) => {
        if (step.kind !== 'call' || step.node.type !== 'CallExpression') return;
        if (!nameMatches(this.resolver.qualifiedName(step.node.callee), new Set(uncloneableMarkers))) return;
        const argument = step.node.arguments[0];
        if (!argument || this.markIgnored(argument)) return;
        const place = this.places.of(argument);
        if (place !== undefined) this.uncloneableMarked!.add(place);
      });
    }
    const place = this.places.of(node, false);
    return place !== undefined && this.uncloneableMarked.has(place);
  }
}
