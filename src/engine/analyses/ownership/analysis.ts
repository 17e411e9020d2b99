/**
 * Ownership: which values have moved to another thread, on which paths
 * (Rust's E0382 "use of moved value", and E0507 "cannot move out of a borrow").
 *
 * A transfer moves the storage of each transferred value: the place itself
 * (`buf`, `this.frame`, `msg.payload`) and its aliases (`const view = new
 * Uint8Array(buf)`, `const b = buf`, `const { payload } = msg`, `x.subarray()`).
 * A forward dataflow over the code path tracks, at every point, the places
 * that may have moved (union at merges) and those that have moved on every
 * path (intersection), so a use after a transfer on one branch is reported as
 * "may have been transferred", as rustc does.
 *
 * Calls to functions of the same file apply the callee's summary: which outer
 * places and parameters it transfers, and which outer places it reads before
 * writing them. Calls to functions imported from local modules apply the
 * module's summary (its functions' parameter transfers, computed by this same
 * analysis on the module: see facts/modules/ and calls.ts). A closure created after a transfer that reads the moved value
 * is a use at the point of its creation.
 */
import { describeOwnership, emptyState, joinStates, keep, statesEqual, type MoveFact, type OwnershipState } from './state';
import { SummaryMemo } from '../../core/summary-memo';
import type { EngineInputs } from '../../inputs';
import { Liveness } from '../../facts/liveness';
import { OwnershipDiagnosis, type OwnershipFacts } from './diagnosis';
import { HolderCheck, type HolderFacts } from './holders';
import type { LocalMove, Move, OwnershipFinding, TransferableKind } from './findings';
export type { ExportedTransfer } from './calls';
import {
  argumentPlace,
  emptySummary,
  ImportedCalls,
  paramIndex,
  parameterTransfers,
  type ExportedTransfer,
  type FunctionSummary,
  type TransferSummary,
} from './calls';
import { detachTest, isIdentityOnlyUse } from './uses';
import { CoercionHooks, type CoercionHook } from '../../facts/coercion';
import { kindOfValue, mayBePooled, nameOf, pooledAllocators } from './values';
import type { TSESTree } from '@typescript-eslint/utils';
import { calleeLabel, contains, rangeKey, skipWrappers, staticPropertyName, type FunctionNode } from '../../facts/ast';
import type { CodePathSegment } from '../../core/code-path';
import { replayForward, solveForward, type ForwardProblem, type ForwardSolution } from '../../core/dataflow';
import { storageGroups, typedArrayConstructors } from '../../facts/storage';
import { branchOf, forEachStep, someStep, type FunctionFlow, type Step } from '../../core/flow';
import type { CallNode, SendSite, TransferItem } from '../../classify/sends';
import { emptyIntMap, intMapDelete, intMapEquals, intMapForEach, intMapGet, intMapIntersection, intMapSet, type IntMap } from '../../../util/int-map';

/** Reads of outer places a function makes before writing them, with the first such read. */
type ExposedReads = ReadonlyMap<number, TSESTree.Node>;

export type { Move, OwnershipFinding, TransferableKind } from './findings';
export { detachTest, isIdentityOnlyUse } from './uses';

export type OwnershipInputs = Pick<EngineInputs, 'recorded' | 'resolver' | 'places' | 'sends' | 'variables' | 'declaredVariables' | 'trace' | 'imports'>;

export interface OwnershipResult {
  readonly findings: readonly OwnershipFinding[];
  /** What a function of the file leaves moved among its parameters (module summaries: see facts/modules/). */
  parameterTransfers(fn: FunctionNode): readonly ExportedTransfer[];
}

/**
 * The ownership analysis of a file. With `findings: false` (a module analysed
 * for its importers) only what its functions do is computed, on demand: no
 * diagnosis, no holder checks.
 */
