/**
 * The round-trip classifier: the one place that reads model/round-trips.ts.
 * It tells which expressions are the creator's endpoint of a thread started
 * from this very file (`new Worker(new URL(import.meta.url))`), which awaits
 * wait for one reply from such an endpoint after posting to it, and which
 * functions are that thread's `message` handlers (`self.onmessage = f`,
 * Node's `parentPort.on('message', f)`, a SharedWorker's port handlers
 * inside its `connect` handler).
 *
 * Code shapes are matched by structure, not by dataflow: a post counts when
 * it runs before the await on every path that reaches it (`runsBefore`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { builtinScriptThreads, messaging, ownScript, type ScriptThread } from '../../model/round-trips';
import { nameMatches } from '../../model/names';
import { forEachStep, type FunctionFlow, type RecordedFile } from '../core/flow';
import {
  contains,
  enclosingFunction,
  isFunctionNode,
  memberPath,
  outerParent,
  propertyKeyName,
  skipWrappers,
  staticKey,
  staticPropertyName,
  type FunctionNode,
} from '../facts/ast';
import { runsBefore, runsOnEntry } from '../facts/evaluation-order';
import type { Resolver } from '../facts/resolve';

type Variable = TSESLint.Scope.Variable;

export interface RoundTripClassifierInputs {
  readonly recorded: RecordedFile;
  readonly resolver: Resolver;
  readonly declaredVariables: (node: TSESTree.Node) => readonly Variable[];
  readonly text: (node: TSESTree.Node) => string;
}

/** The creator's end of a thread that runs this file: `worker` of `const worker = new Worker(new URL(import.meta.url))`. */
export interface ThreadEndpoint {
  readonly thread: ScriptThread;
  readonly creation: TSESTree.NewExpression;
  /** How the waiting code names it (the argument, when it reached a helper as a parameter). */
  readonly display: string;
}

/** An await that waits for one reply from a thread endpoint, after a post to it that runs before the await. */
export interface RoundTrip {
  readonly endpoint: ThreadEndpoint;
  readonly post: TSESTree.CallExpression;
}

/** A function of the started thread that receives what the creator posts. */
export interface ThreadHandler {
  readonly fn: FunctionNode;
  readonly event: string;
}

/** Where a function waits for a promise: an await, a `return` of it, an arrow's expression body. */
export type WaitPoint = TSESTree.AwaitExpression | TSESTree.ReturnStatement | TSESTree.Expression;

/** A helper's parameters bound to the arguments of the call being followed. */
interface Frame {
  readonly fn: FunctionNode;
  readonly args: readonly TSESTree.Node[];
}

/** A promise that settles on a reply from `endpoint`; `posts` run whenever `anchor` is evaluated. */
interface ReplyWait {
  readonly endpoint: ThreadEndpoint;
  readonly anchor: TSESTree.Node;
  readonly posts: readonly TSESTree.CallExpression[];
}

const maxDepth = 3;
const handlerProperties = new Set(messaging.handlerProperties);
const failureProperties = new Set(messaging.failureProperties);
const listenerMethods = new Set(messaging.listenerMethods);
const promiseConstructors = new Set(messaging.promiseConstructors);
const resolverFactories = new Set(messaging.resolverFactories);
const waitFunctions = new Set(messaging.waitFunctions);
const globalPosts = new Set(messaging.globalPost);

export class RoundTripClassifier {
  private handlers: Map<ScriptThread, ThreadHandler[]> | undefined;

  constructor(private readonly inputs: RoundTripClassifierInputs) {}

  /**
   * The reply a function waits for from a thread of this file at `point`, with the post before it: `await reply` (the
   * await), `return reply` from a lock callback (the lock is held until the returned promise settles), or an arrow's
   * body. `fn` is the function `point` is in.
   */
  roundTripAt(point: WaitPoint, fn: FunctionNode, frame?: Frame, depth = 0): RoundTrip | undefined {
    const waited = point.type === 'AwaitExpression' ? point.argument : point.type === 'ReturnStatement' ? point.argument : point;
    if (!waited) return undefined;
    const reply = this.replyWaitOf(waited, frame, depth);
    if (!reply) return undefined;
    // Posts of the wait itself (its executor, the helper called) run when its anchor is evaluated, before the wait.
    const anchored = reply.anchor === skipWrappers(waited) || (enclosingFunction(reply.anchor) === fn && runsBefore(reply.anchor, point));
    const own = () => this.postsIn(fn).find((post) => runsBefore(post, point) && this.sameEndpoint(post, reply.endpoint, frame));
    const post = (anchored ? reply.posts[0] : undefined) ?? own();
    return post ? { endpoint: reply.endpoint, post } : undefined;
  }

