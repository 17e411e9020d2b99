/**
 * Channel endpoints, from creation to close (Rust: "drop the Sender").
 *
 * An endpoint is created by a factory of the channel model (MessageChannel's
 * `port1`/`port2`, a BroadcastChannel, a stream writer, settings entries) and
 * discharged by closing it or by handing it off: transferring it, returning
 * it, storing it where it outlives the function, passing it to another
 * function, exporting it, or creating a closure that does one of these (the
 * request/response pattern closes the port in its message handler).
 *
 * Three lifetimes:
 * - local (declared in a function): a path-sensitive dataflow tracks open
 *   endpoints, and every exit that leaves one open is reported with its line;
 * - module-level or outer variables: closed, handed off or exported anywhere
 *   in the file;
 * - class fields: closed or handed off by some method of the class.
 */
import { describeOpen, exitOf, type OpenState } from './state';
import { argumentParams, skipWrappers, staticPropertyName, type FunctionNode } from '../../facts/ast';
import { SummaryMemo } from '../../core/summary-memo';
import type { EngineInputs } from '../../inputs';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { CodePathSegment } from '../../core/code-path';
import { replayForward, solveForward, type ForwardProblem } from '../../core/dataflow';
import { stateEnteringCatch, type CatchEntry } from '../../core/catch-entry';
import { escapeOf } from '../../facts/escape';
import { forEachStep, type FunctionFlow, type Step } from '../../core/flow';
import { ListeningFacts, unstartedListeners } from './listening';
import { objectCaptures } from './captures';
import { EndpointTable } from './endpoints';
import { readToEndRanges, type EndRange } from './read-to-end';
import { storesArgument } from './handoffs';
import { closesParameter, constructorKeepsAndCloses, type HelperInputs } from './helper-effects';
import { terminatedReceiverPeers, threadTransferPeers } from './peers';
import type { ChannelExit, ChannelFinding, ChannelOptions, Endpoint } from './findings';
export { exitLine, type ChannelExit, type ChannelFinding, type ChannelOptions, type Endpoint, type Lifetime } from './findings';
import { emptyIntMap, intMapDelete, intMapEquals, intMapForEach, intMapGet, intMapSet, intMapUnion } from '../../../util/int-map';

export interface ChannelInputs
  extends Pick<EngineInputs, 'recorded' | 'resolver' | 'places' | 'sends' | 'channelClassifier' | 'trace' | 'runtime' | 'imports'>, HelperInputs {
  readonly options: ChannelOptions;
}

export function analyzeChannels(inputs: ChannelInputs): ChannelFinding[] {
  return new ChannelAnalysis(inputs).run();
}

class ChannelAnalysis {
  private readonly table: EndpointTable;
  private readonly endpoints: readonly Endpoint[];
  private readonly byPlace: ReadonlyMap<number, Endpoint[]>;
  private readonly openers: ReadonlyMap<TSESTree.Identifier, Endpoint[]>;
  private readonly discharged = new Set<Endpoint>();
  private readonly summaries = new SummaryMemo<FunctionNode, ReadonlySet<number | `param${number}`>>(() => new Set());
  private readonly findings: ChannelFinding[] = [];
  private readonly reported = new Set<Endpoint>();
  private readonly listening: ListeningFacts<Endpoint>;
  /** Endpoints captured by methods of an object literal, by the node of the step that evaluates the object. */
  private captures = new Map<TSESTree.Node, number[]>();
  /** Code that runs only once a reader was read to its end (see read-to-end.ts). */
  private readEnds: EndRange[] = [];

  constructor(private readonly inputs: ChannelInputs) {
    this.table = new EndpointTable(inputs);
    ({ all: this.endpoints, byPlace: this.byPlace, openers: this.openers } = this.table);
    this.listening = new ListeningFacts(inputs.channelClassifier, (node) => {
      const place = this.receiverPlace(node);
      return place === undefined ? [] : (this.byPlace.get(place) ?? []);
    });
  }

