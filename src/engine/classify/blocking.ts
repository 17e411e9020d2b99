/**
 * The blocking classifier: the one place that reads the blocking model
 * (model/blocking.ts): which calls block the thread (`Atomics.wait(a, i, v)`),
 * which member reads show a browser's main thread (`document.body`), and
 * which functions are event handlers (`self.onmessage = (e) => ...`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { CompiledModel } from '../../model';
import type { BlockingWait } from '../../model/blocking';
import { eventHandlerRegistrations, mainThreadGlobals } from '../../model/blocking';
import { isFunctionNode, outerParent, skipWrappers, staticPropertyName, type FunctionNode } from '../facts/ast';
import type { Resolver } from '../facts/resolve';
import type { CallNode } from './sends';

export class BlockingClassifier {
  constructor(
    private readonly model: CompiledModel,
    private readonly resolver: Resolver,
  ) {}

  /** The blocking wait this call is, if any (`Atomics.wait(...)`, `Atomics.Mutex.lock(m, cb)`). */
  waitAt(call: CallNode): BlockingWait | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const callee = skipWrappers(call.callee);
    if (callee.type !== 'MemberExpression') return undefined;
    const name = this.resolver.qualifiedName(callee);
    return name === undefined ? undefined : this.model.blockingWaits.get(name);
  }

  /** `document.body`, `window.addEventListener`: a member of a global only a browser's main thread has. */
  isMainThreadEvidence(member: TSESTree.MemberExpression): boolean {
    const object = skipWrappers(member.object);
    if (object.type !== 'Identifier' || !mainThreadGlobals.has(object.name)) return false;
    // Unbound names only: `window` resolves to the global object itself, `document` to `global:document`.
    const reference = this.resolver.qualifiedName(object);
    const unbound = reference === `global:${object.name}` || (object.name === 'window' && reference === 'global:globalThis');
    return unbound && !underTypeofProbe(member, object.name);
  }

  /**
   * The event a function handles, if it is registered as a handler:
   * `x.addEventListener('message', f)`, `port.on('message', f)`, `self.onmessage = f`.
   */
  handledEvent(fn: FunctionNode): string | undefined {
    const { parent, child } = outerParent(fn);
    if (parent?.type === 'AssignmentExpression' && parent.right === child) {
      const target = parent.left;
      const property = target.type === 'Identifier' ? target.name : target.type === 'MemberExpression' ? staticPropertyName(target) : undefined;
      return property !== undefined && eventHandlerRegistrations.properties.includes(property) ? property.slice(2) : undefined;
    }
    if (parent?.type === 'CallExpression' && parent.arguments[1] === child) {
      const callee = skipWrappers(parent.callee);
      const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
      const event = parent.arguments[0];
      if (method === undefined || !eventHandlerRegistrations.methods.includes(method)) return undefined;
      return event?.type === 'Literal' && typeof event.value === 'string' && eventHandlerRegistrations.events.includes(event.value) ? event.value : undefined;
    }
    return undefined;
  }
}

/**
 * Isomorphic code reads the global only after probing for it:
 * `if (typeof window !== 'undefined' && typeof window.prompt == 'function') window.prompt(...)`,
 * `typeof document === 'object' ? document.title : ''`. Such a read is not evidence of the main thread.
 */
function underTypeofProbe(node: TSESTree.Node, name: string): boolean {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent && !isFunctionNode(parent); child = parent, parent = parent.parent) {
    const test =
      parent.type === 'IfStatement' || parent.type === 'ConditionalExpression'
        ? parent.test === child
          ? undefined
          : parent.test
        : parent.type === 'LogicalExpression' && parent.right === child
          ? parent.left
          : parent.type === 'UnaryExpression' && parent.operator === 'typeof'
            ? parent
            : undefined;
    if (test && probes(test, name)) return true;
  }
  return false;
}

/** Whether an expression contains `typeof <name>` (through `&&`, `||`, `!`, comparisons). */
function probes(expression: TSESTree.Node, name: string): boolean {
  switch (expression.type) {
    case 'UnaryExpression':
      return expression.operator === 'typeof'
        ? expression.argument.type === 'Identifier' && expression.argument.name === name
        : probes(expression.argument, name);
    case 'LogicalExpression':
    case 'BinaryExpression':
      return probes(expression.left, name) || probes(expression.right, name);
    default:
      return false;
  }
}