  /** `navigator.locks.request(name, f).then((rows) => postMessage(rows))`: `node` runs only once the promise of `call` fulfilled. */
  inContinuation(call: TSESTree.Node, node: TSESTree.Node): boolean {
    const { parent } = outerParent(call);
    const chained = parent?.parent;
    if (parent?.type !== 'MemberExpression' || chained?.type !== 'CallExpression' || chained.callee !== parent) return false;
    const method = staticPropertyName(parent);
    const onFulfilled = chained.arguments[0];
    return method !== undefined && messaging.continuations.includes(method) && onFulfilled !== undefined && contains(onFulfilled, node);
  }

  /** `postMessage(x)`, `self.postMessage(x)`, `port.postMessage(x)`: a call that posts a message somewhere. */
  isPost(call: TSESTree.Node): call is TSESTree.CallExpression {
    if (call.type !== 'CallExpression') return false;
    const callee = skipWrappers(call.callee);
    if (callee.type === 'MemberExpression') return staticPropertyName(callee) === messaging.postMethod;
    return callee.type === 'Identifier' && nameMatches(this.inputs.resolver.qualifiedName(callee), globalPosts);
  }

  /** Every post in a function's own code (not in functions nested in it). */
  postsIn(fn: TSESTree.Node): TSESTree.CallExpression[] {
    const flow = this.inputs.recorded.flowOfNode.get(fn);
    const posts: TSESTree.CallExpression[] = [];
    if (flow) forEachStep([flow], (step) => step.kind === 'call' && this.isPost(step.node) && !posts.includes(step.node) && posts.push(step.node));
    return posts;
  }

  /** The functions of this file that the thread started from it runs for each message from its creator. */
  handlersOf(thread: ScriptThread): readonly ThreadHandler[] {
    this.handlers ??= this.findHandlers();
    return this.handlers.get(thread) ?? [];
  }

  /** The function a handler expression is: inline, or a function of the file by name. */
  functionOf(expr: TSESTree.Node | undefined): FunctionNode | undefined {
    if (!expr || expr.type === 'SpreadElement') return undefined;
    const node = skipWrappers(expr);
    if (isFunctionNode(node)) return node;
    if (node.type !== 'Identifier') return undefined;
    const variable = this.inputs.resolver.variableOf(node);
    const definition = variable && this.inputs.resolver.singleDefinition(variable);
    if (definition?.kind === 'function') return definition.node;
    const value = this.inputs.resolver.resolveValue(node);
    return value.path.length === 0 && isFunctionNode(value.expr) ? value.expr : undefined;
  }

  // ---------------------------------------------------------------------------
  // Reply waits

  private replyWaitOf(expr: TSESTree.Node, frame: Frame | undefined, depth: number): ReplyWait | undefined {
    if (depth > maxDepth) return undefined;
    const node = skipWrappers(expr);
    if (node.type === 'Identifier' || node.type === 'MemberExpression') {
      const value = this.inputs.resolver.resolveValue(node);
      // `await reply.promise` of `const reply = Promise.withResolvers()`.
      if (value.expr.type === 'CallExpression' && value.path.length === 1 && value.path[0] === messaging.resolvers.promise)
        return nameMatches(this.inputs.resolver.qualifiedName(value.expr.callee), resolverFactories) ? this.resolversWait(value.expr, frame) : undefined;
      // `const reply = new Promise(...)` earlier, `await reply` here; not `const saved = await reply(...)`, a value already awaited.
      if (node.type !== 'Identifier') return undefined;
      const variable = this.inputs.resolver.variableOf(node);
      const definition = variable && this.inputs.resolver.singleDefinition(variable);
      if (definition?.kind !== 'init' || definition.path.length > 0 || skipWrappers(definition.init).type === 'AwaitExpression') return undefined;
      return this.replyWaitOf(definition.init, frame, depth + 1);
    }
    if (node.type === 'NewExpression') return this.promiseWait(node, frame);
    if (node.type !== 'CallExpression') return undefined;
    // `once(worker, 'message')`; with a third argument (an abort signal) it may end without a reply.
    if (nameMatches(this.inputs.resolver.qualifiedName(node.callee), waitFunctions)) {
      const [target, event] = node.arguments;
      if (!target || node.arguments.length !== 2 || !event || staticKey(event) !== messaging.event) return undefined;
      const endpoint = this.endpointOf(target, frame);
      return endpoint && { endpoint, anchor: node, posts: [] };
    }
    return this.helperWait(node, frame, depth);
  }