export function analyzeOwnership(inputs: OwnershipInputs, { findings: diagnose = true }: { findings?: boolean } = {}): OwnershipResult {
  const analysis = new OwnershipAnalysis(inputs);
  const findings = analysis.run(diagnose);
  return { findings, parameterTransfers: (fn) => parameterTransfers(analysis.summaryOf(fn)) };
}

class OwnershipAnalysis implements OwnershipFacts, HolderFacts {
  private readonly findings: OwnershipFinding[] = [];
  /** Alias groups: every place that shares storage with a tracked place. */
  private readonly groups = new Map<number, readonly number[]>();
  private readonly tracked = new Set<number>();
  /** Items of transfers the platform refuses (the call throws): they move nothing. */
  private readonly refusedItems = new Set<TransferItem>();
  /** An alias's own source: `const { payload } = msg` declared after a transfer of `msg.payload` starts moved. */
  private readonly aliasSources = new Map<number, number>();
  private readonly kinds = new Map<number, TransferableKind>();
  private readonly flowsWithTransfers = new Set<FunctionFlow>();
  private readonly summaries = new SummaryMemo<FunctionNode, FunctionSummary>(() => emptySummary); // recursion: assume nothing more moves
  private readonly exposed = new SummaryMemo<FunctionNode, ExposedReads>(() => new Map());
  private readonly writes = new SummaryMemo<FunctionNode, ReadonlySet<number>>(() => new Set());
  private readonly solutions = new Map<FunctionFlow, ForwardSolution<OwnershipState>>();
  /** Transfer entries of partial views (`sub.buffer` where `sub = buf.subarray(...)`), keyed by item node. */
  readonly partialViews = new Set<TransferItem>();
  private readonly problem: ForwardProblem<OwnershipState>;
  /** One Move per transfer entry, so states reached twice compare equal and the fixpoint ends. */
  private readonly moves = new Map<TransferItem, LocalMove>();
  /** What calls of imported functions transfer (see facts/modules/), per call. */
  private readonly imported: ImportedCalls;
  private readonly liveness: Liveness;
  private readonly diagnosis: OwnershipDiagnosis;
  /** Hooks a call runs while converting its arguments (`start.valueOf()` in `view.subarray(start)`). */
  readonly coercion: CoercionHooks;

  constructor(private readonly inputs: OwnershipInputs) {
    this.liveness = new Liveness(inputs.declaredVariables);
    this.imported = new ImportedCalls(inputs);
    this.coercion = new CoercionHooks(inputs.resolver);
    this.diagnosis = new OwnershipDiagnosis(this, inputs, this.findings);
    this.problem = {
      entry: emptyState,
      join: joinStates,
      equals: statesEqual,
      transfer: (state, step) => this.transfer(state, step),
      edge: (state, from, to) => this.refine(state, from, to),
      exceptionalTargets: inputs.recorded.catchStarts,
      throws: (step) => step.kind === 'call' || step.kind === 'await',
    };
  }

