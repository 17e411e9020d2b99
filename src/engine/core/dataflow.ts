/**
 * A forward dataflow over a function's code-path segments, solved to a
 * fixpoint with a worklist ordered by reverse postorder.
 *
 * No path is ever enumerated: each segment's state is the join of its
 * predecessors' out-states, so 50 sequential `if`s cost 50 joins, not 2^50
 * paths. With states that share structure (see util/int-map.ts) a join costs
 * what differs between its inputs, and a segment is revisited only when its
 * input grows, which for the monotone problems here is a small number of
 * times per loop that encloses it.
 */
import type { CodePathSegment } from './code-path';
import { stepsOf, type FunctionFlow, type Step } from './flow';

export interface ForwardProblem<S> {
  /** The state when the function starts. */
  entry: S;
  join(a: S, b: S): S;
  equals(a: S, b: S): boolean;
  /** The state after `step`; must not mutate `state`. */
  transfer(state: S, step: Step, segment: CodePathSegment): S;
  /** The state along the edge `from -> to` (branch refinement: what a test proved on this edge). */
  edge?(state: S, from: CodePathSegment, to: CodePathSegment): S;
  /**
   * Segments entered by a throw (the start of each `catch`). Along an edge
   * into one, the state is not the one at the end of the segment the throw
   * came from but the join of the states before each step that can throw
   * (`throws`): a `postMessage` that throws has transferred nothing.
   */
  exceptionalTargets?: ReadonlySet<CodePathSegment>;
  throws?(step: Step): boolean;
}

export interface ForwardSolution<S> {
  /** Reachable segments in reverse postorder. */
  readonly order: readonly CodePathSegment[];
  /** The state on entry to a reachable segment (undefined for unreachable ones). */
  inState(segment: CodePathSegment): S | undefined;
  outState(segment: CodePathSegment): S | undefined;
  /** How many times a segment was (re)processed: the solver's work, for regression tests of its growth. */
  readonly visits: number;
}

/** Reachable segments of a flow in reverse postorder (iterative DFS; deep nests must not overflow the stack). */
export function reversePostorder(flow: FunctionFlow): CodePathSegment[] {
  const initial = flow.codePath.initialSegment;
  const visited = new Set<CodePathSegment>([initial]);
  const postorder: CodePathSegment[] = [];
  const stack: Array<{ segment: CodePathSegment; next: number }> = [{ segment: initial, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const successors = top.segment.nextSegments;
    if (top.next < successors.length) {
      const successor = successors[top.next++]!;
      if (!visited.has(successor)) {
        visited.add(successor);
        stack.push({ segment: successor, next: 0 });
      }
    } else {
      postorder.push(top.segment);
      stack.pop();
    }
  }
  return postorder.reverse();
}

/** A binary min-heap of segment indexes (reverse-postorder positions), without duplicates. */
class IndexQueue {
  private readonly heap: number[] = [];
  private readonly queued: Uint8Array;

  constructor(size: number) {
    this.queued = new Uint8Array(size);
  }

  get size(): number {
    return this.heap.length;
  }

  push(index: number): void {
    if (this.queued[index]) return;
    this.queued[index] = 1;
    const heap = this.heap;
    heap.push(index);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= heap[i]!) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  pop(): number {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && heap[left]! < heap[smallest]!) smallest = left;
        if (right < heap.length && heap[right]! < heap[smallest]!) smallest = right;
        if (smallest === i) break;
        [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
        i = smallest;
      }
    }
    this.queued[top] = 0;
    return top;
  }
}

