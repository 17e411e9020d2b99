/**
 * Small AST helpers used across the engine. Each one answers a question about
 * a node's shape; none of them walks more than a node's ancestors.
 */
import type { TSESTree } from '@typescript-eslint/utils';

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export function isFunctionNode(node: TSESTree.Node | undefined | null): node is FunctionNode {
  return node != null && (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression');
}

/** Expression wrappers that do not change the value: `x!`, `x as T`, `<T>x`, `x satisfies T`, `a?.b` chains. */
export function isTransparentWrapper(node: TSESTree.Node): boolean {
  switch (node.type) {
    case 'TSNonNullExpression':
    case 'TSAsExpression':
    case 'TSTypeAssertion':
    case 'TSSatisfiesExpression':
    case 'TSInstantiationExpression':
    case 'ChainExpression':
      return true;
    default:
      return false;
  }
}

/** `(buf as ArrayBuffer)!` is `buf`. */
/**
 * The parameters a call's arguments bind, in order: a TypeScript `this` parameter (`function f(this: Window, x)`)
 * is not one of them (`f(1)` binds `x`).
 */
export function argumentParams(fn: FunctionNode): readonly TSESTree.Parameter[] {
  const first = fn.params[0];
  return first?.type === 'Identifier' && first.name === 'this' ? fn.params.slice(1) : fn.params;
}

export function skipWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSNonNullExpression':
      case 'TSAsExpression':
      case 'TSTypeAssertion':
      case 'TSSatisfiesExpression':
        current = current.expression;
        break;
      case 'ChainExpression':
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** The parent of `node`, looking through value-preserving wrappers; also returns the child that sits in it. */
export function outerParent(node: TSESTree.Node): { parent: TSESTree.Node | undefined; child: TSESTree.Node } {
  let child = node;
  let parent = node.parent;
  while (parent && isTransparentWrapper(parent)) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

/** `a.b` gives "b", `a['b']` gives "b", `a[0]` gives "0", `a[k]` gives undefined. */
export function staticPropertyName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed) {
    return node.property.type === 'Identifier' || node.property.type === 'PrivateIdentifier'
      ? (node.property.type === 'PrivateIdentifier' ? '#' : '') + node.property.name
      : undefined;
  }
  return staticKey(node.property);
}

/** The static key of a computed property or a property key. */
export function staticKey(node: TSESTree.Node): string | undefined {
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' || typeof node.value === 'number' ? String(node.value) : undefined;
    case 'TemplateLiteral':
      return node.expressions.length === 0 ? (node.quasis[0]?.value.cooked ?? undefined) : undefined;
    default:
      return undefined;
  }
}

/** The name of an object-literal or class property key, when static. */
export function propertyKeyName(property: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition): string | undefined {
  if (!property.computed) {
    if (property.key.type === 'Identifier') return property.key.name;
    if (property.key.type === 'PrivateIdentifier') return `#${property.key.name}`;
  }
  return staticKey(property.key);
}

/** The property of an object literal with the given static name (the last one wins, as at run time). */
export function findProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const property of object.properties) {
    if (property.type === 'Property' && propertyKeyName(property) === name) found = property;
  }
  return found;
}

/** Whether an object literal has a spread whose keys we cannot see. */
export function hasSpread(object: TSESTree.ObjectExpression): boolean {
  return object.properties.some((property) => property.type === 'SpreadElement');
}

export function isStringLike(node: TSESTree.Node): boolean {
  const inner = skipWrappers(node);
  return (
    (inner.type === 'Literal' && typeof inner.value === 'string') ||
    inner.type === 'TemplateLiteral' ||
    (inner.type === 'BinaryExpression' && inner.operator === '+' && (isStringLike(inner.left) || isStringLike(inner.right)))
  );
}

/** The innermost function (or the program) that contains `node`. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | TSESTree.Program {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current) || current.type === 'Program') return current;
    current = current.parent;
  }
  throw new Error('node outside a program');
}

/**
 * Where a write to a pattern target completes. In `const { a = d } = init` and
 * `x = y`, the target is assigned after the right side runs, so the write is
 * recorded when the assignment or declarator is left, not when its target is
 * visited. Returns undefined when the write happens where the target stands
 * (for-of heads, parameters, catch clauses).
 */
export function writeCompletion(target: TSESTree.Node): TSESTree.Node | undefined {
  let child: TSESTree.Node = target;
  let parent = target.parent;
  while (parent) {
    switch (parent.type) {
      case 'ArrayPattern':
      case 'ObjectPattern':
      case 'RestElement':
      case 'TSNonNullExpression':
      case 'TSAsExpression':
      case 'TSTypeAssertion':
      case 'TSSatisfiesExpression':
        break;
      case 'Property':
        if (parent.value !== child) return undefined;
        break;
      case 'AssignmentPattern':
        if (parent.left !== child) return undefined;
        break;
      case 'AssignmentExpression':
        return parent.left === child ? parent : undefined;
      case 'VariableDeclarator':
        return parent.id === child ? parent : undefined;
      case 'UpdateExpression':
        return parent;
      default:
        return undefined;
    }
    child = parent;
    parent = parent.parent;
  }
  return undefined;
}

