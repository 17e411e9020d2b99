/**
 * A Web Lock held across a round trip to a thread that takes the same lock
 * (Infer's ARBITRARY_CODE_EXECUTION_UNDER_LOCK, SpotBugs' TLW_TWO_LOCK_WAIT;
 * in Rust, a `MutexGuard` held while `recv()`-ing from a thread that locks
 * the same mutex before it sends).
 *
 * Web Lock names are shared by every thread of an origin. Inside
 * `navigator.locks.request('db', async () => { ... })` the holder posts to a
 * worker started from this very file and awaits its reply; the worker's
 * `message` handler requests `'db'` and replies only once it has it. The
 * request waits for the holder, the holder waits for the reply: neither
 * ever resumes. Both halves must be visible in the file (a worker module in
 * the same file behind `self`, Node's `parentPort`, a SharedWorker's port).
 *
 * Reported only when it does wait forever:
 * - the holder posts to the endpoint while it holds the lock, before the
 *   await, on every path to it, and the awaited promise settles only on a
 *   message (or a failure) of that endpoint: no timeout, no race;
 * - the handler's request waits (no `ifAvailable`, no `steal`; not shared on
 *   both sides), and every post the handler makes (its replies) runs inside
 *   that request's callback or after the handler awaited the request. A
 *   request the handler does not wait for is queued and the reply goes out:
 *   no deadlock. Every other `message` handler of that thread replies only
 *   under the lock too, or not at all.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { RoundTripClassifier, type ThreadHandler, type WaitPoint } from '../../classify/round-trips';
import { runsBefore } from '../../facts/evaluation-order';
import type { Acquisition } from '../../classify/locks';
import { forEachStep } from '../../core/flow';
import { contains, isFunctionNode, type FunctionNode } from '../../facts/ast';
import type { EngineInputs } from '../../inputs';
import type { LockAnalysis } from './findings';

export interface RoundTripFinding {
  readonly kind: 'roundTrip';
  /** Where the holder waits for the reply: its await, or the promise its lock callback returns. */
  readonly node: TSESTree.Node;
  /** The request whose callback holds the lock. */
  readonly held: Acquisition;
  /** How the holder names the endpoint (`worker`, `shared.port`). */
  readonly endpoint: string;
  /** "Worker", "SharedWorker". */
  readonly thread: string;
  readonly post: TSESTree.CallExpression;
  readonly handler: FunctionNode;
  readonly event: string;
  /** The handler's request of the same lock, which its replies wait for. */
  readonly request: Acquisition;
}

export type RoundTripInputs = Pick<EngineInputs, 'recorded' | 'resolver' | 'declaredVariables' | 'text'> & {
  readonly locks: () => LockAnalysis | undefined;
};

export function analyzeRoundTrips(inputs: RoundTripInputs): RoundTripFinding[] {
  const locks = inputs.locks();
  const holders = (locks?.acquisitions ?? []).filter(
    (acquisition) => acquisition.form === 'scoped' && acquisition.lock.scope === 'weblock' && isFunctionNode(acquisition.callback),
  );
  if (!locks || holders.length === 0) return [];
  const classifier = new RoundTripClassifier(inputs);
  const findings: RoundTripFinding[] = [];
  const reported = new Set<TSESTree.Node>();
  for (const held of holders) {
    const callback = held.callback as FunctionNode;
    const flow = inputs.recorded.flowOfNode.get(callback);
    if (!flow) continue;
    // The lock is held until the callback's promise settles: across its awaits, and until a promise it returns settles.
    const points: WaitPoint[] = callback.body.type === 'BlockStatement' ? [] : [callback.body];
    forEachStep([flow], (step) => {
      if (step.kind === 'await') points.push(step.node);
      else if (step.kind === 'exit' && step.node.type === 'ReturnStatement' && step.node.argument?.type !== 'AwaitExpression') points.push(step.node);
    });
    for (const point of points) {
      if (reported.has(point)) continue;
      const trip = classifier.roundTripAt(point, callback);
      if (!trip) continue;
      const blocking = lockedReply(classifier.handlersOf(trip.endpoint.thread), held, locks.acquisitions, classifier, inputs);
      if (!blocking) continue;
      reported.add(point);
      const node = point.type === 'ReturnStatement' ? point.argument! : point;
      findings.push({
        kind: 'roundTrip',
        node,
        held,
        endpoint: trip.endpoint.display,
        thread: trip.endpoint.thread.label,
        post: trip.post,
        handler: blocking.handler.fn,
        event: blocking.handler.event,
        request: blocking.request,
      });
    }
  }
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * The handler that replies only after it waited for the held lock, if one does and no handler of the thread replies
 * without it.
 */
function lockedReply(
  handlers: readonly ThreadHandler[],
  held: Acquisition,
  acquisitions: readonly Acquisition[],
  classifier: RoundTripClassifier,
  inputs: RoundTripInputs,
): { handler: ThreadHandler; request: Acquisition } | undefined {
  let found: { handler: ThreadHandler; request: Acquisition } | undefined;
  for (const handler of handlers) {
    const requests = acquisitions.filter(
      (request) =>
        request.form === 'scoped' &&
        request.lock.key === held.lock.key &&
        request.waits &&
        !(request.shared && held.shared) &&
        request !== held &&
        contains(handler.fn, request.node),
    );
    // The request a node waits for: inside its callback, after the handler awaited it, or in a continuation of it.
    const gate = (node: TSESTree.Node): Acquisition | undefined =>
      requests.find(
        (request) =>
          (request.callback !== undefined && contains(request.callback, node)) ||
          (request.completes !== request.node && (runsBefore(request.completes, node) || postsWhatItAwaits(node, request.completes))) ||
          classifier.inContinuation(request.node, node),
      );
    const replies = postsWithin(handler.fn, inputs, classifier);
    if (replies.length === 0) continue;
    // A reply sent without the lock answers the holder: no deadlock, whatever another handler does.
    if (replies.some((reply) => gate(reply) === undefined)) return undefined;
    // A function of the file called without the lock that posts may reply as well.
    if (unlockedCallsThatPost(handler.fn, gate, inputs, classifier)) return undefined;
    found ??= { handler, request: gate(replies[0]!)! };
  }
  return found;
}

/** Every post in a function, its nested functions included. */
function postsWithin(fn: FunctionNode, inputs: RoundTripInputs, classifier: RoundTripClassifier): TSESTree.CallExpression[] {
  const posts: TSESTree.CallExpression[] = [];
  for (const flow of inputs.recorded.flows) if (contains(fn, flow.node)) posts.push(...classifier.postsIn(flow.node));
  return posts;
}

function unlockedCallsThatPost(
  fn: FunctionNode,
  gate: (node: TSESTree.Node) => Acquisition | undefined,
  inputs: RoundTripInputs,
  classifier: RoundTripClassifier,
): boolean {
  let posts = false;
  for (const flow of inputs.recorded.flows) {
    if (posts || !contains(fn, flow.node)) continue;
    forEachStep([flow], (step) => {
      if (posts || step.kind !== 'call' || step.node.type !== 'CallExpression' || gate(step.node)) return;
      const callee = inputs.resolver.calledFunction(step.node);
      if (callee && !contains(fn, callee)) posts = postsWithin(callee, inputs, classifier).length > 0;
    });
  }
  return posts;
}

/** `self.postMessage(await navigator.locks.request(name, f))`: the call runs after its argument's await. */
function postsWhatItAwaits(node: TSESTree.Node, wait: TSESTree.Node): boolean {
  return node.type === 'CallExpression' && node.arguments.some((argument) => contains(argument, wait));
}
