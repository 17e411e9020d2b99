/**
 * Blocking waits where they throw or stall (Rust: `std::thread::sleep` or a
 * blocking `Mutex::lock` inside a tokio task; Infer's starvation check).
 *
 * Facts of the file, then of each wait's enclosing function, no dataflow:
 * where a call runs does not change along a path.
 * - the file runs on a browser's main thread: it reads a member of `document`
 *   or `window`; there `Atomics.wait` throws TypeError;
 * - the wait is in an async function: it blocks the event loop every other
 *   task of the thread (and the reply it waits for) needs;
 * - the wait is in a `message` handler: it blocks the loop that must deliver
 *   the next message.
 * A synchronous worker loop that blocks by design, and Node's main thread
 * waiting for a worker (allowed: synckit, esbuild's sync API), are neither.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { BlockingWait } from '../../../model/blocking';
import { BlockingClassifier } from '../../classify/blocking';
import { forEachStep } from '../../core/flow';
import { enclosingFunction, isFunctionNode } from '../../facts/ast';
import type { EngineInputs } from '../../inputs';

export type BlockingContext =
  /** A browser's main thread: the wait throws. `evidence` is the member read that shows it (`document.body`). */
  | { readonly kind: 'mainThread'; readonly evidence: TSESTree.MemberExpression }
  /** An async function: the wait stalls the event loop. */
  | { readonly kind: 'async'; readonly fn: TSESTree.Node }
  /** An event handler (`message`, `connect`): the wait stalls the loop that delivers the next event. */
  | { readonly kind: 'handler'; readonly fn: TSESTree.Node; readonly event: string };

export interface BlockingFinding {
  readonly kind: 'blockingWait';
  readonly node: TSESTree.CallExpression;
  readonly wait: BlockingWait;
  readonly context: BlockingContext;
}

export type BlockingInputs = Pick<EngineInputs, 'recorded' | 'resolver' | 'model' | 'runtime'>;

export function analyzeBlocking(inputs: BlockingInputs): BlockingFinding[] {
  const classifier = new BlockingClassifier(inputs.model, inputs.resolver);
  const waits: Array<{ node: TSESTree.CallExpression; wait: BlockingWait }> = [];
  const seen = new Set<TSESTree.Node>();
  forEachStep(inputs.recorded.flows, (step) => {
    if (step.kind === 'call' && !seen.has(step.node)) {
      seen.add(step.node);
      const wait = classifier.waitAt(step.node);
      if (wait) waits.push({ node: step.node as TSESTree.CallExpression, wait });
    }
  });
  const findings: BlockingFinding[] = [];
  const evidence = waits.length > 0 ? inputs.runtime().mainThread : undefined;
  for (const { node, wait } of waits) {
    const context = contextOf(node, evidence, classifier);
    if (context) findings.push({ kind: 'blockingWait', node, wait, context });
  }
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

function contextOf(
  call: TSESTree.CallExpression,
  evidence: TSESTree.MemberExpression | undefined,
  classifier: BlockingClassifier,
): BlockingContext | undefined {
  if (evidence) return { kind: 'mainThread', evidence };
  const fn = enclosingFunction(call);
  if (!isFunctionNode(fn)) return undefined;
  if (fn.async) return { kind: 'async', fn };
  const event = classifier.handledEvent(fn);
  return event === undefined ? undefined : { kind: 'handler', fn, event };
}
