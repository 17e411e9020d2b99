/**
 * Accesses to shared memory as the code shows them: element reads and
 * writes, read-modify-writes through a local, spin reads, message handlers.
 */

import type { AccessKind } from './findings';
import { contains, enclosingFlowNode, isFunctionNode, outerParent, skipWrappers, staticPropertyName, type FunctionNode } from '../../facts/ast';
import type { Resolver } from '../../facts/resolve';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { bulkWriteMethods } from '../../../model/shared-memory';
import { someStep, type FunctionFlow, type RecordedFile, type Step } from '../../core/flow';

type Variable = TSESLint.Scope.Variable;

/** `v[i]`, `v[0]`: an element, not a named property (`v.length`, `v['set']`). */
export function isElementAccess(node: TSESTree.MemberExpression): boolean {
  if (!node.computed) return false;
  const property = skipWrappers(node.property);
  return !(property.type === 'Literal' && typeof property.value === 'string' && !/^\d+$/.test(property.value));
}

/** The node a write is reported on: the whole update or assignment. */
export function accessNode(target: TSESTree.MemberExpression): TSESTree.Node {
  const { parent } = outerParent(target);
  return parent?.type === 'UpdateExpression' || parent?.type === 'AssignmentExpression' ? parent : target;
}

export function writeKind(target: TSESTree.MemberExpression, text: (node: TSESTree.Node) => string, resolver: Resolver): AccessKind {
  const { parent } = outerParent(target);
  if (parent?.type === 'UpdateExpression') return { kind: 'update', operator: parent.operator };
  if (parent?.type === 'AssignmentExpression') {
    if (parent.operator !== '=') return { kind: 'update', operator: parent.operator };
    const element = text(target).replace(/\s+/g, '');
    // `v[i] = v[i] + 1` reads and writes the same element.
    if (mentionsElement(parent.right, element, text)) return { kind: 'update', operator: `= ${element} …` };
    // `const tile = v[i]; ... v[i] = tile + 1`: the same, split over two statements.
    const read = readThroughLocal(parent.right, element, text, resolver);
    if (read) return { kind: 'update', operator: `= ${text(parent.right).replace(/\s+/g, ' ')}`, readInto: read };
  }
  return { kind: 'write' };
}

export function mentionsElement(node: TSESTree.Node, element: string, text: (node: TSESTree.Node) => string): boolean {
  const inner = skipWrappers(node);
  if (inner.type === 'MemberExpression' && text(inner).replace(/\s+/g, '') === element) return true;
  if (inner.type === 'BinaryExpression') return mentionsElement(inner.left, element, text) || mentionsElement(inner.right, element, text);
  return false;
}

/** A local in `expr` that was initialized by reading `element`: `tile` in `tile + 1` after `const tile = control[NEXT]`. */
export function readThroughLocal(
  expr: TSESTree.Node,
  element: string,
  text: (node: TSESTree.Node) => string,
  resolver: Resolver,
): { name: string; line: number } | undefined {
  const inner = skipWrappers(expr);
  if (inner.type === 'BinaryExpression') return readThroughLocal(inner.left, element, text, resolver) ?? readThroughLocal(inner.right, element, text, resolver);
  if (inner.type !== 'Identifier') return undefined;
  const variable = resolver.variableOf(inner);
  const definition = variable && resolver.singleDefinition(variable);
  if (definition?.kind !== 'init' || definition.path.length > 0) return undefined;
  return mentionsElement(definition.init, element, text) ? { name: inner.name, line: definition.init.loc.start.line } : undefined;
}

/**
 * A plain read that a loop spins on: in the test of a loop (or of an `if`
 * inside one) whose body makes no call and no await, so nothing forces the
 * JIT to read memory again: `while (flags[0] === 0) {}`.
 */
export function isSpinRead(node: TSESTree.MemberExpression): boolean {
  let child: TSESTree.Node = node;
  let parent: TSESTree.Node | undefined = node.parent;
  let inTest = false;
  while (parent) {
    if (isFunctionNode(parent)) return false;
    switch (parent.type) {
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForStatement':
        if (parent.test === child || inTest) return !hasCallOrAwait(parent.body);
        break;
      case 'IfStatement':
      case 'ConditionalExpression':
        if (parent.test === child) inTest = true;
        break;
      default:
        break;
    }
    child = parent;
    parent = parent.parent;
  }
  return false;
}

export function hasCallOrAwait(node: TSESTree.Node): boolean {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current || typeof current !== 'object') continue;
    if (Array.isArray(current)) {
      stack.push(...current);
      continue;
    }
    const record = current as Record<string, unknown>;
    if (record.type === 'CallExpression' || record.type === 'NewExpression' || record.type === 'AwaitExpression' || record.type === 'YieldExpression')
      return true;
    if (typeof record.type !== 'string' || isFunctionNode(current as TSESTree.Node)) continue;
    for (const [key, value] of Object.entries(record)) if (key !== 'parent' && key !== 'loc' && key !== 'range') stack.push(value);
  }
  return false;
}

export function enclosingLoop(node: TSESTree.Node, boundary: TSESTree.Node): TSESTree.Node | undefined {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current !== boundary) {
    if (
      current.type === 'WhileStatement' ||
      current.type === 'DoWhileStatement' ||
      current.type === 'ForStatement' ||
      current.type === 'ForOfStatement' ||
      current.type === 'ForInStatement'
    )
      return current;
    current = current.parent;
  }
  return undefined;
}

