/**
 * Name and value resolution, the way users write imports and bindings.
 *
 * - `qualifiedName(expr)`: what API an expression names (see model/names.ts),
 *   through ES imports (named, renamed, default, namespace), `require` (whole,
 *   destructured, member), `import x = require()`, dynamic `import()`, const
 *   aliases, and globals (`Worker`, `self.postMessage`, `globalThis.X`).
 * - `resolveValue(expr)`: the expression that produced a value, through const
 *   bindings, destructuring, object literals and class fields assigned once:
 *   `const { port1 } = new MessageChannel()` resolves `port1` to the
 *   `new MessageChannel()` with path ["port1"].
 *
 * Only bindings that hold one value for their whole life are followed (const,
 * or a let/var never written after its declaration); anything else resolves
 * to itself, which callers treat as unknown.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { argumentParams, findProperty, isFunctionNode, propertyKeyName, skipWrappers, staticKey, staticPropertyName, type FunctionNode } from './ast';
import { globalObjectNames, normalizeModule, type QualifiedName } from '../../model/names';

type Variable = TSESLint.Scope.Variable;
type Reference = TSESLint.Scope.Reference;

export interface ResolvedValue {
  /** The expression that produced the value (or the unresolvable expression itself). */
  readonly expr: TSESTree.Node;
  /** Properties read from it: `port1` of `new MessageChannel()`. */
  readonly path: readonly string[];
}

export interface Creation {
  readonly kind: 'new' | 'call';
  readonly node: TSESTree.NewExpression | TSESTree.CallExpression;
  readonly callee: QualifiedName | undefined;
  readonly path: readonly string[];
}

const maxDepth = 12;
const globalObject = 'global:globalThis';

export class Resolver {
  private readonly qualifiedNames = new Map<TSESTree.Node, QualifiedName | null>();
  private readonly singleDefinitions = new Map<Variable, SingleDefinition | null>();

  constructor(
    private readonly referenceOf: (id: TSESTree.Identifier) => Reference | undefined,
    private readonly fieldWrites: () => ReadonlyMap<TSESTree.ClassBody, ReadonlyMap<string, readonly TSESTree.Node[]>>,
  ) {}

  variableOf(id: TSESTree.Identifier): Variable | undefined {
    return this.referenceOf(id)?.resolved ?? undefined;
  }

  /** A reference to something no code in the file declares: a global (`Worker`, `self`). */
  isGlobalReference(id: TSESTree.Identifier): boolean {
    const reference = this.referenceOf(id);
    if (!reference) return false;
    return !reference.resolved || reference.resolved.defs.length === 0;
  }

  /** The one value a variable holds for its whole life, if it has one we can see. */
  singleDefinition(variable: Variable): SingleDefinition | undefined {
    let cached = this.singleDefinitions.get(variable);
    if (cached === undefined) {
      cached = computeSingleDefinition(variable) ?? null;
      this.singleDefinitions.set(variable, cached);
    }
    return cached ?? undefined;
  }

  resolveValue(expr: TSESTree.Node, depth = 0): ResolvedValue {
    const node = skipWrappers(expr);
    if (depth > maxDepth) return { expr: node, path: [] };
    switch (node.type) {
      case 'AwaitExpression':
        return this.resolveValue(node.argument, depth + 1);
      case 'Identifier': {
        const variable = this.variableOf(node);
        const definition = variable && this.singleDefinition(variable);
        if (!definition || definition.kind !== 'init') return { expr: node, path: [] };
        return this.descend(this.resolveValue(definition.init, depth + 1), definition.path, depth);
      }
      case 'MemberExpression': {
        const name = staticPropertyName(node);
        if (name === undefined) return { expr: node, path: [] };
        if (node.object.type === 'ThisExpression') {
          const write = this.singleFieldWrite(node.object, name);
          return write ? this.resolveValue(write, depth + 1) : { expr: node, path: [] };
        }
        return this.descend(this.resolveValue(node.object, depth + 1), [name], depth);
      }
      default:
        return { expr: node, path: [] };
    }
  }

  /** The value a variable holds for its whole life (through destructuring), if it has one. */
  valueOfVariable(variable: Variable): ResolvedValue | undefined {
    const definition = this.singleDefinition(variable);
    if (definition?.kind !== 'init') return undefined;
    return this.descend(this.resolveValue(definition.init, 1), definition.path, 1);
  }