  /**
   * `new Promise((resolve, reject) => { worker.onmessage = (e) => resolve(e.data); worker.postMessage(m); })`: the
   * executor installs a `message` handler on the endpoint that settles the promise, and nothing else settles it (a
   * `setTimeout(reject, ms)` bounds the wait: not a reply wait). Failure handlers of the same endpoint may settle it too.
   */
  private promiseWait(node: TSESTree.NewExpression, frame: Frame | undefined): ReplyWait | undefined {
    if (!nameMatches(this.inputs.resolver.qualifiedName(node.callee), promiseConstructors)) return undefined;
    const executor = this.functionOf(node.arguments[0]);
    const flow = executor && this.inputs.recorded.flowOfNode.get(executor);
    if (!executor || !flow || executor.params.length === 0) return undefined;
    const settlers = this.inputs
      .declaredVariables(executor)
      .filter((variable) =>
        variable.defs.some((definition) => definition.type === 'Parameter' && executor.params.includes(definition.name as TSESTree.Parameter)),
      );
    const handlers: Array<{ fn: TSESTree.Node; target: TSESTree.Node; message: boolean }> = [];
    const posts: TSESTree.CallExpression[] = [];
    forEachStep([flow], (step) => {
      if (step.kind === 'memberWrite' && step.completion?.type === 'AssignmentExpression') {
        const property = staticPropertyName(step.node);
        if (property !== undefined && (handlerProperties.has(property) || failureProperties.has(property)))
          handlers.push({ fn: step.completion.right, target: step.node.object, message: handlerProperties.has(property) });
      } else if (step.kind === 'call' && step.node.type === 'CallExpression') {
        const listener = this.listenerOf(step.node);
        // A listener on the global scope is no endpoint's: what it settles counts as settled elsewhere.
        if (listener && listener.target !== 'global' && (listener.event === messaging.event || messaging.failureEvents.includes(listener.event)))
          handlers.push({ fn: listener.handler, target: listener.target, message: listener.event === messaging.event });
        if (this.isPost(step.node) && runsOnEntry(step.node, executor) && !posts.includes(step.node)) posts.push(step.node);
      }
    });
    const messageHandlers = handlers.filter((handler) => handler.message);
    if (messageHandlers.length === 0) return undefined;
    const endpoint = this.endpointOf(messageHandlers[0]!.target, frame);
    if (!endpoint) return undefined;
    for (const handler of handlers) if (this.endpointOf(handler.target, frame)?.creation !== endpoint.creation) return undefined;
    // The message handler settles the promise: it is `resolve` itself, or a function that mentions a settler.
    const mentions = (within: TSESTree.Node): boolean =>
      settlers.some((variable) => variable.references.some((reference) => contains(within, reference.identifier as TSESTree.Node)));
    if (!messageHandlers.some((handler) => mentions(handler.fn))) return undefined;
    // Nothing else settles it: every use of `resolve`/`reject` is inside one of those handlers.
    const elsewhere = settlers.some((variable) =>
      variable.references.some((reference) => !handlers.some((handler) => contains(handler.fn, reference.identifier as TSESTree.Node))),
    );
    if (elsewhere) return undefined;
    return {
      endpoint,
      anchor: node,
      posts: posts.filter((post) => this.sameEndpoint(post, endpoint, frame)),
    };
  }

