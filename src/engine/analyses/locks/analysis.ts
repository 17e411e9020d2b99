/**
 * Locks: what is held where (lockdep and Rust's MutexGuard, statically).
 *
 * Identification follows the lock model (model/locks.ts): a receiver is a
 * lock when the file creates it from a lock class (through const bindings
 * and fields assigned once), wraps one (`withTimeout`, `tryAcquire`), calls a
 * method only locks have (`acquireAsync`, `runExclusive`), the type checker
 * says so, or, for a plain `acquire()`, the receiver is named like a lock
 * (`mutex`, `this.writeLock`; never `pool`). Web Locks and `Atomics.Mutex`
 * are known by their qualified names.
 *
 * A lock's identity is its class in lockdep's sense: a field of a class
 * (`Bank.accounts`, for every method of `Bank`), a module-level binding, an
 * import, a Web Lock name, or, local to one function, a parameter or a local.
 *
 * One forward dataflow per function tracks the locks held at every point.
 * It yields acquired-before edges and re-entrant acquisitions (through calls,
 * by function summaries; a callback of `runExclusive`/`locks.request` starts
 * with its lock held) for consistent-lock-order, and the paths that leave an
 * explicit acquisition held for require-lock-release. Functions imported from
 * local modules acquire what their module summaries say (imported.ts).
 */
import { describeHeld, preferFact, type HeldFact, type HeldState } from './state';
import { calleeLabel, contains, enclosingFlowNode, isFunctionNode, skipWrappers, type FunctionNode } from '../../facts/ast';
import type { FunctionLockSummary, LockAcquired, LockAnalysis, LockFinding, OrderEdgeSite, ThroughCall } from './findings';
import { ImportedLocks, importedFunctionName, ParameterRuns, type ImportedFunctionName } from './imported';
import { declaredWithUsing, enclosingStatementOf, insideCatch, isUsing, ordersParameters, usingIn } from './shapes';
import type { TSESTree } from '@typescript-eslint/utils';
import { emptyIntMap, intMapDelete, intMapEquals, intMapForEach, intMapGet, intMapSet, intMapUnion } from '../../../util/int-map';
import { isShareable, type Acquisition, type LockRef } from '../../classify/locks';
import type { CallNode } from '../../classify/sends';
import type { CodePathSegment } from '../../core/code-path';
import { replayForward, solveForward, type ForwardProblem } from '../../core/dataflow';
import { branchOf, someStep, type FunctionFlow, type Step } from '../../core/flow';
import { escapeOf } from '../../facts/escape';
import { SummaryMemo } from '../../core/summary-memo';
import type { EngineInputs } from '../../inputs';
import { LockGraph } from './graph';
import { findMisuses } from './misuse';

export type { FunctionLockSummary, LockAnalysis, LockFinding, OrderEdgeSite, ThroughCall } from './findings';

export { isLockishName, isShareable, type Acquisition, type AcquisitionForm, type LockRef, type Release } from '../../classify/locks';

export type LockInputs = Pick<EngineInputs, 'recorded' | 'lockClassifier' | 'resolver' | 'places' | 'declaredVariables' | 'trace'> &
  Partial<Pick<EngineInputs, 'imports'>>;

export function analyzeLocks(inputs: LockInputs): LockAnalysis {
  return new LockAnalyzer(inputs).run();
}

interface FunctionResult {
  readonly summary: FunctionLockSummary;
}

class LockAnalyzer {
  private readonly lockIds = new Map<string, number>();
  private readonly lockById: LockRef[] = [];
  private readonly results = new SummaryMemo<FunctionFlow, FunctionResult>(() => ({ summary: emptySummary }));
  private readonly edges: OrderEdgeSite[] = [];
  private readonly findings: LockFinding[] = [];
  private readonly reported = new Set<string>();
  private readonly heldFacts = new Map<string, HeldFact>();
  private readonly graph = new LockGraph<OrderEdgeSite>();
  private readonly summaries = new Map<FunctionNode, FunctionLockSummary>();
  private readonly heldAt = new Map<TSESTree.Node, LockRef[]>();
  private readonly imported: ImportedLocks;
  private readonly runs: ParameterRuns;

  constructor(private readonly inputs: LockInputs) {
    this.imported = new ImportedLocks(inputs.imports, () => inputs.lockClassifier.allAcquisitions());
    this.runs = new ParameterRuns(inputs.resolver);
  }

