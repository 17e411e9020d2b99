/**
 * The blocking waits a call of a function runs on the caller's thread, for
 * the module summaries that importers read (an imported `sleep()` that calls
 * `Atomics.wait` throws on a browser's main thread as surely as the call
 * itself would):
 *
 *   export function sleep(ms) { Atomics.wait(cell, 0, 0, ms); }    // [Atomics.wait at line 1]
 *   export function pause() { sleep(10); }                         // the same, through sleep()
 *   export function nap() { if (!isMainThread) Atomics.wait(...) } // none: the branch picks its thread
 *
 * Counted: waits in the function's own body, in the functions of its file it
 * calls, and in the imported functions it calls (their summaries, to any
 * depth). Not counted: waits in nested functions (a callback may run on
 * another occasion), and waits inside a branch whose test asks which thread
 * or environment it runs on.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { BlockingClassifier } from '../../classify/blocking';
import { RuntimeClassifier } from '../../classify/runtime';
import type { FunctionNode } from '../../facts/ast';
import type { FunctionWait } from '../../facts/modules/summary';
import type { EngineInputs } from '../../inputs';

export type FunctionWaitInputs = Pick<EngineInputs, 'recorded' | 'resolver' | 'model' | 'imports'>;

/** The waits a call of each function runs, memoized per function (recursion ends at a function being visited). */
export function functionWaits(inputs: FunctionWaitInputs, filename: string): (fn: FunctionNode) => readonly FunctionWait[] {
  const classifier = new BlockingClassifier(inputs.model, inputs.resolver);
  const runtime = new RuntimeClassifier(inputs.resolver);
  const memo = new Map<FunctionNode, FunctionWait[]>();
  const visit = (fn: FunctionNode): FunctionWait[] => {
    const known = memo.get(fn);
    if (known) return known;
    const waits: FunctionWait[] = [];
    memo.set(fn, waits);
    const seen = new Set<string>();
    const add = (wait: FunctionWait): void => {
      const key = `${wait.file}:${wait.line}:${wait.label}`;
      if (seen.has(key)) return;
      seen.add(key);
      waits.push(wait);
    };
    const flow = inputs.recorded.flowOfNode.get(fn);
    for (const steps of flow?.steps.values() ?? []) {
      for (const step of steps) {
        if (step.kind !== 'call' || step.node.type !== 'CallExpression') continue;
        const call = step.node;
        if (underThreadTest(call, fn, runtime)) continue;
        const wait = classifier.waitAt(call);
        if (wait) {
          add({ label: wait.label, asyncAlternative: wait.asyncAlternative, file: filename, line: call.loc.start.line });
          continue;
        }
        const callee = inputs.resolver.calledFunction(call);
        if (callee) for (const inner of visit(callee)) add(inner);
        else for (const imported of inputs.imports?.waitsOf(call) ?? []) add(imported);
      }
    }
    return waits;
  };
  return visit;
}

/** `if (!isMainThread) Atomics.wait(...)`, `typeof window === 'undefined' ? Atomics.wait(...) : spin()`: the test picks the thread. */
function underThreadTest(call: TSESTree.Node, fn: FunctionNode, runtime: RuntimeClassifier): boolean {
  let child: TSESTree.Node = call;
  for (let node = call.parent; node && node !== fn; child = node, node = node.parent) {
    if ((node.type === 'IfStatement' || node.type === 'ConditionalExpression') && child !== node.test && runtime.isThreadTest(node.test)) return true;
    if (node.type === 'LogicalExpression' && child === node.right && runtime.isThreadTest(node.left)) return true;
  }
  return false;
}
