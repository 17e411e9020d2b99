/**
 * When a piece of code runs relative to a blocking wait of the same file, on
 * the same thread: inside the wait's own task (before or after it, in the
 * functions it calls), later on the event loop (a handler, a timer or promise
 * callback, the continuation after an `await`), or at a time the text does
 * not tell (module load, an exported function, a method).
 *
 * Only code of the second kind cannot run while the wait blocks the thread:
 * if every wake-up the file holds for the waited-on cell is of that kind,
 * the wait depends on its own event loop and never wakes.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { BlockingClassifier, Scheduling } from '../../classify/blocking';
import { contains, enclosingFunction, outerParent, type FunctionNode } from '../../facts/ast';

type Variable = TSESLint.Scope.Variable;

/** Why code runs later on this thread. `via`: the same-file functions it is reached through, innermost first. */
export type Deferral =
  /** In a handler or a deferred callback (`port.on('message', f)`, `setTimeout(f)`). */
  | { readonly kind: 'scheduled'; readonly scheduling: Scheduling; readonly via: readonly string[] }
  /** After an `await` of an async function that runs apart from the wait's task. */
  | { readonly kind: 'afterAwait'; readonly await: TSESTree.Node; readonly via: readonly string[] }
  /** In another branch of the handler that waits: it runs on a later event, which cannot be delivered while this one waits. */
  | { readonly kind: 'laterEvent'; readonly scheduling: Scheduling & { kind: 'handler' }; readonly via: readonly string[] };

export type Timing =
  | { readonly kind: 'deferred'; readonly deferral: Deferral }
  /** In the wait's own task: its function (before or after the wait), or a function it calls. */
  | { readonly kind: 'sameTask' }
  /** At module load, before anything is scheduled. */
  | { readonly kind: 'atLoad' }
  /** Not known from this file: an exported function, a method, a callback kept by a call we do not know. */
  | { readonly kind: 'unknown' };

const unknown: Timing = { kind: 'unknown' };
const sameTask: Timing = { kind: 'sameTask' };
const atLoad: Timing = { kind: 'atLoad' };
const maxDepth = 4;

function afterAwait(awaited: TSESTree.Node, via: readonly string[]): Timing {
  return { kind: 'deferred', deferral: { kind: 'afterAwait', await: awaited, via } };
}

function viaFunction(timing: Timing, name: string): Timing {
  if (timing.kind !== 'deferred') return timing;
  return { kind: 'deferred', deferral: { ...timing.deferral, via: [name, ...timing.deferral.via] } };
}

export interface DeferralInputs {
  readonly classifier: BlockingClassifier;
  readonly declaredVariables: (node: TSESTree.Node) => readonly Variable[];
  /** The `await`s of each function, in source order (nested functions apart). */
  readonly awaitsOf: (fn: FunctionNode) => readonly TSESTree.Node[];
}

export class DeferralOracle {
  private readonly waitFunction: FunctionNode | TSESTree.Program;

  constructor(
    private readonly inputs: DeferralInputs,
    /** The blocking wait everything is timed against. */
    private readonly wait: TSESTree.CallExpression,
  ) {
    this.waitFunction = enclosingFunction(wait);
  }

