/**
 * The blocking classifier: the one place that reads the blocking model
 * (model/blocking.ts): which calls block the thread (`Atomics.wait(a, i, v)`),
 * which calls wake such a wait (`Atomics.notify(a, i)`), and which functions
 * run later on this thread's event loop (`self.onmessage = (e) => ...`,
 * `setTimeout(f)`, `p.then(f)`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { CompiledModel } from '../../model';
import type { BlockingWait, Waker } from '../../model/blocking';
import { deferringCalls, eventHandlerRegistrations } from '../../model/blocking';
import { outerParent, skipWrappers, staticPropertyName } from '../facts/ast';
import type { Resolver } from '../facts/resolve';
import type { CallNode } from './sends';

/** How a function is scheduled to run later on this thread. `at` is the registering call or assignment. */
export type Scheduling =
  /** `port.on('message', f)`, `self.onmessage = f`: runs on each such event. */
  | { readonly kind: 'handler'; readonly event: string; readonly at: TSESTree.Node }
  /** `setTimeout(f, ms)`, `p.then(f)`: runs once, after the current task. `callee` as messages name it. */
  | { readonly kind: 'callback'; readonly callee: string; readonly at: TSESTree.Node };

export class BlockingClassifier {
  constructor(
    private readonly model: CompiledModel,
    private readonly resolver: Resolver,
  ) {}

  /** The blocking wait this call is, if any (`Atomics.wait(...)`, `Atomics.Mutex.lock(m, cb)`). */
  waitAt(call: CallNode): BlockingWait | undefined {
    const name = this.memberCallee(call);
    return name === undefined ? undefined : this.model.blockingWaits.get(name);
  }

  /** The waker this call is, if any (`Atomics.notify(a, i)`, `Atomics.store(a, i, v)`). */
  wakerAt(call: CallNode): Waker | undefined {
    const name = this.memberCallee(call);
    return name === undefined ? undefined : this.model.blockingWakers.get(name);
  }

  private memberCallee(call: CallNode): string | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const callee = skipWrappers(call.callee);
    return callee.type === 'MemberExpression' ? this.resolver.qualifiedName(callee) : undefined;
  }

  /**
   * How a function value is scheduled, from where it is written: the function
   * itself, a reference to it, or `f.bind(...)` of it, as the handler of a
   * registration or the callback of a deferring call.
   */
  schedulingOf(value: TSESTree.Node): Scheduling | undefined {
    let { parent, child } = outerParent(value);
    // `onMessage.bind(null, port)`: the bound function is scheduled where the bind call is.
    if (parent?.type === 'MemberExpression' && parent.object === child && staticPropertyName(parent) === 'bind') {
      const bind = outerParent(parent);
      if (bind.parent?.type !== 'CallExpression' || bind.parent.callee !== bind.child) return undefined;
      ({ parent, child } = outerParent(bind.parent));
    }
    if (parent?.type === 'AssignmentExpression' && parent.right === child && parent.operator === '=') {
      const target = parent.left;
      const property = target.type === 'Identifier' ? target.name : target.type === 'MemberExpression' ? staticPropertyName(target) : undefined;
      const prefix = eventHandlerRegistrations.propertyPrefix;
      return property !== undefined && property.length > prefix.length && property.startsWith(prefix)
        ? { kind: 'handler', event: property.slice(prefix.length), at: parent }
        : undefined;
    }
    if (parent?.type !== 'CallExpression' || parent.callee === child) return undefined;
    const index = parent.arguments.indexOf(child as TSESTree.CallExpressionArgument);
    const callee = skipWrappers(parent.callee);
    const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : undefined;
    if (method !== undefined && eventHandlerRegistrations.methods.includes(method) && index === 1) {
      const event = parent.arguments[0];
      return event?.type === 'Literal' && typeof event.value === 'string' ? { kind: 'handler', event: event.value, at: parent } : undefined;
    }
    if (method !== undefined && deferringCalls.methods.has(method) && callee.type === 'MemberExpression') {
      return { kind: 'callback', callee: `.${method}`, at: parent };
    }
    const name = callee.type === 'Identifier' || callee.type === 'MemberExpression' ? this.resolver.qualifiedName(callee) : undefined;
    if (name !== undefined && deferringCalls.callee.has(name)) {
      return { kind: 'callback', callee: name.slice(name.indexOf(':') + 1), at: parent };
    }
    return undefined;
  }
}