  run(): LockAnalysis {
    const { recorded, lockClassifier } = this.inputs;
    if (lockClassifier.acquiresAny) {
      // Only functions that take, release or run under a lock, or call one that does (summaries are computed on demand).
      for (const flow of recorded.flows) if (this.touchesLocks(flow)) this.resultOf(flow);
      for (const edge of this.edges) this.graph.add({ from: edge.held.lock.key, to: edge.acquired.key, site: edge });
      const misuseInputs = { variableOf: (id: TSESTree.Identifier) => this.inputs.resolver.variableOf(id), releaseWithin: this.releaseWithin.bind(this) };
      this.findings.push(...findMisuses(lockClassifier.allAcquisitions(), misuseInputs));
    }
    return {
      acquisitions: lockClassifier.allAcquisitions(),
      edges: this.edges,
      findings: this.findings,
      graph: this.graph,
      summaries: this.summaries,
      heldAt: this.heldAt,
      summaryOf: (fn) => this.summaryOfFunction(fn),
      parameterRuns: (fn) => this.runs.of(fn),
      identityOf: (expr) => lockClassifier.identityOf(expr),
    };
  }

  private touchesLocks(flow: FunctionFlow): boolean {
    if (this.inputs.lockClassifier.scopedAcquisitionOf(flow.node) !== undefined || this.imported.callbackAcquisitions(flow.node).length > 0) return true;
    return someStep(flow, (step) => {
      if (step.kind !== 'call') return false;
      if (this.inputs.lockClassifier.acquisitionAt(step.node) || this.inputs.lockClassifier.releaseAt(step.node)) return true;
      if (step.node.type !== 'CallExpression') return false;
      const callee = this.inputs.resolver.calledFunction(step.node);
      if (callee !== undefined) return this.summaryOfFunction(callee).acquires.size > 0;
      return this.imported.at(step.node).length > 0;
    });
  }

  // ---------------------------------------------------------------------------
  // Identification

  private lockId(lock: LockRef): number {
    let id = this.lockIds.get(lock.key);
    if (id === undefined) {
      id = this.lockById.length;
      this.lockIds.set(lock.key, id);
      this.lockById.push(lock);
    }
    return id;
  }

  // ---------------------------------------------------------------------------
  // Functions: summaries and the held-lock dataflow

  private resultOf(flow: FunctionFlow): FunctionResult {
    return this.results.get(flow, () => {
      const result = this.analyzeFlow(flow);
      if (isFunctionNode(flow.node)) this.summaries.set(flow.node, result.summary);
      return result;
    });
  }

  private summaryOfFunction(fn: FunctionNode): FunctionLockSummary {
    const flow = this.inputs.recorded.flowOfNode.get(fn);
    return flow ? this.resultOf(flow).summary : emptySummary;
  }

  private heldFact(acquisition: Acquisition, exit: TSESTree.Node | undefined): HeldFact {
    // The lock too: the locks an imported function runs a callback under are acquisitions of one call.
    const key = `${acquisition.node.range[0]}:${acquisition.lock.key}:${exit?.range[0] ?? ''}`;
    let fact = this.heldFacts.get(key);
    if (!fact) {
      fact = { acquisition, exit };
      this.heldFacts.set(key, fact);
    }
    return fact;
  }