  run(diagnose = true): OwnershipFinding[] {
    const { recorded, sends } = this.inputs;
    // 1. Every transfer in the file, and the functions they happen in.
    const items: Array<{ item: TransferItem; site: SendSite }> = [];
    forEachStep(recorded.flows, (step, flow) => {
      if (step.kind !== 'call') return;
      for (const site of sends.effectsAt(step.node)) {
        this.flowsWithTransfers.add(flow);
        // A transfer list with an entry the platform refuses makes the call throw: nothing in it moves (no-unsendable-message says so).
        const refused = site.items.some((item) => sends.refusalOf(item, site) !== undefined) || sends.listRefusalOf(site) !== undefined;
        for (const item of site.items) {
          if (refused) {
            this.refusedItems.add(item);
            continue;
          }
          // `transferList: [transferableAbortSignal(s)]` clones the signal: it stays usable here.
          if (sends.isClonedWhenListed(item)) continue;
          items.push({ item, site });
        }
      }
    });
    // Arguments of calls to imported functions that transfer them: `ship(buf)` where `ship` is imported.
    const importedArguments = this.imported.movedArguments();
    if (items.length === 0 && importedArguments.length === 0) return this.findings;

    // 2. The places they move, and every alias of those places.
    const listed = new Set<TSESTree.Node>();
    for (const { item } of items) if (item.list && !item.viaBuffer) listed.add(skipWrappers(item.storage));
    this.buildAliasGroups([...items.map(({ item }) => item.storage), ...importedArguments], listed);
    for (const { item } of items) this.checkBorrowedMemory(item);

    if (!diagnose) return this.findings;
    // 3. The dataflow, for every function in which something can move.
    for (const flow of recorded.flows) {
      if (!this.canMoveIn(flow)) continue;
      const solution = this.solve(flow);
      replayForward(flow, this.problem, solution, (state, step) => this.diagnosis.diagnose(state, step));
    }
    // 4. Transfers of values that something longer-lived still holds (holders.ts).
    const holders = new HolderCheck(this, this.inputs, this.findings);
    for (const flow of this.flowsWithTransfers) holders.check(flow);
    return this.findings;
  }

  // ---------------------------------------------------------------------------
  // Places and aliases

  placeOf(expr: TSESTree.Node): number | undefined {
    return this.inputs.places.of(expr, false);
  }

  groupOf(place: number): readonly number[] {
    return this.groups.get(place) ?? [place];
  }

  isTracked(place: number): boolean {
    return this.tracked.has(place);
  }

  isRefused(item: TransferItem): boolean {
    return this.refusedItems.has(item);
  }

  /**
   * The alias groups (see storage.ts) of the transferred places. A one-argument
   * `new Uint8Array(x)` views `x` when `x` is known to be a buffer: made as
   * one, or listed directly in a transfer list (only transferables go there).
   */
  private buildAliasGroups(moved: readonly TSESTree.Node[], listed: ReadonlySet<TSESTree.Node>): void {
    const { places, resolver, sends } = this.inputs;
    const { groups, sources } = storageGroups({
      resolver,
      places,
      variables: this.inputs.variables,
      isView: (source) => listed.has(source) || sends.isArrayBuffer(source),
    });
    for (const storage of moved) {
      const place = places.of(storage);
      if (place !== undefined) this.tracked.add(place);
    }
    for (const [place, group] of groups) {
      if (!group.some((member) => this.tracked.has(member))) continue;
      this.groups.set(place, group);
    }
    for (const group of this.groups.values()) for (const member of group) this.tracked.add(member);
    for (const [alias, source] of sources) if (this.tracked.has(alias)) this.aliasSources.set(alias, source);
  }

  /** What the value is, from how it was made (for the message's consequence). */
  kindOf(place: number): TransferableKind {
    const cached = this.kinds.get(place);
    if (cached) return cached;
    let kind: TransferableKind = 'unknown';
    const variable = this.inputs.places.info(place).variable;
    const value = variable && this.inputs.resolver.valueOfVariable(variable);
    if (value) {
      kind = kindOfValue(value.expr, value.path, this.inputs.resolver);
      if (kind === 'unknown' && value.path.length === 0 && this.inputs.sends.isArrayBuffer(value.expr)) kind = 'buffer';
    } else if (variable?.defs[0]?.type === 'Parameter' && this.inputs.sends.isArrayBuffer(variable.defs[0].name as TSESTree.Node)) {
      kind = 'buffer'; // a parameter typed `ArrayBuffer` (needs type information)
    }
    this.kinds.set(place, kind);
    return kind;
  }

  // ---------------------------------------------------------------------------
  // E0507: moving memory the code does not own