  /** Read `path` from a resolved value, looking into object and array literals. */
  private descend(value: ResolvedValue, path: readonly string[], depth: number): ResolvedValue {
    if (path.length === 0) return value;
    if (value.path.length === 0) {
      const [head, ...rest] = path;
      if (value.expr.type === 'ObjectExpression') {
        const property = findProperty(value.expr, head!);
        if (property && property.value.type !== 'AssignmentPattern' && !property.computed) {
          return this.descend(this.resolveValue(property.value, depth + 1), rest, depth);
        }
        if (property || value.expr.properties.some((p) => p.type === 'SpreadElement')) {
          return { expr: value.expr, path: [...value.path, ...path] };
        }
      }
      if (value.expr.type === 'ArrayExpression' && /^\d+$/.test(head!)) {
        const element = value.expr.elements[Number(head)];
        if (element && element.type !== 'SpreadElement' && !value.expr.elements.some((e) => e?.type === 'SpreadElement')) {
          return this.descend(this.resolveValue(element, depth + 1), rest, depth);
        }
      }
    }
    return { expr: value.expr, path: [...value.path, ...path] };
  }

  /** The value of `this.name` when the class assigns that field exactly once. */
  private singleFieldWrite(thisNode: TSESTree.ThisExpression, name: string): TSESTree.Node | undefined {
    const body = classBodyOfThis(thisNode);
    const writes = body && this.fieldWrites().get(body)?.get(name);
    return writes?.length === 1 ? writes[0] : undefined;
  }

  /** Every value the class assigns to `this.name` (constructor, methods, field initializers). */
  fieldValues(thisNode: TSESTree.ThisExpression, name: string): readonly TSESTree.Node[] {
    const body = classBodyOfThis(thisNode);
    return (body && this.fieldWrites().get(body)?.get(name)) ?? [];
  }

  qualifiedName(expr: TSESTree.Node): QualifiedName | undefined {
    const node = skipWrappers(expr);
    const cached = this.qualifiedNames.get(node);
    if (cached !== undefined) return cached ?? undefined;
    this.qualifiedNames.set(node, null); // cycle guard: `const a = b, b = a`
    const name = this.computeQualifiedName(node, 0);
    this.qualifiedNames.set(node, name ?? null);
    return name;
  }

  private computeQualifiedName(node: TSESTree.Node, depth: number): QualifiedName | undefined {
    if (depth > maxDepth) return undefined;
    switch (node.type) {
      case 'Identifier': {
        const reference = this.referenceOf(node);
        if (!reference) return undefined;
        const variable = reference.resolved;
        if (!variable || variable.defs.length === 0) {
          return globalObjectNames.has(node.name) ? globalObject : `global:${node.name}`;
        }
        const definition = this.singleDefinition(variable);
        if (!definition) return undefined;
        if (definition.kind === 'import') return definition.name;
        if (definition.kind !== 'init') return undefined;
        const base = this.qualifiedName(definition.init);
        return base === undefined ? undefined : definition.path.reduce(joinName, base);
      }
      case 'MemberExpression': {
        const property = staticPropertyName(node);
        if (property === undefined) return undefined;
        const object = this.qualifiedName(node.object);
        return object === undefined ? undefined : joinName(object, property);
      }
      case 'CallExpression': {
        const moduleName = requiredModule(node, this);
        return moduleName === undefined ? undefined : `${moduleName}:*`;
      }
      case 'ImportExpression': {
        const source = skipWrappers(node.source);
        return source.type === 'Literal' && typeof source.value === 'string' ? `${normalizeModule(source.value)}:*` : undefined;
      }
      case 'AwaitExpression':
        return this.qualifiedName(node.argument);
      default:
        return undefined;
    }
  }

  /** What created the value: `new X()` or `x()` (through bindings), with the properties read from it. */
  creation(expr: TSESTree.Node): Creation | undefined {
    const value = this.resolveValue(expr);
    const node = value.expr;
    if (node.type === 'NewExpression') return { kind: 'new', node, callee: this.qualifiedName(node.callee), path: value.path };
    if (node.type === 'CallExpression') return { kind: 'call', node, callee: this.calleeName(node), path: value.path };
    return undefined;
  }