  private analyzeFlow(flow: FunctionFlow): FunctionResult {
    // A callback of `m.runExclusive(cb)`, or one an imported function runs holding locks (`withDb(async () => ...)`).
    const scoped = this.inputs.lockClassifier.scopedAcquisitionOf(flow.node);
    const entered = scoped ? [scoped] : this.imported.callbackAcquisitions(flow.node);
    let entry: HeldState = emptyIntMap;
    for (const acquisition of entered) entry = intMapSet(entry, this.lockId(acquisition.lock), this.heldFact(acquisition, undefined));
    const acquires = new Map<string, LockAcquired>();
    const releases = new Set<string>();
    const externalCalls: Array<{ held: LockRef[]; callee: ImportedFunctionName; node: TSESTree.Node }> = [];
    const releasesOf = new Map<Acquisition, TSESTree.Node[]>();
    const throwingWork = new Map<Acquisition, TSESTree.Node>();

    const problem: ForwardProblem<HeldState> = {
      entry,
      join: (a, b) => intMapUnion(a, b, preferFact),
      equals: (a, b) => intMapEquals(a, b, (x, y) => x === y),
      transfer: (state, step) => this.transfer(state, step),
      edge: (state, from, to) => this.refine(state, from, to),
      exceptionalTargets: this.inputs.recorded.catchStarts,
      throws: (step) => step.kind === 'call' || step.kind === 'await',
    };
    const solution = solveForward(flow, problem);
    this.inputs.trace?.('locks', flow, solution, describeHeld);

    const visit = (state: HeldState, step: Step): void => {
      this.diagnose(state, step);
      if (state !== null && (step.kind === 'member' || step.kind === 'memberWrite' || step.kind === 'call' || step.kind === 'read' || step.kind === 'write')) {
        const held: LockRef[] = [];
        intMapForEach(state, (_, fact) => held.push(fact.acquisition.lock));
        this.heldAt.set(step.node, held);
      }
      if (step.kind === 'call') {
        const acquisition = this.inputs.lockClassifier.acquisitionAt(step.node);
        if (acquisition && acquisition.waits && !acquisition.floats && isShareable(acquisition.lock)) {
          if (!acquires.has(acquisition.lock.key)) acquires.set(acquisition.lock.key, { lock: acquisition.lock, node: step.node, shared: acquisition.shared });
          if (acquisition.callback) {
            const inner = this.callbackSummary(acquisition.callback);
            for (const [key, value] of inner?.acquires ?? []) if (!acquires.has(key)) acquires.set(key, value);
            // `export function withDb(fn) { return dbLock.runExclusive(fn); }`: fn runs holding dbLock.
            if (acquisition.form === 'scoped')
              this.noteParameterRun(acquisition.callback, state, [{ lock: acquisition.lock, node: step.node, shared: acquisition.shared }]);
          }
        }
        const release = this.inputs.lockClassifier.releaseAt(step.node);
        if (release) {
          if (isShareable(release.lock)) releases.add(release.lock.key);
          const held = intMapGet(state, this.lockId(release.lock));
          if (held) {
            const list = releasesOf.get(held.acquisition);
            if (list) list.push(step.node);
            else releasesOf.set(held.acquisition, [step.node]);
          }
        }
        if (step.node.type === 'CallExpression') {
          // `const release = await m.acquire(); try { return await fn(); } finally { release(); }`: fn runs holding m.
          if (!acquisition && !release) this.noteParameterRun(step.node.callee, state, []);
          const callee = this.inputs.resolver.calledFunction(step.node);
          if (callee) {
            const summary = this.summaryOfFunction(callee);
            for (const [key, value] of summary.acquires) if (!acquires.has(key)) acquires.set(key, value);
          } else if (!acquisition && !release) {
            // `withDb(work)` imported: what it acquires there, this function acquires (for callers here and importers).
            for (const value of this.imported.at(step.node)) if (!acquires.has(value.lock.key)) acquires.set(value.lock.key, value);
            for (const run of this.imported.callbacksAt(step.node)) {
              const argument = step.node.arguments[run.param];
              // `withDb(async () => cache.runExclusive(...))`: what the callback acquires, this function does.
              for (const [key, value] of (argument && this.callbackSummary(argument)?.acquires) ?? []) if (!acquires.has(key)) acquires.set(key, value);
              // `export function viaDb(fn) { return withDb(fn); }`: fn runs holding what withDb holds.
              if (argument) this.noteParameterRun(argument, state, run.locks);
            }
            const imported = state !== null ? importedFunctionName(this.inputs.resolver, step.node) : undefined;
            if (imported) {
              const held: LockRef[] = [];
              intMapForEach(state, (_, fact) => {
                if (isShareable(fact.acquisition.lock)) held.push(fact.acquisition.lock);
              });
              if (held.length > 0) externalCalls.push({ held, callee: imported, node: step.node });
            }
          }
        }
      }
      // Work that can throw while an explicit lock is held, outside any try that releases it.
      if ((step.kind === 'call' || step.kind === 'await') && state !== null) {
        intMapForEach(state, (_, fact) => {
          const acquisition = fact.acquisition;
          if (acquisition.form === 'scoped' || throwingWork.has(acquisition) || declaredWithUsing(acquisition)) return;
          if (step.node === acquisition.node || step.node === acquisition.completes) return;
          // Releases, and acquisitions of other locks (they reject only when cancelled or timed out on purpose).
          if (
            step.kind === 'call' &&
            (this.inputs.lockClassifier.releaseAt(step.node) ||
              this.inputs.lockClassifier.acquisitionAt(step.node) ||
              this.callReleases(step.node, acquisition))
          )
            return;
          // `items.find(...)`, `deferred.resolve(x)`: calls that do not throw are not the work to name.
          if (step.kind === 'call' && !this.inputs.lockClassifier.mayThrow(step.node)) return;
          if (step.kind === 'await' && step.node.argument.type === 'CallExpression' && this.inputs.lockClassifier.acquisitionAt(step.node.argument)) return;
          // `job.run().finally(release)`: the statement that hands the releaser off.
          const statement = enclosingStatementOf(step.node);
          if (statement && this.releasesWithin(statement, acquisition)) return;
          if (!this.protectedByTry(step.node, acquisition, flow)) throwingWork.set(acquisition, step.node);
        });
      }
    };
    replayForward(flow, problem, solution, visit);

    // Exits that leave an explicit acquisition held.
    const leaks = new Map<Acquisition, { segment: CodePathSegment; fact: HeldFact; thrown: boolean }>();
    const collect = (segments: readonly CodePathSegment[], thrown: boolean): void => {
      for (const segment of segments) {
        const state = solution.outState(segment);
        intMapForEach(state ?? null, (_, fact) => {
          const acquisition = fact.acquisition;
          if (acquisition.form === 'scoped' || !contains(flow.node, acquisition.node) || entered.includes(acquisition)) return;
          if (!leaks.has(acquisition)) leaks.set(acquisition, { segment, fact, thrown });
        });
      }
    };
    collect(flow.codePath.returnedSegments, false);
    collect(flow.codePath.thrownSegments, true);

    const reportedHere = new Set<Acquisition>();
    for (const [acquisition, leak] of leaks) {
      reportedHere.add(acquisition);
      const releasesHere = releasesOf.get(acquisition) ?? [];
      const cause = this.leakCause(acquisition, leak.fact, releasesHere, flow, leak.thrown);
      this.report(`release:${acquisition.node.range[0]}`, { kind: 'notReleased', acquisition, cause, releases: releasesHere });
    }
    for (const [acquisition, work] of throwingWork) {
      if (reportedHere.has(acquisition) || (acquisition.form === 'token' && acquisition.discarded)) continue;
      this.report(`release:${acquisition.node.range[0]}`, {
        kind: 'notReleased',
        acquisition,
        cause: { kind: 'throws', work },
        releases: releasesOf.get(acquisition) ?? [],
      });
    }

    return { summary: { acquires, releases, externalCalls } };
  }