  private checkBorrowedMemory(item: TransferItem): void {
    if (!item.viaBuffer) return;
    const { resolver, places } = this.inputs;
    const value = resolver.resolveValue(item.storage);
    const node = value.expr;
    if (value.path.length !== 0) return;
    if (node.type === 'CallExpression') {
      const callee = resolver.qualifiedName(node.callee);
      const allocator = callee?.replace(/^(?:global|buffer):/, '');
      if (allocator && pooledAllocators.has(allocator) && mayBePooled(allocator, node, this.inputs.sends)) {
        this.findings.push({ kind: 'transferPooledBuffer', node: item.node, name: nameOf(item.storage, places), allocator, list: item.list });
        return;
      }
      if (node.callee.type === 'MemberExpression' && staticPropertyName(node.callee) === 'subarray') this.partialViews.add(item);
    }
    if (node.type === 'NewExpression' && node.arguments.length >= 2) {
      const callee = resolver.qualifiedName(node.callee);
      if (callee?.startsWith('global:') && typedArrayConstructors.has(callee.slice(7))) this.partialViews.add(item);
    }
  }

  // ---------------------------------------------------------------------------
  // Which functions need the dataflow, and function summaries

  private canMoveIn(flow: FunctionFlow): boolean {
    if (this.flowsWithTransfers.has(flow)) return true;
    return someStep(flow, (step) => {
      if (step.kind !== 'call') return false;
      if (this.coercion.of(step.node).some((hook) => this.summaryOf(hook.fn).transfers.length > 0)) return true;
      if (step.node.type !== 'CallExpression') return false;
      const callee = this.inputs.resolver.calledFunction(step.node);
      return (callee !== undefined ? this.summaryOf(callee) : this.imported.summaryOf(step.node)).transfers.length > 0;
    });
  }

  summaryOf(fn: FunctionNode): FunctionSummary {
    return this.summaries.get(fn, () => {
      const flow = this.inputs.recorded.flowOfNode.get(fn);
      let summary = emptySummary;
      if (flow && this.canMoveIn(flow)) {
        const solution = this.solve(flow);
        const exits = flow.codePath.returnedSegments.map((segment) => solution.outState(segment)).filter((s): s is OwnershipState => s !== undefined);
        if (exits.length > 0) {
          const atExit = exits.reduce(joinStates);
          const transfers: TransferSummary[] = [];
          intMapForEach(atExit.may, (place, fact) => {
            const param = paramIndex(fn, this.inputs.places.info(place).variable);
            if (param === undefined && !this.isOuter(place, fn)) return;
            transfers.push({ place: param === undefined ? place : undefined, param, moves: fact.moves, definite: intMapGet(atExit.must, place) === true });
          });
          summary = { transfers };
        }
      }
      return summary;
    });
  }

  private solve(flow: FunctionFlow): ForwardSolution<OwnershipState> {
    let solution = this.solutions.get(flow);
    if (!solution) {
      solution = solveForward(flow, this.problem);
      this.solutions.set(flow, solution);
      this.inputs.trace?.('ownership', flow, solution, (state) => describeOwnership(state, this.inputs.places));
    }
    return solution;
  }

  /** Outer places a function may assign (directly or through the functions it calls). */
  mayWriteOf(fn: FunctionNode): ReadonlySet<number> {
    return this.writes.get(fn, () => {
      const written = new Set<number>();
      const flow = this.inputs.recorded.flowOfNode.get(fn);
      forEachStep(flow ? [flow] : [], (step) => {
        const place = this.writtenPlace(step);
        if (place !== undefined && this.isOuter(place, fn)) written.add(place);
        if (step.kind === 'call' && step.node.type === 'CallExpression') {
          const callee = this.inputs.resolver.calledFunction(step.node);
          if (callee) for (const inner of this.mayWriteOf(callee)) written.add(inner);
        }
      });
      return written;
    });
  }