  /**
   * `const reply = Promise.withResolvers()` (or `const { promise, resolve } = ...`): every use of its `resolve` and
   * `reject` sits in a `message` (or failure) handler of one endpoint, and at least one in a `message` handler. The
   * result passed anywhere else may be settled there: not a reply wait.
   */
  private resolversWait(call: TSESTree.CallExpression, frame: Frame | undefined): ReplyWait | undefined {
    const { parent: declarator, child } = outerParent(call);
    if (declarator?.type !== 'VariableDeclarator' || declarator.init !== child) return undefined;
    const declared = this.inputs.declaredVariables(declarator);
    const settle = new Set(messaging.resolvers.settle);
    const sites: TSESTree.Node[] = [];
    if (declarator.id.type === 'Identifier') {
      for (const reference of declared[0]?.references ?? []) {
        if (reference.init) continue;
        const member = reference.identifier.parent;
        const property = member?.type === 'MemberExpression' && member.object === reference.identifier ? staticPropertyName(member) : undefined;
        if (property !== undefined && settle.has(property)) sites.push(member!);
        else if (property !== messaging.resolvers.promise) return undefined;
      }
    } else if (declarator.id.type === 'ObjectPattern') {
      for (const property of declarator.id.properties) {
        if (property.type !== 'Property') return undefined;
        const key = propertyKeyName(property);
        if (key === undefined || !settle.has(key)) continue;
        const variable = declared.find((candidate) => candidate.identifiers.includes(property.value as TSESTree.Identifier));
        if (!variable) return undefined;
        for (const reference of variable.references) if (!reference.init) sites.push(reference.identifier as TSESTree.Node);
      }
    } else return undefined;
    let endpoint: ThreadEndpoint | undefined;
    let message = false;
    for (const site of sites) {
      const registration = this.registrationAround(site);
      if (!registration || (registration.event !== messaging.event && !messaging.failureEvents.includes(registration.event))) return undefined;
      const target = registration.target === 'global' ? undefined : this.endpointOf(registration.target, frame);
      if (!target || (endpoint && target.creation !== endpoint.creation)) return undefined;
      endpoint = target;
      message ||= registration.event === messaging.event;
    }
    return endpoint && message ? { endpoint, anchor: call, posts: [] } : undefined;
  }

