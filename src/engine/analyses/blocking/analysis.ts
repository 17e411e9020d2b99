/**
 * Blocking waits where they throw or never wake (Rust: `std::thread::sleep` or
 * a blocking `Mutex::lock` inside a tokio task; Infer's starvation check).
 *
 * Facts of the file and of each wait, no dataflow: where and when code runs
 * does not change along a path.
 * - the wait runs on a browser's main thread, where `Atomics.wait` throws
 *   TypeError: `settings.fearless.threads` declares the file `main`, or it
 *   reads a member of `document` or `window` outside an environment probe
 *   (in a file that also shows code for a worker or for Node, only a read in
 *   the wait's own function counts: such bundles run each part on its thread);
 * - the wait's wake-up depends on this thread's own event loop: every call in
 *   the file that would wake it (`Atomics.notify` of the same cell; for a
 *   timed wait, a write of it too) runs later on this thread, in a handler, a
 *   timer or promise callback, or after an `await`, and none runs elsewhere.
 *   The thread cannot run them while it sleeps: the wait never returns, or
 *   only times out.
 * A wait whose wake-up comes from another thread (no waker in this file, or
 * one in code of unknown timing) blocks by design: a dedicated worker's loop,
 * Node's main thread waiting for a worker (synckit, esbuild's sync API).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { BlockingWait, Waker } from '../../../model/blocking';
import { BlockingClassifier } from '../../classify/blocking';
import { forEachStep } from '../../core/flow';
import { calleeLabel, enclosingFunction, rootOf, skipWrappers, staticPropertyName, type FunctionNode } from '../../facts/ast';
import type { ImportedWait } from '../../facts/modules/summary';
import type { RuntimeEvidence } from '../../facts/runtime';
import type { EngineInputs } from '../../inputs';
import { Cells } from './cells';
import { branchingBetween, DeferralOracle, type Deferral } from './deferral';
import { RuntimeClassifier } from '../../classify/runtime';

export type { Deferral } from './deferral';

export type BlockingContext =
  /** A browser's main thread: the wait throws. `evidence` is the member read that shows it (`document.body`). */
  | { readonly kind: 'mainThread'; readonly evidence: TSESTree.MemberExpression }
  /** A browser's main thread, as `settings.fearless.threads.main` declares with `pattern`. */
  | { readonly kind: 'declaredMainThread'; readonly pattern: string }
  /** Every wake-up of the waited-on cell runs later on this thread (`deferral` says how): it cannot run while the wait blocks. */
  | {
      readonly kind: 'wokenOnThisThread';
      /** The waited-on array, as written in the wait. */
      readonly cell: TSESTree.Node;
      readonly waker: WakerSite;
      readonly deferral: Deferral;
      /** Whether the wait has a timeout: it then only times out, instead of never returning. */
      readonly timed: boolean;
      /** The function that waits (an async one can await the non-blocking form instead). */
      readonly fn: FunctionNode | TSESTree.Program;
    };

/** A call or write that wakes or changes a waited-on cell. */
export interface WakerSite {
  readonly node: TSESTree.Node;
  /** The call as messages name it (`Atomics.notify`, `Atomics.store`); absent for a plain element write (`view[0] = 1`). */
  readonly label?: string;
}

export interface BlockingFinding {
  readonly kind: 'blockingWait';
  /** The wait, or the call of an imported function that waits (`through`). */
  readonly node: TSESTree.CallExpression;
  readonly wait: Pick<BlockingWait, 'label' | 'asyncAlternative' | 'awaitRewrite'>;
  readonly context: BlockingContext;
  /** The wait is in an imported function the call runs: where (`display` relative to this file). Main-thread contexts only. */
  readonly through?: { readonly callee: string; readonly display: string; readonly line: number };
}

export type BlockingInputs = Pick<EngineInputs, 'recorded' | 'resolver' | 'model' | 'runtime' | 'declaredVariables' | 'imports'>;

interface WakerCandidate {
  readonly site: WakerSite;
  /** The model's waker, or undefined for a plain element write (`view[0] = 1`). */
  readonly waker: Waker | undefined;
  readonly array: TSESTree.Node;
  readonly index: TSESTree.Node | undefined;
}

/**
 * @param ownWaits whether the file's text names a blocking wait; without one, only calls of imported functions
 * that wait can be findings, and only on a main thread: a file with no evidence of one is left at once.
 */