  /** Whether a place outlives a call of `fn`: rooted at a variable declared outside it, or at the `this` of its class. */
  isOuter(place: number, fn: FunctionNode): boolean {
    const { places } = this.inputs;
    let info = places.info(place);
    while (info.parent !== undefined) info = places.info(info.parent);
    if (info.variable) {
      const scopeNode = info.variable.scope.block as TSESTree.Node;
      return !contains(fn, scopeNode);
    }
    // `this`: shared with the caller when fn is a method (or an arrow inside one), not for a plain function's own `this`.
    return fn.type === 'ArrowFunctionExpression' || fn.parent?.type === 'MethodDefinition' || fn.parent?.type === 'PropertyDefinition';
  }

  /**
   * Outer places a function reads before it writes them on some path, with
   * the first such read: a must-written forward analysis over its code path.
   */
  exposedReadsOf(fn: FunctionNode): ExposedReads {
    return this.exposed.get(fn, () => {
      const flow = this.inputs.recorded.flowOfNode.get(fn);
      const reads = new Map<number, TSESTree.Node>();
      if (flow) {
        const written: ForwardProblem<IntMap<true>> = {
          entry: emptyIntMap,
          join: (a, b) => intMapIntersection(a, b, keep),
          equals: (a, b) => intMapEquals(a, b, () => true),
          transfer: (state, step) => {
            const wrote = this.writtenPlace(step);
            return wrote === undefined ? state : intMapSet(state, wrote, true);
          },
        };
        const solution = solveForward(flow, written);
        const noteRead = (state: IntMap<true>, place: number, node: TSESTree.Node): void => {
          if (!this.tracked.has(place) || intMapGet(state, place) || reads.has(place) || !this.isOuter(place, fn)) return;
          reads.set(place, node);
        };
        replayForward(flow, written, solution, (state, step) => {
          switch (step.kind) {
            case 'read':
            case 'member': {
              const place = this.placeOf(step.node);
              if (place !== undefined && !isIdentityOnlyUse(step.node)) noteRead(state, place, step.node);
              break;
            }
            case 'closure':
              for (const [place, node] of this.exposedReadsOf(step.node)) noteRead(state, place, node);
              break;
            case 'call': {
              const callee = step.node.type === 'CallExpression' ? this.inputs.resolver.calledFunction(step.node) : undefined;
              if (callee) for (const [place, node] of this.exposedReadsOf(callee)) noteRead(state, place, node);
              break;
            }
            default:
              break;
          }
        });
      }
      return reads;
    });
  }

  private writtenPlace(step: Step): number | undefined {
    if (step.kind === 'write') return this.inputs.places.ofVariable(step.variable, false);
    if (step.kind === 'memberWrite') return this.placeOf(step.node);
    return undefined;
  }

  // ---------------------------------------------------------------------------
  // The transfer function: states only (findings come from `diagnose`, over the solved states)

  private transfer(state: OwnershipState, step: Step): OwnershipState {
    switch (step.kind) {
      case 'read':
      case 'member': {
        if (state.may === null) return state;
        const place = this.placeOf(step.node);
        // After its last use a local is dead: its facts only make every later join bigger.
        return place !== undefined && step.kind === 'read' && this.liveness.isLastUse(step.variable, step.node) ? this.forget(state, place) : state;
      }
      case 'write': {
        const place = this.inputs.places.ofVariable(step.variable, false);
        if (place === undefined) return state;
        if (this.liveness.isLastUse(step.variable, step.node)) return this.forget(this.kill(state, place), place);
        const killed = this.kill(state, place);
        // An alias takes its source's state: it names the same memory.
        const source = this.aliasSources.get(place);
        const fact = source === undefined ? undefined : intMapGet(killed.may, source);
        if (!fact) return killed;
        return {
          may: intMapSet(killed.may, place, fact),
          must: intMapGet(killed.must, source!) ? intMapSet(killed.must, place, true) : killed.must,
        };
      }
      case 'memberWrite': {
        const place = this.placeOf(step.node);
        return place === undefined ? state : this.kill(state, place);
      }
      case 'call':
        return this.call(state, step.node);
      case 'scopeEnd': {
        // The block's bindings end: their facts would only ride around enclosing loops (and cost time there).
        if (state.may === null) return state;
        let next = state;
        for (const variable of this.liveness.blockVariables(step.node)) {
          const place = this.inputs.places.ofVariable(variable, false);
          if (place !== undefined) next = this.kill(next, place);
        }
        return next;
      }
      default:
        return state;
    }
  }