/** Whether a member expression is (part of) the target of an assignment, update or for-in/of head. */
export function isAssignmentTarget(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  let parent = node.parent;
  while (parent) {
    switch (parent.type) {
      case 'ArrayPattern':
      case 'ObjectPattern':
      case 'RestElement':
      case 'TSNonNullExpression':
      case 'TSAsExpression':
      case 'TSTypeAssertion':
      case 'TSSatisfiesExpression':
        break;
      case 'Property':
        if (parent.value !== child || parent.parent.type !== 'ObjectPattern') return false;
        break;
      case 'AssignmentPattern':
        return parent.left === child;
      case 'AssignmentExpression':
        return parent.left === child;
      case 'UpdateExpression':
        return true;
      case 'ForInStatement':
      case 'ForOfStatement':
        return parent.left === child;
      case 'UnaryExpression':
        return parent.operator === 'delete';
      default:
        return false;
    }
    child = parent;
    parent = parent.parent;
  }
  return false;
}

/** Compound assignments and updates read their target before writing it. */
export function isReadModifyWrite(node: TSESTree.Node): boolean {
  const { parent, child } = outerParent(node);
  if (!parent) return false;
  if (parent.type === 'UpdateExpression') return true;
  return parent.type === 'AssignmentExpression' && parent.left === child && parent.operator !== '=';
}

/** The 1-based line of a node, for messages. */
export function lineOf(node: TSESTree.Node): number {
  return node.loc.start.line;
}

/** The statement that contains `node` directly inside a block or program body. */
export function enclosingStatement(node: TSESTree.Node): TSESTree.Statement | undefined {
  let current: TSESTree.Node | undefined = node;
  while (current?.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === 'BlockStatement' || parent.type === 'Program' || parent.type === 'StaticBlock' || parent.type === 'SwitchCase') {
      return current as TSESTree.Statement;
    }
    if (isFunctionNode(parent)) return undefined;
    current = parent;
  }
  return undefined;
}

/** Whether `inner` lies inside `outer` (or is it). */
export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** `this.a.b` and `x.a.b` as a root and its static property names; undefined for computed or call-rooted paths. */
export function memberPath(node: TSESTree.Node): { root: TSESTree.Node; properties: string[] } | undefined {
  const properties: string[] = [];
  let current = skipWrappers(node);
  while (current.type === 'MemberExpression') {
    const name = staticPropertyName(current);
    if (name === undefined) return undefined;
    properties.unshift(name);
    current = skipWrappers(current.object);
  }
  return current.type === 'Identifier' || current.type === 'ThisExpression' ? { root: current, properties } : undefined;
}

/** The last name of an identifier or member path (`this.#mutex` is `mutex`). */
export function lastName(node: TSESTree.Node): string | undefined {
  const inner = skipWrappers(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'MemberExpression') return staticPropertyName(inner)?.replace(/^#/, '');
  return undefined;
}

/** The declared name of the class a body belongs to, if it has one. */
export function className(body: TSESTree.ClassBody): string | undefined {
  const klass = body.parent;
  return (klass.type === 'ClassDeclaration' || klass.type === 'ClassExpression') && klass.id ? klass.id.name : undefined;
}

/** How messages name a callee: `ship`, `this.unlock`, `send` (of `port.send`), or `fallback` when it has no name. */
export function calleeLabel(call: TSESTree.CallExpression | TSESTree.NewExpression, fallback: string): string {
  const callee = skipWrappers(call.callee);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') {
    const property = staticPropertyName(callee);
    if (property !== undefined) return callee.object.type === 'ThisExpression' ? `this.${property}` : property;
  }
  return fallback;
}

/** The Program a node belongs to. */
export function rootOf(node: TSESTree.Node): TSESTree.Program {
  let current: TSESTree.Node = node;
  while (current.parent) current = current.parent;
  return current as TSESTree.Program;
}

/**
 * The node whose code path contains `node`: the innermost function, static
 * block or program, or the value of the class field it initializes
 * (`class A { m = new Mutex() }` runs in the field's own code path).
 */
export function enclosingFlowNode(node: TSESTree.Node): TSESTree.Node {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (isFunctionNode(current) || current.type === 'Program' || current.type === 'StaticBlock') return current;
    if (current.type === 'PropertyDefinition') return current.value ?? current;
    current = current.parent;
  }
  return node;
}

/** A node's source range as a map key: `12-30`. */
export function rangeKey(node: TSESTree.Node): string {
  return `${node.range[0]}-${node.range[1]}`;
}