export function analyzeBlocking(inputs: BlockingInputs, ownWaits = true): BlockingFinding[] {
  if (!ownWaits) {
    const runtime = inputs.runtime();
    if (runtime.declared ? runtime.declared.thread !== 'main' : runtime.mainThreadReads.length === 0) return [];
  }
  const classifier = new BlockingClassifier(inputs.model, inputs.resolver);
  const waits: Array<{ node: TSESTree.CallExpression; wait: BlockingWait }> = [];
  // `sleep(10)` where an imported `sleep` calls `Atomics.wait`: the wait runs on this thread.
  const importedWaits: Array<{ node: TSESTree.CallExpression; wait: ImportedWait }> = [];
  const wakers: WakerCandidate[] = [];
  const awaits = new Map<TSESTree.Node, TSESTree.Node[]>();
  const seen = new Set<TSESTree.Node>();
  forEachStep(inputs.recorded.flows, (step) => {
    if (step.kind === 'call' && step.node.type === 'CallExpression' && !seen.has(step.node)) {
      seen.add(step.node);
      const wait = classifier.waitAt(step.node);
      if (wait) waits.push({ node: step.node, wait });
      else {
        const imported = inputs.imports?.waitsOf(step.node)?.[0];
        if (imported) importedWaits.push({ node: step.node, wait: imported });
      }
      const waker = classifier.wakerAt(step.node);
      const array = waker && step.node.arguments[waker.cell];
      if (waker && array) wakers.push({ site: { node: step.node, label: waker.label }, waker, array, index: indexArgument(step.node, waker.index) });
    } else if (step.kind === 'memberWrite' && step.node.computed) {
      // `view[i] = v`: a plain write of an element, seen by a timed wait that looks again.
      wakers.push({ site: { node: step.node }, waker: undefined, array: step.node.object, index: step.node.property });
    } else if (step.kind === 'await') {
      const fn = enclosingFunction(step.node);
      const list = awaits.get(fn);
      if (list) list.push(step.node);
      else awaits.set(fn, [step.node]);
    }
  });
  if (waits.length === 0 && importedWaits.length === 0) return [];
  for (const list of awaits.values()) list.sort((a, b) => a.range[0] - b.range[0]);
  const runtime = inputs.runtime();
  const findings: BlockingFinding[] = [];
  // Across modules only the thread is known: where the imported function's wake-ups run is its module's business.
  for (const { node, wait } of importedWaits) {
    const context = mainThreadContext(node, runtime);
    const through = { callee: calleeLabel(node, 'function'), display: wait.display, line: wait.line };
    if (context) findings.push({ kind: 'blockingWait', node, wait: { label: wait.label, asyncAlternative: wait.asyncAlternative }, context, through });
  }
  const cells = new Cells(inputs.resolver);
  const runtimeClassifier = new RuntimeClassifier(inputs.resolver);
  // `if (isMainThread) { ...wait... } else { ...notify... }`: the two branches run on two threads.
  const onOtherThread = (a: TSESTree.Node, b: TSESTree.Node): boolean => {
    const branching = branchingBetween(a, b, rootOf(a));
    return branching !== undefined && branching.type !== 'SwitchStatement' && runtimeClassifier.isThreadTest(branching.test);
  };
  const deferralInputs = { classifier, declaredVariables: inputs.declaredVariables, awaitsOf: (fn: FunctionNode) => awaits.get(fn) ?? [] };
  for (const { node, wait } of waits) {
    const context = mainThreadContext(node, runtime) ?? wokenOnThisThread(node, wait, wakers, cells, new DeferralOracle(deferralInputs, node), onOtherThread);
    if (context) findings.push({ kind: 'blockingWait', node, wait, context });
  }
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

function indexArgument(call: TSESTree.CallExpression, index: number | undefined): TSESTree.Node | undefined {
  return index === undefined ? undefined : call.arguments[index];
}

function mainThreadContext(call: TSESTree.CallExpression, runtime: RuntimeEvidence): BlockingContext | undefined {
  if (runtime.declared) return runtime.declared.thread === 'main' ? { kind: 'declaredMainThread', pattern: runtime.declared.pattern } : undefined;
  const reads = runtime.mainThreadReads;
  if (reads.length === 0) return undefined;
  // A bundle for the page and its workers (or for Node): its DOM code and its wait may run on different threads.
  const mixed = runtime.worker !== undefined || runtime.node !== undefined;
  const fn = enclosingFunction(call);
  const evidence = mixed ? reads.find((read) => enclosingFunction(read) === fn) : reads[0];
  return evidence && { kind: 'mainThread', evidence };
}

function wokenOnThisThread(
  call: TSESTree.CallExpression,
  wait: BlockingWait,
  wakers: readonly WakerCandidate[],
  cells: Cells,
  oracle: DeferralOracle,
  onOtherThread: (waker: TSESTree.Node, wait: TSESTree.Node) => boolean,
): BlockingContext | undefined {
  const waitsOn = wait.waitsOn;
  const array = waitsOn && call.arguments[waitsOn.cell];
  if (!waitsOn || !array) return undefined;
  const keys = new Set(cells.keysOf(array));
  if (keys.size === 0) return undefined;
  const timeout = call.arguments[waitsOn.timeout];
  const timed = timeout !== undefined && !isInfinity(timeout);
  const waitIndex = indexArgument(call, waitsOn.index);
  const relevant = wakers.filter(
    (candidate) =>
      (candidate.waker ? wait.wakers?.includes(candidate.waker) === true && (candidate.waker.wakes || timed) : timed) &&
      cells.keysOf(candidate.array).some((key) => keys.has(key)) &&
      (waitsOn.index === undefined || cells.mayBeSameIndex(waitIndex, candidate.index)),
  );
  let first: { site: WakerSite; deferral: Deferral } | undefined;
  for (const candidate of relevant) {
    // A waker in the other thread's branch of a file that runs on both wakes the wait from there.
    if (onOtherThread(candidate.site.node, call)) return undefined;
    const timing = oracle.timingOf(candidate.site.node);
    // A wake-up from code of unknown timing (module load, an exported function, a method) may come from anywhere.
    if (timing.kind === 'unknown' || timing.kind === 'atLoad') return undefined;
    if (timing.kind === 'deferred' && !first) first = { site: candidate.site, deferral: timing.deferral };
  }
  return first && { kind: 'wokenOnThisThread', cell: array, waker: first.site, deferral: first.deferral, timed, fn: enclosingFunction(call) };
}

/** `Infinity`, `Number.POSITIVE_INFINITY`: no timeout. */
function isInfinity(node: TSESTree.Node): boolean {
  const inner = skipWrappers(node);
  if (inner.type === 'Identifier') return inner.name === 'Infinity';
  return inner.type === 'MemberExpression' && staticPropertyName(inner) === 'POSITIVE_INFINITY';
}
