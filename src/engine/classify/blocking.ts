/**
 * The blocking classifier: the one place that reads the blocking model
 * (model/blocking.ts): which calls block the thread (`Atomics.wait(a, i, v)`)
 * and which functions are event handlers (`self.onmessage = (e) => ...`).
 */
import type { CompiledModel } from '../../model';
import type { BlockingWait } from '../../model/blocking';
import { eventHandlerRegistrations } from '../../model/blocking';
import { outerParent, skipWrappers, staticPropertyName, type FunctionNode } from '../facts/ast';
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