  /**
   * The class an expression names when this file declares it: `class Pool {}` (also merged with an `interface
   * Pool`, which adds a type definition to the same variable), `const Pool = class {}`.
   */
  declaredClass(expr: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
    const node = skipWrappers(expr);
    if (node.type !== 'Identifier') return undefined;
    const variable = this.variableOf(node);
    const classes = variable?.defs.filter((definition) => definition.type === 'ClassName') ?? [];
    const declared = classes.length === 1 ? classes[0]!.node : undefined;
    if (declared?.type === 'ClassDeclaration' || declared?.type === 'ClassExpression') return declared;
    if (classes.length > 0) return undefined;
    const value = this.resolveValue(node);
    return value.path.length === 0 && value.expr.type === 'ClassExpression' ? value.expr : undefined;
  }

  /** The qualified name of a call's callee (`Comlink.wrap`, `require('workerpool').pool`). */
  calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): QualifiedName | undefined {
    return this.qualifiedName(call.callee);
  }

  /** The function a call invokes, when the file defines it: `helper()`, `this.method()`, `obj.method()`. */
  calledFunction(call: TSESTree.CallExpression): FunctionNode | undefined {
    const callee = skipWrappers(call.callee);
    if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression') {
      const name = staticPropertyName(callee);
      const body = name === undefined ? undefined : classBodyOfThis(callee.object);
      if (body) {
        const method = findMethod(body, name!);
        if (method) return method;
      }
    }
    if (callee.type === 'Identifier') {
      const variable = this.variableOf(callee);
      const definition = variable && this.singleDefinition(variable);
      if (definition?.kind === 'function') return definition.node;
    }
    // `pool.run()` on `const pool = new Pool()` or `this.pool = new Pool()`, where this file declares `Pool`.
    if (callee.type === 'MemberExpression') {
      const name = staticPropertyName(callee);
      const creation = name === undefined ? undefined : this.creation(callee.object);
      const klass = creation?.kind === 'new' && creation.path.length === 0 ? this.declaredClass(creation.node.callee) : undefined;
      const method = klass && findMethod(klass.body, name!);
      if (method) return method;
    }
    const value = this.resolveValue(callee);
    return value.path.length === 0 && isFunctionNode(value.expr) ? value.expr : undefined;
  }
}

export type SingleDefinition =
  /** `const x = init` (possibly destructured: `const { a: x } = init` has path ["a"]). */
  | { readonly kind: 'init'; readonly init: TSESTree.Expression; readonly path: readonly string[]; readonly declarator: TSESTree.VariableDeclarator }
  | { readonly kind: 'import'; readonly name: QualifiedName }
  | { readonly kind: 'function'; readonly node: TSESTree.FunctionDeclaration }
  | { readonly kind: 'parameter'; readonly node: FunctionNode; readonly index: number };