export function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = skipWrappers(node);
  while (current.type === 'MemberExpression') current = skipWrappers(current.object);
  return current.type === 'Identifier' ? current : undefined;
}

/** A function that receives messages: assigned to `onmessage`, or passed to `addEventListener('message')` / `.on('message')`. */
export function isMessageHandler(fn: FunctionNode): boolean {
  const { parent, child } = outerParent(fn);
  if (parent?.type === 'AssignmentExpression' && parent.right === child) {
    const target = parent.left;
    return (target.type === 'Identifier' && target.name === 'onmessage') || (target.type === 'MemberExpression' && staticPropertyName(target) === 'onmessage');
  }
  if (parent?.type === 'CallExpression' && parent.arguments.includes(child as TSESTree.CallExpressionArgument)) {
    const callee = skipWrappers(parent.callee);
    const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
    const event = parent.arguments[0];
    return ['addEventListener', 'on', 'once'].includes(method ?? '') && event?.type === 'Literal' && event.value === 'message';
  }
  return false;
}

export function variableOfDeclared(identifier: TSESTree.Identifier, variables: () => Iterable<Variable>): Variable | undefined {
  for (const variable of variables()) if (variable.identifiers.includes(identifier)) return variable;
  return undefined;
}

/**
 * Whether a module's text may race on memory passed to its functions (the recording gate of a module that names
 * nothing of the model, see FileAnalysis): an element update or write (`v[i]++`, `v[i] += n`, `v[i] = x`,
 * `++v[i]`), a bulk write (`.fill(`), or a loop that may spin on a plain read (`while (`, `for (;`).
 */
export function mayRaceOnParameters(text: string): boolean {
  return racyShape.test(text);
}

const racyShape = new RegExp(
  [
    String.raw`\]\s*(?:\+\+|--|(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=(?![=>]))`,
    String.raw`(?:\+\+|--)\s*[\w$.]+\[`,
    String.raw`\.(?:${[...bulkWriteMethods].join('|')})\s*\(`,
    String.raw`\bwhile\s*\(|\bfor\s*\(\s*;`,
  ].join('|'),
);

/** One access a step makes: `counts[i]++` (node) of `counts` (object). */
export interface Access {
  readonly node: TSESTree.Node;
  readonly object: TSESTree.Node;
  readonly kind: AccessKind;
  /** The element access (`counts[i]`), for suggestions; undefined for bulk writes. */
  readonly element: TSESTree.MemberExpression | undefined;
}

/** The access to memory a step makes that can race: a write, a read-modify-write, a bulk write (`.fill()`), a spin read. */
export function racyAccessAt(step: Step, text: (node: TSESTree.Node) => string, resolver: Resolver): Access | undefined {
  if (step.kind === 'memberWrite' && isElementAccess(step.node)) {
    return { node: accessNode(step.node), object: step.node.object, kind: writeKind(step.node, text, resolver), element: step.node };
  }
  if (step.kind === 'member' && isElementAccess(step.node) && isSpinRead(step.node)) {
    return { node: step.node, object: step.node.object, kind: { kind: 'spinRead' }, element: step.node };
  }
  if (step.kind === 'call' && step.node.type === 'CallExpression') {
    const callee = skipWrappers(step.node.callee);
    const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : undefined;
    if (callee.type === 'MemberExpression' && method && bulkWriteMethods.has(method)) {
      return { node: step.node, object: callee.object, kind: { kind: 'bulkWrite', method }, element: undefined };
    }
  }
  return undefined;
}

/**
 * `if (useAtomics) Atomics.store(view, 0, x); else view[0] = x;`: the plain
 * access is in the branch of a mode switch whose other branch reaches the
 * same memory through `Atomics`, so it is the single-threaded mode.
 */
export function inSingleThreadedMode(
  node: TSESTree.Node,
  object: TSESTree.Node,
  flow: FunctionFlow,
  inputs: { readonly recorded: RecordedFile; readonly resolver: Resolver; readonly text: (node: TSESTree.Node) => string },
): boolean {
  const target = inputs.text(skipWrappers(object));
  let child: TSESTree.Node = node;
  let parent = node.parent;
  while (parent && parent !== flow.node) {
    if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test !== child) {
      const other = parent.consequent === child ? parent.alternate : parent.consequent;
      if (other && atomicsOn(other, target, inputs)) return true;
    }
    child = parent;
    parent = parent.parent;
  }
  return false;
}

/** Whether a branch calls `Atomics.*` on the memory named `target` (in its own code). */
function atomicsOn(
  branch: TSESTree.Node,
  target: string,
  inputs: { readonly recorded: RecordedFile; readonly resolver: Resolver; readonly text: (node: TSESTree.Node) => string },
): boolean {
  const flow = inputs.recorded.flowOfNode.get(enclosingFlowNode(branch));
  return (
    flow !== undefined &&
    someStep(flow, (step) => {
      if (step.kind !== 'call' || step.node.type !== 'CallExpression' || !contains(branch, step.node)) return false;
      const first = step.node.arguments[0];
      return (
        first !== undefined &&
        inputs.resolver.qualifiedName(step.node.callee)?.startsWith('global:Atomics.') === true &&
        inputs.text(skipWrappers(first)) === target
      );
    })
  );
}