  /** When the code at `node` runs, relative to the wait. */
  timingOf(node: TSESTree.Node, depth = 0, visiting: Set<TSESTree.Node> = new Set()): Timing {
    let child: TSESTree.Node = node;
    // The first `await` passed on the way out: what follows it runs in a later task than its function's caller.
    let awaited: TSESTree.Node | undefined;
    for (let fn = enclosingFunction(node); ; child = fn, fn = enclosingFunction(fn)) {
      if (fn.type === 'Program') return awaited ? afterAwait(awaited, []) : atLoad;
      if (contains(fn, this.wait)) return awaited ? afterAwait(awaited, []) : this.inWaitingFunction(fn, node);
      const scheduling = this.inputs.classifier.schedulingOf(fn);
      if (scheduling) return { kind: 'deferred', deferral: { kind: 'scheduled', scheduling, via: [] } };
      if (fn.async) awaited ??= this.awaitBefore(fn, child);
      const variable = boundVariable(fn, this.inputs.declaredVariables);
      if (variable) {
        if (visiting.has(fn) || depth >= maxDepth) return unknown;
        visiting.add(fn);
        const timing = this.throughCallers(variable, awaited, depth, visiting);
        visiting.delete(fn);
        return timing;
      }
      // A callback of a call we do not know (`items.forEach(f)`, `new Promise(f)`, `test('x', f)`) runs where its caller runs.
      const { parent, child: value } = outerParent(fn);
      const argument = (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.callee !== value;
      const invoked = parent?.type === 'CallExpression' && parent.callee === value;
      if ((!argument && !invoked) || ++depth > maxDepth) return unknown;
    }
  }

  /** A named function runs when its callers run (or, after an `await` in it, later than they do). */
  private throughCallers(variable: Variable, awaited: TSESTree.Node | undefined, depth: number, visiting: Set<TSESTree.Node>): Timing {
    const callers = this.callersTiming(variable, depth, visiting);
    if (callers.length === 0) return unknown;
    const scheduled = callers.find((timing) => timing.kind === 'deferred' && timing.deferral.kind === 'scheduled');
    if (scheduled) return viaFunction(scheduled, variable.name);
    if (callers.some((timing) => timing.kind === 'unknown')) return unknown;
    // `await load(); Atomics.wait(...)`: called only from the wait's own task, it has run by the time the wait does.
    if (awaited) return callers.every((timing) => timing.kind === 'sameTask') ? sameTask : afterAwait(awaited, [variable.name]);
    if (callers.some((timing) => timing.kind === 'atLoad')) return atLoad;
    const later = callers.find((timing) => timing.kind === 'deferred');
    return later ? viaFunction(later, variable.name) : sameTask;
  }

  /** A waker in the function that waits (or one around it) runs in the wait's own task, except in another branch of a handler. */
  private inWaitingFunction(fn: FunctionNode | TSESTree.Program, node: TSESTree.Node): Timing {
    if (fn !== this.waitFunction || fn.type === 'Program') return sameTask;
    const scheduling = this.inputs.classifier.schedulingOf(fn);
    if (scheduling?.kind === 'handler' && exclusiveBranches(node, this.wait, fn))
      return { kind: 'deferred', deferral: { kind: 'laterEvent', scheduling, via: [] } };
    return sameTask;
  }

  /** How each use of a function runs: a call site is timed where it is; a registration is scheduled; any other use is unknown. */
  private callersTiming(variable: Variable, depth: number, visiting: Set<TSESTree.Node>): Timing[] {
    const timings: Timing[] = [];
    for (const reference of variable.references) {
      if (reference.init) continue;
      const id = reference.identifier as TSESTree.Identifier;
      const scheduling = this.inputs.classifier.schedulingOf(id);
      if (scheduling) {
        timings.push({ kind: 'deferred', deferral: { kind: 'scheduled', scheduling, via: [] } });
        continue;
      }
      const { parent, child } = outerParent(id);
      timings.push(parent?.type === 'CallExpression' && parent.callee === child ? this.timingOf(parent, depth + 1, visiting) : unknown);
    }
    return timings;
  }

  /** The `await` of `fn` that runs before `node`: earlier in the text, or in a loop around `node`. */
  private awaitBefore(fn: FunctionNode, node: TSESTree.Node): TSESTree.Node | undefined {
    const awaits = this.inputs.awaitsOf(fn);
    const before = awaits.find((expression) => expression.range[1] <= node.range[0]);
    if (before) return before;
    for (let current = node.parent; current && current !== fn; current = current.parent) {
      if (current.type === 'ForOfStatement' && current.await) return current;
      if (isLoop(current)) {
        const inLoop = awaits.find((expression) => contains(current!, expression));
        if (inLoop) return inLoop;
      }
    }
    return undefined;
  }
}

function isLoop(node: TSESTree.Node): boolean {
  switch (node.type) {
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
      return true;
    default:
      return false;
  }
}

/** The variable a function is bound to: `function f() {}`, `const f = () => {}`. */
function boundVariable(fn: FunctionNode, declaredVariables: (node: TSESTree.Node) => readonly Variable[]): Variable | undefined {
  if (fn.type === 'FunctionDeclaration') {
    // Its declared variables are its name and its parameters.
    const name = fn.id?.name;
    return name === undefined
      ? undefined
      : declaredVariables(fn).find((variable) => variable.name === name && variable.defs.some((def) => def.type === 'FunctionName'));
  }
  const { parent, child } = outerParent(fn);
  if (parent?.type === 'VariableDeclarator' && parent.init === child && parent.id.type === 'Identifier') {
    const variable = declaredVariables(parent).find((candidate) => candidate.name === (parent.id as TSESTree.Identifier).name);
    // Reassigned later: the name may call something else.
    return variable && variable.references.every((reference) => reference.init || !reference.isWrite()) ? variable : undefined;
  }
  return undefined;
}

/**
 * The `if`, `? :` or `switch` inside `within` whose two branches hold `a` and `b`, so that one run of it takes only
 * one of them: `if (msg.type === 'wait') Atomics.wait(...); else Atomics.notify(...)`.
 */
export function branchingBetween(
  a: TSESTree.Node,
  b: TSESTree.Node,
  within: TSESTree.Node,
): TSESTree.IfStatement | TSESTree.ConditionalExpression | TSESTree.SwitchStatement | undefined {
  const pathOfA = new Map<TSESTree.Node, TSESTree.Node>();
  for (let child: TSESTree.Node = a, node = a.parent; node; child = node, node = node.parent) {
    pathOfA.set(node, child);
    if (node === within) break;
  }
  for (let child: TSESTree.Node = b, node = b.parent; node; child = node, node = node.parent) {
    const fromA = pathOfA.get(node);
    if (fromA !== undefined) {
      if (fromA === child) return undefined;
      if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') return fromA !== node.test && child !== node.test ? node : undefined;
      if (node.type === 'SwitchStatement') {
        const [first] = [fromA, child].sort((x, y) => x.range[0] - y.range[0]);
        return first!.type === 'SwitchCase' && endsAbruptly(first as TSESTree.SwitchCase) ? node : undefined;
      }
      return undefined;
    }
    if (node === within) return undefined;
  }
  return undefined;
}

export function exclusiveBranches(a: TSESTree.Node, b: TSESTree.Node, within: TSESTree.Node): boolean {
  return branchingBetween(a, b, within) !== undefined;
}

/** A `case` that does not fall through into the next: its last statement breaks, returns, throws or continues. */
function endsAbruptly(switchCase: TSESTree.SwitchCase): boolean {
  let last: TSESTree.Node | undefined = switchCase.consequent[switchCase.consequent.length - 1];
  while (last?.type === 'BlockStatement') last = last.body[last.body.length - 1];
  return last?.type === 'BreakStatement' || last?.type === 'ReturnStatement' || last?.type === 'ThrowStatement' || last?.type === 'ContinueStatement';
}
