/**
 * The state a `catch` is entered with, along each of the edges ESLint draws
 * into it.
 *
 * 1. From the segment before the `try` block's first throwable node: ESLint
 *    forks the path into the `catch` just before that node, so the state at
 *    the end of the segment is the state before the call that may fail:
 *
 *      try {
 *        await writer.abort(error);   // the edge into the catch leaves before `writer.abort`
 *      } catch {}
 *
 *    An analysis for which some steps take effect even when they throw (a
 *    `writer.abort()` that rejects has still errored the stream) walks the
 *    leading steps of the `try` block with `completes`, which gives the state
 *    after a step that takes effect whatever happens, or `undefined` at the
 *    first step that may throw before taking effect.
 *
 * 2. From the last segment of the `try` block (and from a `throw` in it):
 *    ESLint takes the state at the end of the block, as if a throw came after
 *    its last step. A throw can only come from a step that can throw, so the
 *    steps after the segment's last such step did not run on this edge; the
 *    analysis undoes what they did with `undo`:
 *
 *      try {
 *        worker = new Worker(file, options);   // the write runs only if `new Worker` returned
 *      } catch {
 *        worker = new Worker(file);            // so no first worker is lost here
 *      }
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { CodePathSegment } from './code-path';
import { stepsOf, type FunctionFlow, type Step } from './flow';

export interface CatchEntry<S> {
  /** The state after a step that takes effect even when it throws; `undefined` for a step that may throw first. */
  completes(state: S, step: Step): S | undefined;
  /** The state without the effect of a step that did not run (it came after the step that threw). */
  undo(state: S, step: Step): S;
}

export function stateEnteringCatch<S>(
  flow: FunctionFlow,
  catchClauses: ReadonlyMap<CodePathSegment, TSESTree.CatchClause>,
  state: S,
  from: CodePathSegment,
  to: CodePathSegment,
  entry: CatchEntry<S>,
): S {
  const clause = catchClauses.get(to);
  if (clause === undefined) return state;
  const block = clause.parent.block;
  const continuation = from.nextSegments.find((next) => next !== to && !catchClauses.has(next));
  const firstStep = continuation === undefined ? undefined : stepsOf(flow, continuation)[0];
  if (continuation !== undefined && firstStep !== undefined && within(firstStep.node, block)) {
    let entered = state;
    for (const step of stepsOf(flow, continuation)) {
      const next = entry.completes(entered, step);
      if (next === undefined) break;
      entered = next;
    }
    return entered;
  }
  // The end of the block (or a `throw` in it): undo the steps after the segment's last throwable one.
  const steps = stepsOf(flow, from);
  let entered = state;
  for (let index = steps.length - 1; index >= 0; index--) {
    const step = steps[index]!;
    if (!within(step.node, block) || canThrow(step)) break;
    entered = entry.undo(entered, step);
  }
  return entered;
}

/** Calls, `await`s and `throw` statements: where control can leave for the `catch`. */
function canThrow(step: Step): boolean {
  return step.kind === 'call' || step.kind === 'await' || (step.kind === 'exit' && step.node.type === 'ThrowStatement');
}

function within(node: TSESTree.Node, block: TSESTree.BlockStatement): boolean {
  return node.range[0] >= block.range[0] && node.range[1] <= block.range[1];
}
