/**
 * The state a `catch` is entered with from the segment before a `try`
 * block's first throwable node.
 *
 * ESLint forks the path into the `catch` just before the first node of the
 * `try` block that can throw, so the state at the end of that segment is the
 * state before the call that may fail:
 *
 *   try {
 *     await writer.abort(error);   // the edge into the catch leaves before `writer.abort`
 *   } catch {}
 *
 * An analysis for which some steps take effect even when they throw (a
 * `writer.abort()` that rejects has still errored the stream) walks the
 * leading steps of the `try` block's continuation with `completes`, which
 * gives the state after a step that takes effect whatever happens, or
 * `undefined` at the first step that may throw before taking effect.
 */
import type { CodePathSegment } from './code-path';
import { stepsOf, type FunctionFlow, type Step } from './flow';

export function stateEnteringCatch<S>(
  flow: FunctionFlow,
  catchStarts: ReadonlySet<CodePathSegment>,
  state: S,
  from: CodePathSegment,
  to: CodePathSegment,
  completes: (state: S, step: Step) => S | undefined,
): S {
  if (!catchStarts.has(to)) return state;
  const continuation = from.nextSegments.find((next) => next !== to && !catchStarts.has(next));
  if (continuation === undefined) return state;
  let entered = state;
  for (const step of stepsOf(flow, continuation)) {
    const next = completes(entered, step);
    if (next === undefined) break;
    entered = next;
  }
  return entered;
}