  /**
   * On the edge where a detach check failed, the value is still attached:
   * `if (buf.detached) buf = new ArrayBuffer(n);` leaves `buf` usable on
   * both edges, and `if (!view.byteLength) return;` guards what follows.
   */
  private refine(state: OwnershipState, from: CodePathSegment, to: CodePathSegment): OwnershipState {
    if (state.may === null) return state;
    const branch = branchOf(this.inputs.recorded, from, to);
    if (!branch) return state;
    const test = detachTest(branch.statement.test);
    if (!test) return state;
    const detached = branch.holds === test.whenTrue;
    if (detached) return state;
    const place = this.placeOf(test.subject);
    if (place === undefined || intMapGet(state.may, place) === undefined) return state;
    let next = state;
    for (const member of this.groupOf(place)) next = this.kill(next, member);
    return next;
  }

  /** Drop a dead variable's own facts (its member paths may still be read: `message.data` after `message`). */
  private forget(state: OwnershipState, place: number): OwnershipState {
    if (state.may === null) return state;
    const may = intMapDelete(state.may, place);
    const must = intMapDelete(state.must, place);
    return may === state.may && must === state.must ? state : { may, must };
  }

  private kill(state: OwnershipState, place: number): OwnershipState {
    if (state.may === null) return state;
    let may: IntMap<MoveFact> = state.may;
    let must: IntMap<true> = state.must;
    for (const killed of [place, ...this.inputs.places.descendants(place)]) {
      may = intMapDelete(may, killed);
      must = intMapDelete(must, killed);
    }
    return may === state.may && must === state.must ? state : { may, must };
  }

  private move(state: OwnershipState, place: number, moves: readonly Move[], definite: boolean): OwnershipState {
    let { may, must } = state;
    const fact: MoveFact = this.factFor(moves);
    for (const member of this.groupOf(place)) {
      may = intMapSet(may, member, fact);
      must = definite ? intMapSet(must, member, true) : intMapDelete(must, member);
    }
    return { may, must };
  }

  private readonly facts = new Map<readonly Move[], MoveFact>();
  private readonly movesThrough = new Map<string, Move>();

  /** The move a call makes through a callee's transfer, one object per (call, transfer) so states stay comparable. */
  private moveThrough(inner: Move, call: CallNode, place: number, argument: TSESTree.Node | undefined, hook?: CoercionHook): Move {
    const origin = inner.imported ? `${inner.imported.file}:${inner.imported.line}:${inner.imported.param}` : rangeKey(inner.item.node);
    const key = `${rangeKey(call)}:${origin}:${place}${hook ? `:${hook.label}` : ''}`;
    let move = this.movesThrough.get(key);
    if (!move) {
      const viaCall = hook
        ? { call, callee: hook.label, argument, coercion: { hook: hook.fn } }
        : (inner.viaCall ?? { call, callee: calleeLabel(call, 'the called function'), argument });
      move = inner.imported ? { place, viaCall, imported: inner.imported } : { site: inner.site, item: inner.item, place, viaCall };
      this.movesThrough.set(key, move);
    }
    return move;
  }

  private factFor(moves: readonly Move[]): MoveFact {
    const key = moves.length === 1 ? moves[0]! : undefined;
    const cacheKey = key ? (this.singleFacts.get(key) ?? (this.singleFacts.set(key, { moves: [key] }), this.singleFacts.get(key)!)) : undefined;
    if (cacheKey) return cacheKey;
    let fact = this.facts.get(moves);
    if (!fact) {
      fact = { moves };
      this.facts.set(moves, fact);
    }
    return fact;
  }