  /** The handler registration a node is part of: `worker.on('message', <node>)`, `worker.onmessage = () => <node>`. */
  private registrationAround(node: TSESTree.Node): { event: string; target: TSESTree.Node | 'global' } | undefined {
    let child = node;
    for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
      if (parent.type === 'CallExpression' && parent.arguments[1] === child) {
        const listener = this.listenerOf(parent);
        if (listener) return listener;
      }
      if (parent.type === 'AssignmentExpression' && parent.right === child && parent.left.type === 'MemberExpression') {
        const property = staticPropertyName(parent.left);
        if (property?.startsWith('on')) return { event: property.slice(2), target: parent.left.object };
      }
    }
    return undefined;
  }

  /**
   * `await ask(worker, m)` where `ask` is a function of this file that returns a reply wait (`return new Promise(...)`),
   * or is async and awaits one itself; the posts it makes before that count as made at the call.
   */
  private helperWait(call: TSESTree.CallExpression, frame: Frame | undefined, depth: number): ReplyWait | undefined {
    const fn = this.inputs.resolver.calledFunction(call);
    const flow = fn && this.inputs.recorded.flowOfNode.get(fn);
    if (!fn || !flow) return undefined;
    // The helper's parameters are the call's arguments, read in the caller's frame.
    const args = call.arguments.map((argument) => this.bound(argument, frame));
    const inner: Frame = { fn, args };
    if (fn.body.type !== 'BlockStatement') {
      const reply = this.replyWaitOf(fn.body, inner, depth + 1);
      return reply && { endpoint: reply.endpoint, anchor: call, posts: reply.anchor === skipWrappers(fn.body) ? reply.posts : [] };
    }
    let found: ReplyWait | undefined;
    forEachStep([flow], (step) => {
      if (found) return;
      if (step.kind === 'exit' && step.node.type === 'ReturnStatement' && step.node.argument) {
        const returned = skipWrappers(step.node.argument);
        const argument = returned.type === 'AwaitExpression' ? returned.argument : returned;
        const reply = this.replyWaitOf(argument, inner, depth + 1);
        if (!reply) return;
        const anchored = reply.anchor === skipWrappers(argument) || (enclosingFunction(reply.anchor) === fn && runsBefore(reply.anchor, step.node));
        const own = this.postsIn(fn).filter((post) => runsBefore(post, step.node) && this.sameEndpoint(post, reply.endpoint, inner));
        found = { endpoint: reply.endpoint, anchor: call, posts: [...(anchored ? reply.posts : []), ...own] };
      } else if (step.kind === 'await' && fn.async) {
        const trip = this.roundTripAt(step.node, fn, inner, depth + 1);
        if (trip) found = { endpoint: trip.endpoint, anchor: call, posts: [trip.post] };
      }
    });
    return found;
  }

  /** An argument as the caller sees it: a parameter of the caller's own frame is replaced by what was passed for it. */
  private bound(expr: TSESTree.Node, frame: Frame | undefined): TSESTree.Node {
    if (!frame) return expr;
    const path = memberPath(expr);
    if (path?.root.type !== 'Identifier' || path.properties.length > 0) return expr;
    const variable = this.inputs.resolver.variableOf(path.root);
    const definition = variable && this.inputs.resolver.singleDefinition(variable);
    return definition?.kind === 'parameter' && definition.node === frame.fn ? (frame.args[definition.index] ?? expr) : expr;
  }

  // ---------------------------------------------------------------------------
  // Endpoints

  /** The thread endpoint an expression denotes: through bindings, fields assigned once, and a helper's parameters. */
  endpointOf(expr: TSESTree.Node, frame?: Frame): ThreadEndpoint | undefined {
    const { resolver } = this.inputs;
    let value = resolver.resolveValue(expr);
    let display = this.inputs.text(skipWrappers(expr));
    if (frame && value.expr.type === 'Identifier') {
      const variable = resolver.variableOf(value.expr);
      const definition = variable && resolver.singleDefinition(variable);
      const argument = definition?.kind === 'parameter' && definition.node === frame.fn ? frame.args[definition.index] : undefined;
      if (!argument) return undefined;
      const outer = resolver.resolveValue(argument);
      value = { expr: outer.expr, path: [...outer.path, ...value.path] };
      display = [this.inputs.text(skipWrappers(argument)), ...memberSuffix(expr)].join('.');
    }
    const creation = value.expr;
    if (creation.type !== 'NewExpression') return undefined;
    const callee = resolver.qualifiedName(creation.callee);
    const thread = builtinScriptThreads.find((candidate) => nameMatches(callee, new Set(candidate.create)));
    if (!thread) return undefined;
    const expected = thread.endpoint === undefined ? [] : [thread.endpoint];
    if (value.path.length !== expected.length || value.path.some((name, index) => name !== expected[index])) return undefined;
    const script = creation.arguments[thread.scriptArg];
    return script && this.isOwnScript(script, 0) ? { thread, creation, display } : undefined;
  }

  /** Whether a post goes to this endpoint. */
  private sameEndpoint(post: TSESTree.CallExpression, endpoint: ThreadEndpoint, frame: Frame | undefined): boolean {
    const callee = skipWrappers(post.callee);
    return callee.type === 'MemberExpression' && this.endpointOf(callee.object, frame)?.creation === endpoint.creation;
  }

  /** `import.meta.url`, `__filename`, `new URL(import.meta.url)`, a const bound to one of them (model: `ownScript`). */
  private isOwnScript(expr: TSESTree.Node, depth: number): boolean {
    if (depth > maxDepth || expr.type === 'SpreadElement') return false;
    const node = skipWrappers(expr);
    if (node.type === 'MemberExpression' && node.object.type === 'MetaProperty' && node.object.meta.name === 'import' && staticPropertyName(node) === 'url')
      return ownScript.importMetaUrl;
    const name = node.type === 'Identifier' || node.type === 'MemberExpression' ? this.inputs.resolver.qualifiedName(node) : undefined;
    if (name !== undefined && ownScript.names.includes(name)) return true;
    if (node.type === 'NewExpression' || node.type === 'CallExpression') {
      const callee = this.inputs.resolver.qualifiedName(node.callee);
      const same = ownScript.sameFile.find((entry) => nameMatches(callee, new Set(entry.callee)));
      const argument = same && node.arguments.length === same.arity ? node.arguments[same.arg] : undefined;
      return argument !== undefined && this.isOwnScript(argument, depth + 1);
    }
    if (node.type === 'Identifier') {
      const value = this.inputs.resolver.resolveValue(node);
      return value.path.length === 0 && value.expr !== node && this.isOwnScript(value.expr, depth + 1);
    }
    return false;
  }

  // ---------------------------------------------------------------------------
  // The started thread's handlers

  /** `x.addEventListener('message', f)`, `x.on('message', f)`, a bare `addEventListener('message', f)` (target: the global scope). */
  private listenerOf(call: TSESTree.CallExpression): { event: string; handler: TSESTree.Node; target: TSESTree.Node | 'global' } | undefined {
    const callee = skipWrappers(call.callee);
    const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
    if (method === undefined || !listenerMethods.has(method)) return undefined;
    const [event, handler] = call.arguments;
    const name = event && staticKey(event);
    if (name === undefined || !handler) return undefined;
    if (callee.type === 'MemberExpression') return { event: name, handler, target: callee.object };
    return this.inputs.resolver.qualifiedName(callee) === `global:${method}` ? { event: name, handler, target: 'global' } : undefined;
  }

  private findHandlers(): Map<ScriptThread, ThreadHandler[]> {
    const registrations = this.registrations();
    const found = new Map<ScriptThread, ThreadHandler[]>();
    for (const thread of builtinScriptThreads) {
      const onScope = (target: TSESTree.Node | 'global'): boolean =>
        target === 'global'
          ? thread.insideReceivers.includes('global:globalThis')
          : nameMatches(this.inputs.resolver.qualifiedName(target), new Set(thread.insideReceivers));
      const handlers: ThreadHandler[] = [];
      if (thread.connectEvent === undefined) {
        for (const registration of registrations) if (registration.event === messaging.event && onScope(registration.target)) handlers.push(registration);
      } else {
        // A SharedWorker: message handlers on the port of a connection, registered inside the `connect` handler.
        for (const connect of registrations) {
          if (connect.event !== thread.connectEvent || !onScope(connect.target)) continue;
          const parameter = connect.fn.params[0];
          for (const registration of registrations) {
            if (registration.event !== messaging.event || registration.target === 'global' || !contains(connect.fn, registration.target)) continue;
            if (parameter && this.rootedAt(registration.target, parameter)) handlers.push(registration);
          }
        }
      }
      found.set(thread, handlers);
    }
    return found;
  }

  /** Every handler registration of the file: listener calls, handler properties assigned (`self.onmessage = f`, bare `onmessage = f`). */
  private registrations(): Array<ThreadHandler & { target: TSESTree.Node | 'global' }> {
    const registrations: Array<ThreadHandler & { target: TSESTree.Node | 'global' }> = [];
    const add = (event: string, handler: TSESTree.Node, target: TSESTree.Node | 'global'): void => {
      const fn = this.functionOf(handler);
      if (fn && !registrations.some((known) => known.fn === fn && known.event === event)) registrations.push({ fn, event, target });
    };
    forEachStep(this.inputs.recorded.flows, (step) => {
      if (step.kind === 'call' && step.node.type === 'CallExpression') {
        const listener = this.listenerOf(step.node);
        if (listener) add(listener.event, listener.handler, listener.target);
      } else if (step.kind === 'memberWrite' && step.completion?.type === 'AssignmentExpression') {
        const property = staticPropertyName(step.node);
        if (property?.startsWith('on')) add(property.slice(2), step.completion.right, step.node.object);
      }
    });
    // `onmessage = (e) => ...` on the global scope is no member write: found from the handler's side.
    for (const flow of this.inputs.recorded.flows) {
      const assignment = bareHandlerAssignment(flow);
      if (assignment && this.inputs.resolver.isGlobalReference(assignment.left)) add(assignment.left.name.slice(2), flow.node, 'global');
    }
    return registrations;
  }

  /** `e.ports[0]`, `const [port] = e.ports`, `e.source`: a value read from the parameter. */
  private rootedAt(expr: TSESTree.Node, parameter: TSESTree.Parameter): boolean {
    const value = this.inputs.resolver.resolveValue(expr);
    let root: TSESTree.Node = value.expr;
    while (root.type === 'MemberExpression') root = skipWrappers(root.object);
    if (root.type !== 'Identifier' || parameter.type !== 'Identifier') return false;
    const variable = this.inputs.resolver.variableOf(root);
    return variable !== undefined && variable.defs.some((definition) => definition.name === parameter);
  }
}

function bareHandlerAssignment(flow: FunctionFlow): (TSESTree.AssignmentExpression & { left: TSESTree.Identifier }) | undefined {
  const parent = flow.node.parent;
  if (!isFunctionNode(flow.node) || parent?.type !== 'AssignmentExpression' || parent.right !== flow.node || parent.left.type !== 'Identifier')
    return undefined;
  return parent.left.name.startsWith('on') ? (parent as TSESTree.AssignmentExpression & { left: TSESTree.Identifier }) : undefined;
}

function memberSuffix(expr: TSESTree.Node): string[] {
  return memberPath(expr)?.properties ?? [];
}