  /** A parameter run while holding `locks` and whatever is held here (ParameterRuns). */
  private noteParameterRun(argument: TSESTree.Node, state: HeldState, locks: readonly LockAcquired[]): void {
    const held: LockAcquired[] = [];
    intMapForEach(state, (_, { acquisition: { lock, node, shared } }) => {
      if (isShareable(lock)) held.push({ lock, node, shared });
    });
    this.runs.note(argument, [...held, ...locks]);
  }

  private callbackSummary(callback: TSESTree.Node): FunctionLockSummary | undefined {
    const node = skipWrappers(callback);
    if (isFunctionNode(node)) return this.summaryOfFunction(node);
    const fn = node.type === 'Identifier' || node.type === 'MemberExpression' ? this.inputs.resolver.resolveValue(node).expr : undefined;
    return fn && isFunctionNode(fn) ? this.summaryOfFunction(fn) : undefined;
  }

  private leakCause(
    acquisition: Acquisition,
    fact: HeldFact,
    releasesHere: readonly TSESTree.Node[],
    flow: FunctionFlow,
    thrown: boolean,
  ): Extract<LockFinding, { kind: 'notReleased' }>['cause'] {
    const anyRelease = releasesHere.length > 0 || this.hasReleaseIn(flow, acquisition);
    if (!anyRelease && acquisition.discarded) return { kind: 'discarded' };
    if (releasesHere.length > 0 && releasesHere.every((release) => insideCatch(release, flow.node))) return { kind: 'onlyInCatch', release: releasesHere[0]! };
    if (fact.exit) return { kind: 'exit', exit: fact.exit };
    const end = thrown ? flow.node : flow.node;
    return { kind: 'end', end, returns: !thrown };
  }