export function solveForward<S>(flow: FunctionFlow, problem: ForwardProblem<S>): ForwardSolution<S> {
  const order = reversePostorder(flow);
  const indexOf = new Map<CodePathSegment, number>();
  order.forEach((segment, index) => indexOf.set(segment, index));
  const inStates: Array<S | undefined> = new Array(order.length);
  const outStates: Array<S | undefined> = new Array(order.length);
  const throwStates: Array<S | undefined> = new Array(order.length);
  const targets = problem.exceptionalTargets;
  const throwing = targets && targets.size > 0 && problem.throws ? problem.throws : undefined;
  const feedsCatch = (segment: CodePathSegment): boolean => throwing !== undefined && segment.nextSegments.some((next) => targets!.has(next));
  const queue = new IndexQueue(order.length);
  if (order.length > 0) queue.push(0);
  let visits = 0;

  while (queue.size > 0) {
    const index = queue.pop();
    visits++;
    const segment = order[index]!;
    let state: S | undefined = index === 0 ? problem.entry : undefined;
    for (const previous of segment.prevSegments) {
      const previousIndex = indexOf.get(previous);
      const exceptional = throwing !== undefined && targets!.has(segment);
      let previousOut =
        previousIndex === undefined ? undefined : exceptional ? (throwStates[previousIndex] ?? outStates[previousIndex]) : outStates[previousIndex];
      if (previousOut === undefined) continue;
      if (problem.edge) previousOut = problem.edge(previousOut, previous, segment);
      state = state === undefined ? previousOut : problem.join(state, previousOut);
    }
    if (state === undefined) continue;
    inStates[index] = state;
    let thrown: S | undefined;
    const tracksThrows = feedsCatch(segment);
    for (const step of stepsOf(flow, segment)) {
      if (tracksThrows && throwing!(step)) thrown = thrown === undefined ? state : problem.join(thrown, state);
      state = problem.transfer(state, step, segment);
    }
    const previousOut = outStates[index];
    const previousThrown = throwStates[index];
    const thrownChanged = tracksThrows && thrown !== undefined && (previousThrown === undefined || !problem.equals(previousThrown, thrown));
    if (previousOut !== undefined && problem.equals(previousOut, state) && !thrownChanged) continue;
    outStates[index] = state;
    if (tracksThrows) throwStates[index] = thrown ?? inStates[index];
    for (const next of segment.nextSegments) {
      const nextIndex = indexOf.get(next);
      if (nextIndex !== undefined) queue.push(nextIndex);
    }
  }

  return {
    order,
    visits,
    inState: (segment) => {
      const index = indexOf.get(segment);
      return index === undefined ? undefined : inStates[index];
    },
    outState: (segment) => {
      const index = indexOf.get(segment);
      return index === undefined ? undefined : outStates[index];
    },
  };
}

/**
 * Walk every reachable step once more with the fixpoint's states, calling
 * `visit` with the state just before each step. Findings are produced here,
 * once, never during the fixpoint iterations.
 */
export function replayForward<S>(
  flow: FunctionFlow,
  problem: ForwardProblem<S>,
  solution: ForwardSolution<S>,
  visit: (before: S, step: Step, segment: CodePathSegment) => void,
): void {
  for (const segment of solution.order) {
    let state = solution.inState(segment);
    if (state === undefined) continue;
    for (const step of stepsOf(flow, segment)) {
      visit(state, step, segment);
      state = problem.transfer(state, step, segment);
    }
  }
}

/**
 * Where an analysis reports its solved states when asked (FEARLESS_DUMP=1,
 * engine tests): the analysis's name, the flow, the solution and how to
 * print one of its states.
 */
export type SolutionTrace = <S>(analysis: string, flow: FunctionFlow, solution: ForwardSolution<S>, describe: (state: S) => string) => void;

/** The state on entry to and exit from every reachable segment, one line each: `s1_2: in {…} out {…}`. */
export function describeSolution<S>(solution: ForwardSolution<S>, describe: (state: S) => string): string[] {
  const lines: string[] = [];
  for (const segment of solution.order) {
    const before = solution.inState(segment);
    const after = solution.outState(segment);
    lines.push(`${segment.id}: in ${before === undefined ? '-' : describe(before)} out ${after === undefined ? '-' : describe(after)}`);
  }
  return lines;
}