  run(): ChannelFinding[] {
    this.findEndpoints();
    if (this.endpoints.length === 0) return [];
    this.listening.collect(this.inputs.recorded.flows);
    this.captures = objectCaptures(this.inputs.recorded.flows, (node) => {
      const place = this.placeOf(node);
      if (place === undefined) return [];
      if (this.byPlace.has(place)) return [place];
      // A whole channel (`channel`) read where it is not the object of a member: all of its endpoints.
      return node.parent?.type === 'MemberExpression' && node.parent.object === node ? [] : this.endpointsAt(place).map((e) => e.place);
    });
    this.readEnds = readToEndRanges(this.endpoints, this.inputs);
    this.findDischarges();

    const owners = new Set<FunctionFlow>();
    for (const endpoint of this.endpoints) if (endpoint.lifetime === 'local' && endpoint.owner) owners.add(endpoint.owner);
    for (const flow of owners) this.checkLocal(flow);

    // A module-level endpoint of a page or a service worker (`clients.claim()` in the file, no Node import) lives as long as it.
    const browserOnly = (): boolean => this.inputs.runtime().browser !== undefined && this.inputs.runtime().node === undefined;
    for (const endpoint of this.endpoints) {
      if (endpoint.lifetime === 'local' || endpoint.kind.localOnly || this.isDischarged(endpoint)) continue;
      if (endpoint.lifetime !== 'module' || !browserOnly()) this.reportNeverClosed(endpoint);
    }
    if (this.inputs.options.requireStart) this.findings.push(...unstartedListeners(this.endpoints, this.inputs.resolver, this.listening));
    return this.findings;
  }

  // ---------------------------------------------------------------------------
  // Creations

  private findEndpoints(): void {
    const { recorded, channelClassifier, options } = this.inputs;
    forEachStep(recorded.flows, (step, flow) => {
      if (step.kind !== 'call') return;
      const kind = channelClassifier.creationAt(step.node);
      if (kind && (kind.check === undefined || (options.checks ?? []).includes(kind.check))) this.table.add(step.node, kind, flow);
    });
  }

  // ---------------------------------------------------------------------------
  // Discharges

  /** Flow-insensitive: every endpoint discharged by some step anywhere in the file. */
  private findDischarges(): void {
    forEachStep(this.inputs.recorded.flows, (step) => {
      for (const place of this.dischargedBy(step)) for (const endpoint of this.endpointsAt(place)) this.markDischarged(endpoint);
    });
  }

  private markDischarged(endpoint: Endpoint): void {
    this.discharged.add(endpoint);
  }

  private isDischarged(endpoint: Endpoint): boolean {
    return this.discharged.has(endpoint);
  }

  /** Endpoints at a place, and those under it (`channel` holds `channel.port1` and `channel.port2`). */
  private endpointsAt(place: number): Endpoint[] {
    const found = [...(this.byPlace.get(place) ?? [])];
    for (const child of this.inputs.places.descendants(place)) found.push(...(this.byPlace.get(child) ?? []));
    return found;
  }

  private readonly aliases = new Map<TSESLint.Scope.Variable, number | null>();

  /** The place an expression denotes, through aliases that never change: after `const port = channel.port2`, `port.close()` closes `channel.port2`. */
  private placeOf(node: TSESTree.Node): number | undefined {
    const place = this.inputs.places.of(node, false);
    if (place !== undefined && this.byPlace.has(place)) return place;
    const inner = skipWrappers(node);
    if (inner.type === 'Identifier') {
      const variable = this.inputs.resolver.variableOf(inner);
      const aliased = variable && this.aliasOf(variable);
      if (aliased !== undefined) return aliased;
    }
    return place;
  }

  /** The place of a method call's receiver, through calls that return it: `port.on('message', f).unref()` unrefs `port`. */
  private receiverPlace(node: TSESTree.Node): number | undefined {
    const place = this.placeOf(node);
    if (place !== undefined && this.byPlace.has(place)) return place;
    const inner = skipWrappers(node);
    if (inner.type !== 'CallExpression') return place;
    const callee = skipWrappers(inner.callee);
    const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : undefined;
    if (callee.type !== 'MemberExpression' || method === undefined) return place;
    const receiver = this.receiverPlace(callee.object);
    const chained = receiver !== undefined && (this.byPlace.get(receiver) ?? []).some((e) => this.inputs.channelClassifier.returnsReceiver(e.kind, method));
    return chained ? receiver : place;
  }

  private awaitsEnd(node: TSESTree.Node, place: number): boolean {
    const parent = node.parent;
    const endpoints = this.byPlace.get(place) ?? [];
    if (parent?.type === 'MemberExpression' && parent.object === node)
      return endpoints.some((e) => this.inputs.channelClassifier.isEndProperty(e.kind, parent));
    const first = parent?.type === 'CallExpression' && parent.arguments[0] === node;
    return first && endpoints.some((e) => this.inputs.channelClassifier.awaitsEnd(e.kind, parent));
  }