  private hasReleaseIn(flow: FunctionFlow, acquisition: Acquisition): boolean {
    return someStep(flow, (step) => this.releasesLock(step, acquisition));
  }

  /** `release()`, `m.release()`: a step that releases this acquisition's lock. */
  private releasesLock(step: Step, acquisition: Acquisition): boolean {
    return step.kind === 'call' && this.inputs.lockClassifier.releaseAt(step.node)?.lock.key === acquisition.lock.key;
  }

  /**
   * Whether an exception thrown at `node` reaches a release of the lock: the
   * node sits in the block (or the catch) of a `try` whose `finally` releases
   * it, or in the block of a `try` whose `catch` releases it and rethrows.
   */
  private protectedByTry(node: TSESTree.Node, acquisition: Acquisition, flow: FunctionFlow): boolean {
    let child: TSESTree.Node = node;
    let parent = node.parent;
    while (parent && parent !== flow.node) {
      if (parent.type === 'TryStatement') {
        // Inside the cleanup itself: it runs on every path already.
        if (parent.finalizer && this.releasesWithin(parent.finalizer, acquisition)) return true;
        if (child === parent.block && parent.handler && this.releasesWithin(parent.handler.body, acquisition)) return true;
      }
      child = parent;
      parent = parent.parent;
    }
    return false;
  }

  /** Whether a block contains a release of this acquisition's lock (in its own code, not in nested functions). */
  private releasesWithin(block: TSESTree.Node, acquisition: Acquisition): boolean {
    return this.releaseWithin(block, acquisition) !== undefined;
  }

  private releaseWithin(block: TSESTree.Node, acquisition: Acquisition): TSESTree.Node | undefined {
    const flow = this.inputs.recorded.flowOfNode.get(enclosingFlowNode(block));
    let found: TSESTree.Node | undefined;
    return flow !== undefined &&
      someStep(flow, (step) => {
        if (step.kind !== 'call' || !contains(block, step.node)) return false;
        found = step.node;
        if (this.releasesLock(step, acquisition)) return true;
        // A release handed to something else inside the block: `finally(release)`.
        return step.node.arguments.some((argument) => {
          const place = this.inputs.places.of(argument, false);
          return place !== undefined && this.inputs.lockClassifier.acquisitionOfReleaser(place) === acquisition;
        });
      })
      ? found
      : undefined;
  }

  /** `if (lock.tryAcquire()) { ... }`: on the edge where the try failed, the lock is not held. */
  private refine(state: HeldState, from: CodePathSegment, to: CodePathSegment): HeldState {
    if (state === null) return state;
    const branch = branchOf(this.inputs.recorded, from, to);
    if (!branch) return state;
    let test = skipWrappers(branch.statement.test);
    let holdsWhenTrue = true;
    while (test.type === 'UnaryExpression' && test.operator === '!') {
      holdsWhenTrue = !holdsWhenTrue;
      test = skipWrappers(test.argument);
    }
    if (test.type === 'AwaitExpression') test = skipWrappers(test.argument);
    if (test.type !== 'CallExpression') return state;
    const acquisition = this.inputs.lockClassifier.acquisitionAt(test);
    if (!acquisition || acquisition.waits || acquisition.form !== 'explicit') return state;
    return branch.holds === holdsWhenTrue ? state : intMapDelete(state, this.lockId(acquisition.lock));
  }

  // ---------------------------------------------------------------------------
  // The transfer function: states only (findings come from `diagnose`, over the solved states)