function computeSingleDefinition(variable: Variable): SingleDefinition | undefined {
  if (variable.defs.length !== 1) return undefined;
  const definition = variable.defs[0]!;
  switch (definition.type) {
    case 'ImportBinding': {
      const specifier = definition.node;
      if (specifier.type === 'TSImportEqualsDeclaration') {
        const reference = specifier.moduleReference;
        if (reference.type === 'TSExternalModuleReference' && reference.expression.type === 'Literal' && typeof reference.expression.value === 'string') {
          return { kind: 'import', name: `${normalizeModule(reference.expression.value)}:*` };
        }
        return undefined;
      }
      const declaration = specifier.parent as TSESTree.ImportDeclaration;
      const moduleName = normalizeModule(String(declaration.source.value));
      switch (specifier.type) {
        case 'ImportDefaultSpecifier':
          return { kind: 'import', name: `${moduleName}:default` };
        case 'ImportNamespaceSpecifier':
          return { kind: 'import', name: `${moduleName}:*` };
        case 'ImportSpecifier': {
          const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
          return { kind: 'import', name: `${moduleName}:${imported}` };
        }
        default:
          return undefined;
      }
    }
    case 'FunctionName':
      return definition.node.type === 'FunctionDeclaration' ? { kind: 'function', node: definition.node } : undefined;
    case 'Parameter': {
      const fn = definition.node;
      if (!isFunctionNode(fn)) return undefined;
      const index = argumentParams(fn).findIndex((param) => {
        const inner = param.type === 'AssignmentPattern' ? param.left : param.type === 'TSParameterProperty' ? param.parameter : param;
        return inner.type === 'Identifier' && inner.name === variable.name;
      });
      if (index === -1) return undefined;
      if (variable.references.some((reference) => reference.isWrite())) return undefined;
      return { kind: 'parameter', node: fn, index };
    }
    case 'Variable': {
      const declarator = definition.node;
      if (!declarator.init) return undefined;
      const declaration = definition.parent;
      // A for-in/of head is written every iteration from the iterated value, not from `init`.
      if (declaration.parent.type === 'ForInStatement' || declaration.parent.type === 'ForOfStatement') return undefined;
      if (declaration.kind !== 'const' && variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
      const path = patternPath(definition.name, declarator.id);
      if (!path) return undefined;
      return { kind: 'init', init: declarator.init, path, declarator };
    }
    default:
      return undefined;
  }
}

/** The properties that lead from a declarator's pattern to one of its names: `{ a: [x] }` gives ["a", "0"] for x. */
function patternPath(name: TSESTree.Node, root: TSESTree.Node): string[] | undefined {
  const path: string[] = [];
  let child: TSESTree.Node = name;
  while (child !== root) {
    const parent: TSESTree.Node | undefined = child.parent;
    if (!parent) return undefined;
    switch (parent.type) {
      case 'Property': {
        const key = propertyKeyName(parent);
        if (key === undefined) return undefined;
        path.unshift(key);
        child = parent.parent; // the ObjectPattern
        continue;
      }
      case 'ArrayPattern':
        path.unshift(String(parent.elements.indexOf(child as TSESTree.DestructuringPattern)));
        break;
      case 'AssignmentPattern':
        if (parent.left !== child) return undefined;
        break;
      case 'ObjectPattern':
        break;
      default:
        return undefined;
    }
    child = parent;
  }
  return path;
}

function joinName(base: QualifiedName, property: string): QualifiedName {
  if (base === globalObject) return `global:${property}`;
  if (base.endsWith(':*')) return `${base.slice(0, -1)}${property}`;
  return `${base}.${property}`;
}

/** `require('m')` with a string literal, where `require` is not a local binding. */
function requiredModule(node: TSESTree.CallExpression, resolver: Resolver): string | undefined {
  const callee = skipWrappers(node.callee);
  if (callee.type !== 'Identifier' || callee.name !== 'require' || node.arguments.length !== 1) return undefined;
  if (!resolver.isGlobalReference(callee) && resolver.variableOf(callee)) return undefined;
  const argument = node.arguments[0]!;
  const key = staticKey(argument);
  return key === undefined ? undefined : normalizeModule(key);
}

/** The class body whose instance `this` is, looking through arrows; undefined for plain functions. */
export function classBodyOfThis(thisNode: TSESTree.Node): TSESTree.ClassBody | undefined {
  let node: TSESTree.Node | undefined = thisNode.parent;
  while (node) {
    switch (node.type) {
      case 'FunctionExpression':
        if (node.parent?.type === 'MethodDefinition' && !node.parent.static) return node.parent.parent;
        if (node.parent?.type === 'PropertyDefinition' && !node.parent.static) return node.parent.parent as TSESTree.ClassBody;
        return undefined;
      case 'FunctionDeclaration':
        return undefined;
      case 'PropertyDefinition':
        return node.static ? undefined : (node.parent as TSESTree.ClassBody);
      case 'StaticBlock':
        return undefined;
      default:
        node = node.parent;
    }
  }
  return undefined;
}

/** A non-static method (or arrow/function-valued field) of a class body. */
export function findMethod(body: TSESTree.ClassBody, name: string): FunctionNode | undefined {
  for (const member of body.body) {
    // Overload signatures (`run(task: Task): void;`, a TSEmptyBodyFunctionExpression) come before the implementation.
    if (
      member.type === 'MethodDefinition' &&
      !member.static &&
      member.kind === 'method' &&
      member.value.type === 'FunctionExpression' &&
      propertyKeyName(member) === name
    ) {
      return member.value;
    }
    if (member.type === 'PropertyDefinition' && !member.static && propertyKeyName(member) === name && member.value && isFunctionNode(member.value)) {
      return member.value;
    }
  }
  return undefined;
}