  private peersOfThreadTransfer(node: TSESTree.Node, place: number): number[] {
    return threadTransferPeers(node, this.byPlace.get(place) ?? [], this.inputs.channelClassifier, (e) => !this.listening.undoneUnref(e));
  }

  private peersOfTerminatedReceiver(receiver: TSESTree.Node, place: number): number[] {
    const kept = (e: Endpoint): boolean => !this.listening.undoneUnref(e);
    return terminatedReceiverPeers(receiver, this.byPlace.get(place) ?? [], this.inputs.resolver, this.inputs.channelClassifier, kept);
  }

  private aliasOf(variable: TSESLint.Scope.Variable): number | undefined {
    const cached = this.aliases.get(variable);
    if (cached !== undefined) return cached ?? undefined;
    this.aliases.set(variable, null);
    const definition = this.inputs.resolver.singleDefinition(variable);
    let target: number | undefined;
    if (definition?.kind === 'init') {
      const init = skipWrappers(definition.init);
      if (init.type === 'Identifier' || init.type === 'MemberExpression') {
        target = this.placeOf(init);
        for (const key of definition.path) target = target === undefined ? undefined : this.inputs.places.ofPath(target, key, false);
      }
    }
    const aliased = target !== undefined && this.endpointsAt(target).length > 0 ? target : undefined;
    this.aliases.set(variable, aliased ?? null);
    return aliased;
  }

  /**
   * The places a step discharges: closes (`port.close()`; a MessagePort's
   * close closes its sibling too, see `close`), transfers, escapes (return,
   * store, export, argument per the options), closures and local calls that
   * discharge what they capture.
   */
  private dischargedBy(step: Step): number[] {
    const captured = this.captures.get(step.node);
    const found = this.dischargedByStep(step);
    const [start, end] = step.node.range;
    for (const readEnd of this.readEnds) if (start >= readEnd.range[0] && end <= readEnd.range[1]) found.push(readEnd.place);
    return captured ? [...found, ...captured] : found;
  }

  private dischargedByStep(step: Step): number[] {
    const { sends, resolver, options, channelClassifier } = this.inputs;
    switch (step.kind) {
      case 'read':
      case 'member': {
        const place = this.placeOf(step.node);
        if (place === undefined) return [];
        const peers = this.peersOfThreadTransfer(step.node, place);
        // `await reader.closed`, `await once(worker, 'exit')`: the end is awaited.
        if (this.awaitsEnd(step.node, place)) return [place, ...peers];
        const escape = escapeOf(step.node);
        if (!escape) return peers;
        if (escape.kind !== 'argument' || storesArgument(escape.call, resolver)) return [place, ...peers];
        if (escape.call.type === 'CallExpression') {
          const callee = resolver.calledFunction(escape.call);
          const handedOn =
            callee && (this.summaryOf(callee).has(`param${escape.index}`) || closesParameter(callee, escape.index, this.byPlace.get(place), this.inputs));
          if (callee) return handedOn || options.unknownCallIsHandoff ? [place, ...peers] : peers;
          // `retire(port)` where `retire` is imported from a local module that closes (or keeps) its parameter.
          if (this.importedCallDischarges(escape.call, escape.index, place)) return [place, ...peers];
        }
        if (escape.call.type === 'NewExpression' && constructorKeepsAndCloses(escape.call, escape.index, this.byPlace.get(place), this.inputs))
          return [place, ...peers];
        return options.unknownCallIsHandoff ? [place, ...peers] : peers;
      }
      case 'memberWrite': {
        // `port.onmessage = null`: the port stops receiving, and holds nothing any more.
        const property = staticPropertyName(step.node);
        const assignment = step.node.parent;
        if (property === undefined || assignment?.type !== 'AssignmentExpression' || assignment.left !== step.node) return [];
        const place = this.receiverPlace(step.node.object);
        if (place === undefined) return [];
        const stops = (this.byPlace.get(place) ?? []).some(
          (e) => channelClassifier.listeningAssignmentEffect(e.kind, property, assignment.right) === 'unlisten',
        );
        return stops ? [place] : [];
      }
      case 'call': {
        const found: number[] = [];
        const callee = skipWrappers(step.node.callee);
        if (callee.type === 'MemberExpression') {
          const method = staticPropertyName(callee);
          const place = method === undefined && !callee.computed ? undefined : this.receiverPlace(callee.object);
          // `remote[Comlink.releaseProxy]()`
          const byKey = place !== undefined && (this.byPlace.get(place) ?? []).some((e) => channelClassifier.closesByKey(e.kind, callee));
          if (byKey) found.push(place);
          if (place !== undefined && method !== undefined) {
            for (const endpoint of this.byPlace.get(place) ?? []) {
              if (channelClassifier.handlesEnd(endpoint.kind, method, step.node)) found.push(place);
              const effect = channelClassifier.effectOf(endpoint.kind, method);
              // An `unref()` that no later listener undoes: the endpoint is meant to live as long as the process.
              const sticks = effect === 'unref' && (options.unrefIsDischarge || this.listening.unrefSticks(endpoint, step.node));
              if (effect === 'close' || sticks) {
                found.push(place);
                if (effect === 'close' && endpoint.kind.closesTogether) for (const sibling of endpoint.siblings) found.push(sibling.place);
              }
              // `port.off('message', f)` of the last listener: the port no longer holds anything.
              if (channelClassifier.listeningCallEffect(endpoint.kind, method, step.node) === 'unlisten') found.push(place);
            }
          }
        }
        for (const site of sends.effectsAt(step.node)) {
          for (const item of site.items) {
            const place = this.placeOf(item.storage);
            if (place === undefined) continue;
            found.push(place);
            if (callee.type === 'MemberExpression') found.push(...this.peersOfTerminatedReceiver(callee.object, place));
          }
        }
        if (step.node.type === 'CallExpression') {
          const local = resolver.calledFunction(step.node);
          if (local) for (const entry of this.summaryOf(local)) if (typeof entry === 'number') found.push(entry);
        }
        return found;
      }
      case 'closure': {
        const found: number[] = [];
        for (const entry of this.summaryOf(step.node)) if (typeof entry === 'number') found.push(entry);
        return found;
      }
      default:
        return [];
    }
  }