  private readonly singleFacts = new Map<Move, MoveFact>();

  private call(state: OwnershipState, call: CallNode): OwnershipState {
    let next = this.movedByCoercion(this.movedBySends(state, call), call);
    if (call.type === 'CallExpression') {
      const callee = this.inputs.resolver.calledFunction(call);
      const summary = callee ? this.summaryOf(callee) : this.imported.summaryOf(call);
      for (const transfer of summary.transfers) {
        // The caller's argument gets a place here if nothing made one before: `ship(worker, frame)`.
        const argument = transfer.param !== undefined ? call.arguments[transfer.param] : undefined;
        const place = transfer.param !== undefined ? argumentPlace(call, transfer.param, this.inputs.places) : transfer.place;
        if (place === undefined) continue;
        this.tracked.add(place);
        next = this.move(
          next,
          place,
          transfer.moves.map((move) => this.moveThrough(move, call, place, argument)),
          transfer.definite,
        );
      }
    }
    return next;
  }

  /**
   * The state after the coercion hooks a call runs on its arguments: what
   * `start.valueOf()` transfers of the values it closes over has moved once
   * `view.subarray(start)` has converted `start`.
   */
  movedByCoercion(state: OwnershipState, call: CallNode): OwnershipState {
    let next = state;
    for (const hook of this.coercion.of(call)) {
      for (const transfer of this.summaryOf(hook.fn).transfers) {
        if (transfer.place === undefined) continue; // a hook is called with no arguments of the caller's
        this.tracked.add(transfer.place);
        const moves = transfer.moves.map((move) => this.moveThrough(move, call, transfer.place!, hook.argument, hook));
        next = this.move(next, transfer.place, moves, transfer.definite);
      }
    }
    return next;
  }

  /**
   * The state after the transfers a call makes itself (`postMessage(m, [buf])`),
   * calling `beforeEach` with the state before each one: a second transfer
   * of a place in one list (`[buf, buf]`) sees the first.
   */
  movedBySends(state: OwnershipState, call: CallNode, beforeEach?: (state: OwnershipState, place: number, move: LocalMove) => void): OwnershipState {
    // A method call or passing an object may reassign its member paths: `this.reset()`, `refill(msg)`.
    let next = this.forgetPathsTouchedBy(state, call);
    for (const site of this.inputs.sends.effectsAt(call)) {
      for (const item of site.items) {
        if (this.refusedItems.has(item)) continue;
        const place = this.placeOf(item.storage);
        if (place === undefined) continue;
        let move = this.moves.get(item);
        if (!move) {
          move = { site, item, place };
          this.moves.set(item, move);
        }
        beforeEach?.(next, place, move);
        next = this.move(next, place, [move], true);
      }
    }
    return next;
  }

  /**
   * A call may assign member paths of the objects it is given: `this.reset()`
   * may set `this.buf`, `refill(msg)` may set `msg.payload`. A function of
   * this file tells us what it writes; for any other call, moved member paths
   * under its receiver and arguments are forgotten (precision over recall).
   */
  private forgetPathsTouchedBy(state: OwnershipState, call: CallNode): OwnershipState {
    if (state.may === null) return state;
    let next = state;
    const local = call.type === 'CallExpression' ? this.inputs.resolver.calledFunction(call) : undefined;
    const touched: TSESTree.Node[] = [...call.arguments];
    const callee = skipWrappers(call.callee);
    if (local) {
      for (const place of this.mayWriteOf(local)) next = this.kill(next, place);
    } else if (callee.type === 'MemberExpression') {
      touched.push(callee.object);
    }
    for (const expr of touched) {
      const node = skipWrappers(expr);
      if (node.type !== 'Identifier' && node.type !== 'ThisExpression' && node.type !== 'MemberExpression') continue;
      const place = this.placeOf(node);
      if (place === undefined) continue;
      for (const child of this.inputs.places.children(place)) next = this.kill(next, child);
    }
    return next;
  }
}
