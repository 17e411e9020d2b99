/**
 * Storage aliasing: which places share memory. One buffer is reached through
 * many names:
 *
 *   const view = new Uint8Array(buf)     view shares buf's memory
 *   const data = new DataView(buf, 8)
 *   const b = view.buffer                b is buf
 *   const head = view.subarray(0, 4)
 *   const same = buf
 *   const { payload } = msg              payload is msg.payload
 *   const msg = { payload: buf }         msg.payload is buf
 *
 * Used by ownership (a transfer detaches every alias) and by shared memory
 * (an access through any alias touches the shared memory). Only bindings that
 * never change are followed: a reassigned `let` would carry an alias past the
 * point where it stopped being true.
 *
 * Whether `new Uint8Array(x)` is a view or a copy depends on x (a view of an
 * ArrayBuffer, a copy of a typed array); the caller decides, with `isView`.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { skipWrappers, staticPropertyName } from './ast';
import type { Places } from './places';
import type { Resolver } from './resolve';

type Variable = TSESLint.Scope.Variable;

export const typedArrayConstructors: ReadonlySet<string> = new Set([
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'DataView',
]);

export interface StorageInputs {
  readonly resolver: Resolver;
  readonly places: Places;
  readonly variables: () => Iterable<Variable>;
  /** Whether `new TypedArray(source)` (one argument) views `source` rather than copying it. */
  readonly isView: (source: TSESTree.Node) => boolean;
}

export interface StorageGroups {
  /** Every group of places that share storage (only places in some alias relation are keys). */
  readonly groups: ReadonlyMap<number, readonly number[]>;
  /** For a variable bound to an alias, the place its initializer names: `view` -> `buf`, `payload` -> `msg.payload`. */
  readonly sources: ReadonlyMap<number, number>;
}

export function storageGroups(inputs: StorageInputs): StorageGroups {
  const { places, resolver } = inputs;
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const sources = new Map<number, number>();
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const stable = (expr: TSESTree.Node): boolean => {
    const node = skipWrappers(expr);
    if (node.type === 'MemberExpression') return stable(node.object);
    if (node.type === 'ThisExpression') return true;
    if (node.type !== 'Identifier') return false;
    const variable = resolver.variableOf(node);
    const definition = variable && resolver.singleDefinition(variable);
    return definition !== undefined && definition.kind !== 'function';
  };
  /** The place whose storage an expression shares, if the expression is an alias-forming one. */
  const storageOf = (expr: TSESTree.Node): number | undefined => {
    const node = skipWrappers(expr);
    if (node.type === 'Identifier' || node.type === 'MemberExpression' || node.type === 'ThisExpression') {
      if (node.type === 'MemberExpression' && staticPropertyName(node) === 'buffer') return stable(node.object) ? places.of(node.object) : undefined;
      return stable(node) ? places.of(node) : undefined;
    }
    if (node.type === 'NewExpression' && node.arguments.length > 0) {
      const callee = resolver.qualifiedName(node.callee);
      const name = callee?.startsWith('global:') ? callee.slice(7) : undefined;
      if (!name || !typedArrayConstructors.has(name)) return undefined;
      const source = skipWrappers(node.arguments[0]!);
      const isView =
        name === 'DataView' ||
        node.arguments.length >= 2 ||
        (source.type === 'MemberExpression' && staticPropertyName(source) === 'buffer') ||
        inputs.isView(source);
      return isView ? storageOf(source) : undefined;
    }
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && staticPropertyName(node.callee) === 'subarray') {
      return storageOf(node.callee.object);
    }
    return undefined;
  };

  for (const variable of inputs.variables()) {
    const definition = resolver.singleDefinition(variable);
    if (definition?.kind !== 'init') continue;
    const init = skipWrappers(definition.init);
    if (definition.path.length === 0) {
      const storage = storageOf(init);
      if (storage !== undefined) {
        union(places.ofVariable(variable)!, storage);
        sources.set(places.ofVariable(variable)!, storage);
      }
      if (init.type === 'ObjectExpression') {
        const self = places.ofVariable(variable)!;
        for (const property of init.properties) {
          if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier') continue;
          const value = storageOf(property.value);
          if (value !== undefined) union(places.ofPath(self, property.key.name)!, value);
        }
      }
    } else if (stable(init)) {
      let place = storageOf(init);
      for (const key of definition.path) place = place === undefined ? undefined : places.ofPath(place, key);
      if (place !== undefined) {
        union(places.ofVariable(variable)!, place);
        sources.set(places.ofVariable(variable)!, place);
      }
    }
  }

  const members = new Map<number, number[]>();
  for (const place of parent.keys()) {
    const root = find(place);
    const list = members.get(root);
    if (list) list.push(place);
    else members.set(root, [place]);
  }
  const groups = new Map<number, readonly number[]>();
  for (const group of members.values()) for (const place of group) groups.set(place, group);
  return { groups, sources };
}