  private transfer(state: HeldState, step: Step): HeldState {
    switch (step.kind) {
      case 'call':
        return this.call(state, step.node);
      case 'await': {
        // `await m.acquire()` completes here; a thread-blocking lock held across an await stalls other threads.
        let next = state;
        const awaited = skipWrappers(step.node.argument);
        if (awaited.type === 'CallExpression') {
          const acquisition = this.inputs.lockClassifier.acquisitionAt(awaited);
          if (acquisition && acquisition.form === 'explicit' && acquisition.completes === step.node) next = this.acquire(next, acquisition);
        }
        return next;
      }
      case 'read':
      case 'member': {
        // A releaser handed off (`finally(release)`, `return release`, `this.release = release`) releases as far as we can tell.
        const place = this.inputs.places.of(step.node, false);
        const acquisition = place === undefined ? undefined : this.inputs.lockClassifier.acquisitionOfReleaser(place);
        if (!acquisition || !escapeOf(step.node)) return state;
        return intMapDelete(state, this.lockId(acquisition.lock));
      }
      case 'closure': {
        // A function created here that releases (`promise.then(() => release())`).
        let next = state;
        intMapForEach(state, (id, fact) => {
          if (this.closureReleases(step.node, fact.acquisition)) next = intMapDelete(next, id);
        });
        return next;
      }
      case 'exit': {
        if (state === null) return state;
        let next = state;
        intMapForEach(state, (id, fact) => {
          if (!fact.exit && fact.acquisition.form !== 'scoped') next = intMapSet(next, id, this.heldFact(fact.acquisition, step.node));
        });
        return next;
      }
      case 'scopeEnd': {
        // `using token = Atomics.Mutex.lock(m)`: unlocked when its block ends.
        let next = state;
        intMapForEach(state, (id, fact) => {
          if (fact.acquisition.form === 'token' && usingIn(fact.acquisition, step.node)) next = intMapDelete(next, id);
        });
        return next;
      }
      default:
        return state;
    }
  }

  /** A call of a function of the file that releases the lock (`this.unlock()`). */
  private callReleases(call: CallNode, acquisition: Acquisition): boolean {
    if (call.type !== 'CallExpression') return false;
    const callee = this.inputs.resolver.calledFunction(call);
    return callee !== undefined && this.summaryOfFunction(callee).releases.has(acquisition.lock.key);
  }

  private closureReleases(closure: TSESTree.Node, acquisition: Acquisition): boolean {
    const flow = this.inputs.recorded.flowOfNode.get(closure);
    return flow !== undefined && someStep(flow, (step) => this.releasesLock(step, acquisition));
  }

  private acquire(state: HeldState, acquisition: Acquisition): HeldState {
    const id = this.lockId(acquisition.lock);
    // `this.release = await m.acquire()`, `return lock.acquireAsync()`: whoever gets it releases it.
    const escape = escapeOf(acquisition.completes);
    if ((escape || acquisition.handedOn) && acquisition.form !== 'scoped') return state;
    if (
      acquisition.form === 'scoped' ||
      (acquisition.form === 'token' && acquisition.completes.parent?.type === 'VariableDeclarator' && isUsing(acquisition.completes.parent))
    ) {
      return acquisition.form === 'token' ? intMapSet(state, id, this.heldFact(acquisition, undefined)) : state;
    }
    return intMapSet(state, id, this.heldFact(acquisition, undefined));
  }

  /** Edges from every held lock to `lock`, and re-entrancy when `lock` is itself held. */
  private noteAcquisition(state: HeldState, lock: LockRef, node: TSESTree.Node, waits: boolean, shared: boolean, through: ThroughCall | undefined): void {
    if (!waits) return;
    intMapForEach(state, (_, fact) => {
      const held = fact.acquisition;
      if (held.lock.key === lock.key) {
        if (!lock.reentrant && !(shared && held.shared)) {
          this.report(`reentrant:${node.range[0]}:${lock.key}`, { kind: 'reentrant', node, lock, held, ...(through ? { through } : {}) });
        }
        return;
      }
      const edge: OrderEdgeSite = { node, held, acquired: lock, shared: shared && held.shared, ...(through ? { through } : {}) };
      this.edges.push(edge);
      if (
        !through &&
        held.lock.parameter &&
        lock.parameter &&
        held.lock.parameter.fn === lock.parameter.fn &&
        held.lock.parameter.index !== lock.parameter.index &&
        held.lock.parameter.path === lock.parameter.path
      ) {
        if (!ordersParameters(lock.parameter.fn, held.lock.parameter.index, lock.parameter.index, this.inputs.declaredVariables)) {
          this.report(`argorder:${node.range[0]}`, { kind: 'argumentOrder', node, first: held.lock, second: lock, held });
        }
      }
    });
  }

