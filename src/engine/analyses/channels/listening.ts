/**
 * Whether an endpoint ever receives, and whether its `unref()` sticks: facts
 * over the whole file, read once before the path-by-path analysis.
 *
 * - An endpoint whose kind only holds while it receives (a MessagePort) and
 *   that is never started (`onmessage`, a `'message'` listener, `start()`) is
 *   idle: it holds no event-loop reference and is collected with its channel.
 * - Node refs a port again when a `'message'` listener is added, so an
 *   `unref()` sticks only when no listener is added after it (in source
 *   order): `port.on('message', f); port.unref()` lets the process exit,
 *   `port.unref(); port.on('message', f)` does not.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { skipWrappers, staticPropertyName } from '../../facts/ast';
import { forEachStep, type FunctionFlow } from '../../core/flow';
import type { ChannelClassifier } from '../../classify/channels';
import type { ChannelKind } from '../../../model/channels';

export interface ListenedEndpoint {
  readonly kind: ChannelKind;
}

export interface UndoneUnref {
  /** The `unref()` call. */
  readonly unref: TSESTree.Node;
  /** The listener added after it, which refs the port again. */
  readonly listener: TSESTree.Node;
}

export class ListeningFacts<E extends ListenedEndpoint> {
  private readonly listeners = new Map<E, TSESTree.Node[]>();
  private readonly unrefs = new Map<E, TSESTree.Node[]>();
  /** `port.addEventListener('message', f)`: listeners that get nothing until the port is started. */
  private readonly waitingForStart = new Map<E, TSESTree.CallExpression[]>();
  /** Endpoints started by `start()` or by assigning `onmessage`. */
  private readonly started = new Set<E>();

  constructor(
    private readonly classifier: ChannelClassifier,
    /** The endpoints an expression denotes, through aliases and chained calls. */
    private readonly endpointsOf: (node: TSESTree.Node) => readonly E[],
  ) {}

  collect(flows: readonly FunctionFlow[]): void {
    forEachStep(flows, (step) => {
      if (step.kind === 'call') {
        const callee = skipWrappers(step.node.callee);
        if (callee.type !== 'MemberExpression') return;
        const method = staticPropertyName(callee);
        if (method === undefined) return;
        for (const endpoint of this.endpointsOf(callee.object)) {
          if (this.classifier.listeningCallEffect(endpoint.kind, method, step.node) === 'listen') {
            add(this.listeners, endpoint, step.node);
            if (endpoint.kind.listening?.start.includes(method)) this.started.add(endpoint);
            else if (step.node.type === 'CallExpression' && endpoint.kind.listening?.needsStart?.listeners.includes(method)) {
              const list = this.waitingForStart.get(endpoint);
              if (list) list.push(step.node);
              else this.waitingForStart.set(endpoint, [step.node]);
            }
          }
          if (this.classifier.effectOf(endpoint.kind, method) === 'unref') add(this.unrefs, endpoint, step.node);
        }
      } else if (step.kind === 'memberWrite') {
        const property = staticPropertyName(step.node);
        const assignment = step.node.parent;
        if (property === undefined || assignment?.type !== 'AssignmentExpression' || assignment.left !== step.node) return;
        for (const endpoint of this.endpointsOf(step.node.object)) {
          if (this.classifier.listeningAssignmentEffect(endpoint.kind, property, assignment.right) === 'listen') {
            add(this.listeners, endpoint, step.node);
            this.started.add(endpoint);
          }
        }
      }
    });
  }

  /** A port that is never started: it holds nothing, so leaving it open is no leak. */
  isIdle(endpoint: E): boolean {
    return endpoint.kind.listening !== undefined && !this.listeners.has(endpoint);
  }

  /** The first listener that receives nothing because the endpoint is never started in this file. */
  unstartedListener(endpoint: E): TSESTree.CallExpression | undefined {
    return this.started.has(endpoint) ? undefined : this.waitingForStart.get(endpoint)?.[0];
  }

  /** Whether this `unref()` call lasts: no listener is added to the endpoint after it. */
  unrefSticks(endpoint: E, unref: TSESTree.Node): boolean {
    if (!endpoint.kind.listening) return true;
    return !(this.listeners.get(endpoint) ?? []).some((listener) => listener.range[0] > unref.range[1]);
  }

  /** The first `unref()` that a later listener undoes, with that listener. */
  undoneUnref(endpoint: E): UndoneUnref | undefined {
    for (const unref of this.unrefs.get(endpoint) ?? []) {
      const listener = (this.listeners.get(endpoint) ?? []).find((candidate) => candidate.range[0] > unref.range[1]);
      if (listener) return { unref, listener };
    }
    return undefined;
  }
}

function add<E>(map: Map<E, TSESTree.Node[]>, key: E, node: TSESTree.Node): void {
  const list = map.get(key);
  if (list) list.push(node);
  else map.set(key, [node]);
}

/** `port.addEventListener('message', f)` with no `port.start()` (browser ports only: Node delivers without it). */
export function unstartedListeners<E extends ListenedEndpoint & { readonly creation: TSESTree.CallExpression | TSESTree.NewExpression }>(
  endpoints: readonly E[],
  resolver: { calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined },
  listening: ListeningFacts<E>,
): Array<{ readonly kind: 'notStarted'; readonly endpoint: E; readonly listener: TSESTree.CallExpression }> {
  const found: Array<{ readonly kind: 'notStarted'; readonly endpoint: E; readonly listener: TSESTree.CallExpression }> = [];
  for (const endpoint of endpoints) {
    const needsStart = endpoint.kind.listening?.needsStart;
    if (!needsStart) continue;
    const creator = resolver.calleeName(endpoint.creation);
    if (creator !== undefined && needsStart.notForCreatedBy.includes(creator)) continue;
    const listener = listening.unstartedListener(endpoint);
    if (listener) found.push({ kind: 'notStarted', endpoint, listener });
  }
  return found;
}
