/**
 * Which cell of shared memory a wait sleeps on and a waker changes: the
 * typed array (as a variable, `this` field or static member path, or the
 * buffer it views) and the index into it. Two calls touch the same cell when
 * their arrays have a key in common and their indexes may be equal.
 *
 * `Atomics.wait(view, 0, 0)` and `Atomics.notify(new Int32Array(sab), 0)`
 * share `sab`; `state.opIds.rc` and `state.opIds.whichOp` are two named
 * slots, so a notify of one does not wake a wait on the other.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { atomicTypedArrays } from '../../../model/shared-memory';
import { isFunctionNode, skipWrappers, staticPropertyName } from '../../facts/ast';
import { classBodyOfThis, type Resolver } from '../../facts/resolve';

type Variable = TSESLint.Scope.Variable;

/** An index as far as the text tells: a number, a named constant, a static member path, or unknown. */
type IndexValue =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'constant'; readonly variable: Variable }
  | { readonly kind: 'path'; readonly object: string; readonly property: string }
  | { readonly kind: 'unknown' };

export class Cells {
  private readonly ids = new Map<object, number>();
  private readonly keys = new Map<TSESTree.Node, string[]>();

  constructor(private readonly resolver: Resolver) {}

  private idOf(thing: object): number {
    let id = this.ids.get(thing);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(thing, id);
    }
    return id;
  }

  /** The names of the memory an array expression denotes: itself, and the buffer it is a view of. */
  keysOf(array: TSESTree.Node): readonly string[] {
    let keys = this.keys.get(array);
    if (!keys) {
      keys = this.computeKeys(array);
      this.keys.set(array, keys);
    }
    return keys;
  }

  private computeKeys(array: TSESTree.Node): string[] {
    const keys: string[] = [];
    const own = this.keyOf(array);
    if (own !== undefined) keys.push(own);
    const creation = this.resolver.creation(array);
    if (creation?.kind === 'new' && creation.path.length === 0 && creation.callee?.startsWith('global:')) {
      const type = creation.callee.slice('global:'.length);
      const buffer = creation.node.arguments[0];
      const bufferKey = atomicTypedArrays.has(type) && buffer ? this.keyOf(buffer) : undefined;
      if (bufferKey !== undefined) keys.push(`buffer ${bufferKey}`);
    }
    return keys;
  }

  /** `flag`, `this.flags`, `state.view`: a variable, `this` or a static member path on one. */
  private keyOf(expr: TSESTree.Node): string | undefined {
    const node = skipWrappers(expr);
    switch (node.type) {
      case 'Identifier': {
        const variable = this.resolver.variableOf(node);
        return variable && variable.defs.length > 0 ? `v${this.idOf(variable)}` : `global ${node.name}`;
      }
      case 'ThisExpression':
        return `this${this.idOf(thisBinding(node))}`;
      case 'MemberExpression': {
        const property = staticPropertyName(node);
        const object = property === undefined ? undefined : this.keyOf(node.object);
        return object === undefined ? undefined : `${object}.${property}`;
      }
      default:
        return undefined;
    }
  }

  /** Whether two index arguments may be the same index (absent means 0, as Atomics reads it). */
  mayBeSameIndex(a: TSESTree.Node | undefined, b: TSESTree.Node | undefined): boolean {
    const x = this.indexValue(a);
    const y = this.indexValue(b);
    if (x.kind === 'unknown' || y.kind === 'unknown' || x.kind !== y.kind) return true;
    if (x.kind === 'number' && y.kind === 'number') return x.value === y.value;
    // Two named constants (`READ_INDEX`, `WRITE_INDEX`) name two slots.
    if (x.kind === 'constant' && y.kind === 'constant') return x.variable === y.variable;
    // `ids.rc` and `ids.whichOp`: two named slots of one table.
    if (x.kind === 'path' && y.kind === 'path') return x.object !== y.object || x.property === y.property;
    return true;
  }

  private indexValue(expr: TSESTree.Node | undefined): IndexValue {
    if (expr === undefined) return { kind: 'number', value: 0 };
    const node = skipWrappers(expr);
    if (node.type === 'Literal' && typeof node.value === 'number') return { kind: 'number', value: node.value };
    if (node.type === 'Identifier') {
      const variable = this.resolver.variableOf(node);
      const definition = variable && this.resolver.singleDefinition(variable);
      if (!variable || (definition?.kind !== 'init' && definition?.kind !== 'import')) return { kind: 'unknown' };
      if (definition.kind === 'init' && definition.declarator.parent.kind !== 'const') return { kind: 'unknown' };
      const init = definition.kind === 'init' && definition.path.length === 0 ? skipWrappers(definition.init) : undefined;
      if (init?.type === 'Literal' && typeof init.value === 'number') return { kind: 'number', value: init.value };
      return { kind: 'constant', variable };
    }
    if (node.type === 'MemberExpression') {
      // `ids.request` of `const ids = { request: 0, reply: 1 }`.
      const value = this.resolver.resolveValue(node);
      if (value.path.length === 0 && value.expr.type === 'Literal' && typeof value.expr.value === 'number') return { kind: 'number', value: value.expr.value };
      const property = staticPropertyName(node);
      const object = property === undefined ? undefined : this.keyOf(node.object);
      if (property !== undefined && object !== undefined && !/^\d+$/.test(property)) return { kind: 'path', object, property };
    }
    return { kind: 'unknown' };
  }
}

/** What `this` is bound to: the class body for instance members, else the nearest non-arrow function or the program. */
function thisBinding(node: TSESTree.ThisExpression): TSESTree.Node {
  const body = classBodyOfThis(node);
  if (body) return body;
  let current: TSESTree.Node | undefined = node.parent;
  while (current && !(isFunctionNode(current) && current.type !== 'ArrowFunctionExpression') && current.type !== 'Program') current = current.parent;
  return current ?? node;
}