  private call(state: HeldState, call: CallNode): HeldState {
    let next = state;
    const release = this.inputs.lockClassifier.releaseAt(call);
    if (release) next = intMapDelete(next, this.lockId(release.lock));

    const acquisition = this.inputs.lockClassifier.acquisitionAt(call);
    if (acquisition && acquisition.form !== 'scoped' && acquisition.completes === call) next = this.acquire(next, acquisition);

    if (call.type === 'CallExpression' && !acquisition && !release) {
      const callee = this.inputs.resolver.calledFunction(call);
      if (callee) {
        for (const key of this.summaryOfFunction(callee).releases) {
          const id = this.lockIds.get(key);
          if (id !== undefined) next = intMapDelete(next, id);
        }
      }
    }
    return next;
  }

  // ---------------------------------------------------------------------------
  // Diagnosis: what a step means given the solved state before it

  /**
   * Order edges, re-entrant acquisitions and thread-blocking locks held
   * across `await`, for one step, given the state just before it (on the
   * replay over the fixpoint's states, never during the iterations).
   */
  private diagnose(before: HeldState, step: Step): void {
    if (step.kind === 'await') {
      const awaited = skipWrappers(step.node.argument);
      if (awaited.type === 'CallExpression') {
        const acquisition = this.inputs.lockClassifier.acquisitionAt(awaited);
        if (acquisition && acquisition.form === 'explicit' && acquisition.completes === step.node) {
          this.noteAcquisition(before, acquisition.lock, acquisition.node, acquisition.waits, acquisition.shared, undefined);
        }
      }
      intMapForEach(before, (_, fact) => {
        if (fact.acquisition.lock.blocksThread && fact.acquisition.form !== 'scoped') {
          this.report(`await:${step.node.range[0]}:${fact.acquisition.node.range[0]}`, {
            kind: 'heldAcrossAwait',
            node: step.node,
            acquisition: fact.acquisition,
          });
        }
      });
      return;
    }
    if (step.kind !== 'call') return;
    const call = step.node;
    const release = this.inputs.lockClassifier.releaseAt(call);
    // Locks released by this call are not held when it acquires (`release(); m2.acquire()` in one expression).
    const held = release ? intMapDelete(before, this.lockId(release.lock)) : before;
    const acquisition = this.inputs.lockClassifier.acquisitionAt(call);
    if (acquisition) {
      if (acquisition.form === 'scoped') {
        // A request nobody waits for is queued behind the locks held here: no edge, no deadlock.
        if (acquisition.floats) return;
        this.noteAcquisition(held, acquisition.lock, call, acquisition.waits, acquisition.shared, undefined);
        // Locks the callback acquires are nested in this one, and in everything held here.
        const inner = acquisition.callback && this.callbackSummary(acquisition.callback);
        for (const [, acquired] of inner?.acquires ?? []) {
          this.noteAcquisition(held, acquired.lock, call, true, acquired.shared, { callee: 'the callback', node: acquired.node });
        }
      } else if (acquisition.completes === call) {
        this.noteAcquisition(held, acquisition.lock, acquisition.node, acquisition.waits, acquisition.shared, undefined);
      }
      return;
    }
    if (call.type === 'CallExpression' && !release) {
      const callee = this.inputs.resolver.calledFunction(call);
      if (!callee) {
        // `withDb(work)` imported from './db-lock': the locks it takes there, named with their file and line.
        for (const acquired of this.imported.at(call)) {
          const through = { callee: calleeLabel(call, 'a function'), node: call, where: acquired.at!.where };
          this.noteAcquisition(held, acquired.lock, call, true, acquired.shared, through);
        }
        // Locks a callback it runs holding its own locks acquires are nested in everything held here, as for `runExclusive`.
        for (const run of this.imported.callbacksAt(call)) {
          const argument = call.arguments[run.param];
          for (const [, acquired] of (argument && this.callbackSummary(argument)?.acquires) ?? []) {
            this.noteAcquisition(held, acquired.lock, call, true, acquired.shared, { callee: 'the callback', node: acquired.node });
          }
        }
        return;
      }
      for (const [, acquired] of this.summaryOfFunction(callee).acquires) {
        this.noteAcquisition(held, acquired.lock, call, true, acquired.shared, { callee: calleeLabel(call, 'a function'), node: acquired.node });
      }
    }
  }

  private report(key: string, finding: LockFinding): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.findings.push(finding);
  }
}

const emptySummary: FunctionLockSummary = { acquires: new Map(), releases: new Set(), externalCalls: [] };