  /** Whether the imported function a call invokes closes or hands off its parameter `index` (its module's summary says so). */
  private importedCallDischarges(call: TSESTree.CallExpression, index: number, place: number): boolean {
    const effect = this.inputs.imports?.channelEffectsOf(call)?.find((candidate) => candidate.param === index);
    if (!effect) return false;
    if (effect.handsOff) return true;
    const { channelClassifier, options } = this.inputs;
    return (this.byPlace.get(place) ?? []).some(({ kind }) =>
      effect.methods.some((method) => {
        const found = channelClassifier.effectOf(kind, method);
        return found === 'close' || (found === 'unref' && options.unrefIsDischarge);
      }),
    );
  }

  /** What a function may discharge: outer places (numbers) and its own parameters (`param<i>`). */
  private summaryOf(fn: FunctionNode): ReadonlySet<number | `param${number}`> {
    return this.summaries.get(fn, () => {
      const result = new Set<number | `param${number}`>();
      const flow = this.inputs.recorded.flowOfNode.get(fn);
      forEachStep(flow ? [flow] : [], (step) => {
        for (const place of this.dischargedBy(step)) {
          const variable = this.inputs.places.rootVariable(place);
          const param = variable ? argumentParams(fn).findIndex((p) => p.type === 'Identifier' && variable.identifiers.includes(p)) : -1;
          if (param !== -1) result.add(`param${param}`);
          else result.add(place);
        }
      });
      return result;
    });
  }

  // ---------------------------------------------------------------------------
  // Local endpoints: path by path

  private checkLocal(flow: FunctionFlow): void {
    const problem: ForwardProblem<OpenState> = {
      entry: emptyIntMap,
      join: (a, b) => intMapUnion(a, b, (x) => x),
      equals: (a, b) => intMapEquals(a, b, (x, y) => x === y),
      transfer: (state, step) => this.transfer(state, step),
      edge: (state, from, to) => stateEnteringCatch(flow, this.inputs.recorded.catchClauses, state, from, to, this.catchEntry),
    };
    const solution = solveForward(flow, problem);
    this.inputs.trace?.('channels', flow, solution, describeOpen);
    replayForward(flow, problem, solution, (state, step) => this.diagnose(state, step));

    // Exits that leave an endpoint open, earliest first.
    const exits: Array<{ segment: CodePathSegment; state: OpenState }> = [];
    for (const segment of flow.codePath.returnedSegments) {
      const state = solution.outState(segment);
      if (state) exits.push({ segment, state });
    }
    const leaks = new Map<Endpoint, ChannelExit>();
    for (const { segment, state } of exits) {
      intMapForEach(state, (_, endpoint) => {
        if (endpoint.owner !== flow) return;
        const exit = exitOf(flow, segment);
        const known = leaks.get(endpoint);
        if (!known || exit.node.range[0] < known.node.range[0]) leaks.set(endpoint, exit);
      });
    }
    for (const [endpoint, exit] of leaks) this.reportLeak(endpoint, exit);
  }

