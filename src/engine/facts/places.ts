/**
 * Places: what an analysis tracks, as small integer ids for the persistent
 * maps. A place is a local variable (`buf`), `this` of a class or function,
 * or a static member path rooted at one of those (`this.buf`, `msg.payload`).
 *
 * `this` in every method of a class is the same place, so `this.buf` in
 * `send()` and in `draw()` is one place: a call `this.send()` can then move
 * `this.buf` for its caller without any renaming.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { skipWrappers, staticPropertyName } from './ast';
import { classBodyOfThis, type Resolver } from './resolve';

type Variable = TSESLint.Scope.Variable;

export interface PlaceInfo {
  readonly id: number;
  /** How messages name it: `buf`, `this.buf`, `msg.payload`. */
  readonly name: string;
  readonly variable?: Variable;
  readonly parent?: number;
  readonly property?: string;
}

export class Places {
  private readonly infos: PlaceInfo[] = [];
  private readonly byVariable = new Map<Variable, number>();
  private readonly byPath = new Map<string, number>();
  private readonly thisRoots = new Map<TSESTree.Node, number>();
  private readonly childrenOf = new Map<number, number[]>();

  constructor(private readonly resolver: Resolver) {}

  get size(): number {
    return this.infos.length;
  }

  info(id: number): PlaceInfo {
    return this.infos[id]!;
  }

  name(id: number): string {
    return this.infos[id]!.name;
  }

  children(id: number): readonly number[] {
    return this.childrenOf.get(id) ?? [];
  }

  /** The variable a place is rooted at (itself for a variable place). */
  rootVariable(id: number): Variable | undefined {
    let info = this.infos[id]!;
    while (info.parent !== undefined) info = this.infos[info.parent]!;
    return info.variable;
  }

  private add(info: Omit<PlaceInfo, 'id'>): number {
    const id = this.infos.length;
    this.infos.push({ ...info, id });
    if (info.parent !== undefined) {
      const siblings = this.childrenOf.get(info.parent);
      if (siblings) siblings.push(id);
      else this.childrenOf.set(info.parent, [id]);
    }
    return id;
  }

  ofVariable(variable: Variable, create = true): number | undefined {
    const existing = this.byVariable.get(variable);
    if (existing !== undefined || !create) return existing;
    const id = this.add({ name: variable.name, variable });
    this.byVariable.set(variable, id);
    return id;
  }

  private ofThis(node: TSESTree.ThisExpression, create: boolean): number | undefined {
    return this.ofThisRoot(thisRoot(node), create);
  }

  /** The place of `this` bound at a root: a class body (its instance members) or a function. */
  ofThisRoot(root: TSESTree.Node, create = true): number | undefined {
    const existing = this.thisRoots.get(root);
    if (existing !== undefined || !create) return existing;
    const id = this.add({ name: 'this' });
    this.thisRoots.set(root, id);
    return id;
  }

  ofPath(parent: number, property: string, create = true): number | undefined {
    const key = `${parent}.${property}`;
    const existing = this.byPath.get(key);
    if (existing !== undefined || !create) return existing;
    const id = this.add({ name: `${this.name(parent)}.${property}`, parent, property });
    this.byPath.set(key, id);
    return id;
  }

  /**
   * The place an expression denotes: a local variable, `this`, or a static
   * member path on one. With `create` false, only places already made are
   * found (analyses create the places they track, then look up the rest).
   */
  of(expr: TSESTree.Node, create = true): number | undefined {
    const node = skipWrappers(expr);
    switch (node.type) {
      case 'Identifier': {
        const variable = this.resolver.variableOf(node);
        if (!variable || variable.defs.length === 0) return undefined;
        return this.ofVariable(variable, create);
      }
      case 'ThisExpression':
        return this.ofThis(node, create);
      case 'MemberExpression': {
        const property = staticPropertyName(node);
        if (property === undefined) return undefined;
        const parent = this.of(node.object, create);
        return parent === undefined ? undefined : this.ofPath(parent, property, create);
      }
      default:
        return undefined;
    }
  }

  /** Every place made so far under `id` (its member paths, their member paths, ...). */
  descendants(id: number): number[] {
    const result: number[] = [];
    const stack = [...this.children(id)];
    while (stack.length > 0) {
      const child = stack.pop()!;
      result.push(child);
      stack.push(...this.children(child));
    }
    return result;
  }
}

/** What `this` is bound to at a node: the class body for instance members, else the nearest non-arrow function. */
function thisRoot(node: TSESTree.ThisExpression): TSESTree.Node {
  const body = classBodyOfThis(node);
  if (body) return body;
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration' || current.type === 'StaticBlock' || current.type === 'Program') {
      return current;
    }
    if (current.type === 'PropertyDefinition') return current;
    current = current.parent;
  }
  return node;
}