  /** States only: endpoints opened and discharged (findings come from `diagnose`, over the solved states). */
  private transfer(state: OpenState, step: Step): OpenState {
    let next = state;
    if (step.kind === 'write') {
      const opened = this.openers.get(step.node);
      // The binding gets a new value: anything still open under it is lost.
      for (const endpoint of this.overwrittenAt(state, step)) next = intMapDelete(next, endpoint.place);
      for (const endpoint of opened ?? []) next = intMapSet(next, endpoint.place, endpoint);
      // `const node = { get port() { return channel.port2; } }`: the object owns what its methods capture.
      for (const place of this.captures.get(step.node) ?? []) for (const endpoint of this.endpointsAt(place)) next = intMapDelete(next, endpoint.place);
      return next;
    }
    for (const place of this.dischargedBy(step)) {
      for (const endpoint of this.endpointsAt(place)) next = intMapDelete(next, endpoint.place);
    }
    return next;
  }

  /**
   * Into a `catch` (see catch-entry.ts): reads, member reads and discharging calls discharge even when they throw
   * (`writer.abort(e)` that rejects); a creation after the step that threw opened nothing.
   */
  private readonly catchEntry: CatchEntry<OpenState> = {
    completes: (state, step) =>
      step.kind === 'read' || step.kind === 'member' || (step.kind === 'call' && this.dischargedBy(step).length > 0) ? this.transfer(state, step) : undefined,
    undo: (state, step) => {
      let next = state;
      for (const endpoint of step.kind === 'write' ? (this.openers.get(step.node) ?? []) : []) next = intMapDelete(next, endpoint.place);
      return next;
    },
  };

  /** Endpoints still open under a binding that a write gives a new value: `port = new MessageChannel().port1` again. */
  private overwrittenAt(state: OpenState, step: Extract<Step, { kind: 'write' }>): Endpoint[] {
    const place = this.inputs.places.ofVariable(step.variable, false);
    if (place === undefined) return [];
    return this.endpointsAt(place).filter((endpoint) => intMapGet(state, endpoint.place) === endpoint);
  }

  /** A write that loses an open endpoint, given the solved state before it. */
  private diagnose(before: OpenState, step: Step): void {
    if (step.kind !== 'write') return;
    const opened = this.openers.get(step.node);
    for (const endpoint of this.overwrittenAt(before, step)) {
      this.reportLeak(endpoint, { kind: opened?.includes(endpoint) ? 'recreate' : 'reassign', node: step.node });
    }
  }

  // ---------------------------------------------------------------------------
  // Reports

  private reportLeak(endpoint: Endpoint, exit: ChannelExit): void {
    if (this.reported.has(endpoint) || this.listening.isIdle(endpoint)) return;
    if (!this.isDischarged(endpoint)) {
      this.reportNeverClosed(endpoint);
      return;
    }
    this.reported.add(endpoint);
    this.findings.push({ kind: 'notClosedOnExit', endpoint, exit, undoneUnref: this.listening.undoneUnref(endpoint) });
  }

  /** One report per creation when all of its endpoints are never discharged (a MessageChannel nobody closes). */
  private reportNeverClosed(endpoint: Endpoint): void {
    if (this.reported.has(endpoint) || this.listening.isIdle(endpoint)) return;
    const group = [endpoint, ...endpoint.siblings].filter(
      (candidate) => !this.isDischarged(candidate) && !this.reported.has(candidate) && !this.listening.isIdle(candidate),
    );
    const all = group.length === endpoint.siblings.length + 1;
    const endpoints = all ? group : [endpoint];
    for (const reported of endpoints) this.reported.add(reported);
    this.findings.push({ kind: 'neverClosed', endpoints, undoneUnref: this.listening.undoneUnref(endpoint) });
  }
}
