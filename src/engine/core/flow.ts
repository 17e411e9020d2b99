/**
 * Code-path bookkeeping, written once for every analysis.
 *
 * ESLint replays one traversal with code-path events interleaved. The recorder
 * listens to it once per file and keeps, for every function (code path), the
 * ordered steps that happen in each segment: reads and writes of variables,
 * reads and writes of member paths, calls, awaits, closures created, and
 * exits (return/throw/break/continue). Analyses then run a dataflow over the
 * finished segment graph (see dataflow.ts); nothing is decided while the
 * traversal is still running, so an analysis can look at code that comes
 * later in the file (a function declared after its caller, a loop's body).
 *
 * Steps are stored in evaluation order, not visit order: `x = f(x)` visits the
 * target `x` first, but the write happens after `f(x)`, so writes are held
 * back until their assignment or declarator is left.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { CodePath, CodePathSegment, Listeners } from './code-path';
import { isAssignmentTarget, isReadModifyWrite, writeCompletion } from '../facts/ast';

type Variable = TSESLint.Scope.Variable;
type Reference = TSESLint.Scope.Reference;

export type ExitNode = TSESTree.ReturnStatement | TSESTree.ThrowStatement | TSESTree.BreakStatement | TSESTree.ContinueStatement;

export type ClosureNode = TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export type Step =
  /** A read of a local variable. */
  | { readonly kind: 'read'; readonly node: TSESTree.Identifier; readonly variable: Variable }
  /** A local variable gets a new value; `completion` is the assignment, declarator or update that writes it. */
  | { readonly kind: 'write'; readonly node: TSESTree.Identifier; readonly variable: Variable; readonly completion: TSESTree.Node | undefined }
  /** The value of a member expression is read (`this.buf`, `msg.payload`, `a.b.c`). */
  | { readonly kind: 'member'; readonly node: TSESTree.MemberExpression }
  /** A member expression is assigned (`this.buf = x`, `delete o.p`). */
  | { readonly kind: 'memberWrite'; readonly node: TSESTree.MemberExpression; readonly completion: TSESTree.Node | undefined }
  /** A call or `new` finished (its arguments ran before it). */
  | { readonly kind: 'call'; readonly node: TSESTree.CallExpression | TSESTree.NewExpression }
  | { readonly kind: 'await'; readonly node: TSESTree.AwaitExpression }
  | { readonly kind: 'yield'; readonly node: TSESTree.YieldExpression }
  /** A function expression or arrow is created here (declarations are hoisted and create nothing at a point). */
  | { readonly kind: 'closure'; readonly node: ClosureNode }
  /** Control leaves by return/throw/break/continue; recorded where the statement starts. */
  | { readonly kind: 'exit'; readonly node: ExitNode }
  /**
   * A block with lexical declarations (`let`, `const`, `class`, `using`) is
   * left normally: its bindings end here, and `using` ones are disposed.
   */
  | { readonly kind: 'scopeEnd'; readonly node: ScopeBlock };

export type ScopeBlock = TSESTree.BlockStatement | TSESTree.Program | TSESTree.StaticBlock | TSESTree.SwitchCase;

export type FlowNode =
  TSESTree.Program | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | TSESTree.StaticBlock | TSESTree.Node;

/** One function's (or the program's, a class field initializer's, a static block's) recorded code path. */
export interface FunctionFlow {
  readonly codePath: CodePath;
  readonly node: FlowNode;
  /** Every segment the traversal entered, reachable or not, in the order they started. */
  readonly segments: readonly CodePathSegment[];
  /** The steps of each segment, in evaluation order. */
  readonly steps: ReadonlyMap<CodePathSegment, readonly Step[]>;
  readonly upper: FunctionFlow | undefined;
}

interface FlowUnderConstruction {
  readonly codePath: CodePath;
  readonly node: FlowNode;
  readonly segments: CodePathSegment[];
  readonly steps: Map<CodePathSegment, Step[]>;
  /** The segments being executed now (usually one; several inside a `finally`). */
  readonly current: CodePathSegment[];
  /** The step list of `current[0]` when it is the only one: the common case, without a map lookup. */
  single: Step[] | undefined;
  readonly upper: FlowUnderConstruction | undefined;
  finished: FunctionFlow | undefined;
}

const emptySteps: readonly Step[] = [];

export interface RecordedFile {
  readonly flows: readonly FunctionFlow[];
  readonly flowOfNode: ReadonlyMap<TSESTree.Node, FunctionFlow>;
  /** Class fields assigned anywhere in their class: `this.lock = new Mutex()`, `lock = new Mutex()`. */
  readonly fieldWrites: ReadonlyMap<TSESTree.ClassBody, ReadonlyMap<string, readonly TSESTree.Node[]>>;
  /** The first segment of each `if`'s consequent: edges into it are where the test held. */
  readonly branchStarts: ReadonlyMap<CodePathSegment, TSESTree.IfStatement>;
  /** The first segment of each `catch` clause: edges into it are taken by a throw. */
  readonly catchStarts: ReadonlySet<CodePathSegment>;
  /** The `catch` clause each of those segments starts. */
  readonly catchClauses: ReadonlyMap<CodePathSegment, TSESTree.CatchClause>;
}

/**
 * The `if` whose test decides the edge `from -> to`, and whether the test
 * held on it: every edge out of the segment where a test ends goes either to
 * the consequent's first segment (true) or elsewhere (false).
 */
export function branchOf(
  recorded: RecordedFile,
  from: CodePathSegment,
  to: CodePathSegment,
): { readonly statement: TSESTree.IfStatement; readonly holds: boolean } | undefined {
  if (from.nextSegments.length < 2) return undefined;
  for (const next of from.nextSegments) {
    const statement = recorded.branchStarts.get(next);
    if (statement) return { statement, holds: next === to };
  }
  return undefined;
}

export function stepsOf(flow: FunctionFlow, segment: CodePathSegment): readonly Step[] {
  return flow.steps.get(segment) ?? emptySteps;
}

/**
 * Records a file's code paths. `listeners()` are merged into exactly one
 * rule's listeners per file (the first rule created for the file); every rule
 * reads the result once the program's code path has ended.
 */
export class FlowRecorder {
  private readonly flows: FunctionFlow[] = [];
  private readonly flowOfNode = new Map<TSESTree.Node, FunctionFlow>();
  private readonly fieldWrites = new Map<TSESTree.ClassBody, Map<string, TSESTree.Node[]>>();
  private readonly pendingWrites = new Map<TSESTree.Node, Step[]>();
  private readonly branchStarts = new Map<CodePathSegment, TSESTree.IfStatement>();
  private readonly catchStarts = new Set<CodePathSegment>();
  private readonly catchClauses = new Map<CodePathSegment, TSESTree.CatchClause>();
  private frame: FlowUnderConstruction | undefined;
  private done: RecordedFile | undefined;

  constructor(private readonly referenceOf: (id: TSESTree.Identifier) => Reference | undefined) {}

  get result(): RecordedFile | undefined {
    return this.done;
  }

  private record(step: Step): void {
    const frame = this.frame;
    if (!frame) return;
    if (frame.single) {
      frame.single.push(step);
      return;
    }
    const current = frame.current;
    for (let index = 0; index < current.length; index++) {
      const segment = current[index]!;
      let list = frame.steps.get(segment);
      if (!list) {
        list = [];
        frame.steps.set(segment, list);
      }
      list.push(step);
    }
    if (current.length === 1) frame.single = frame.steps.get(current[0]!);
  }

  /** Record a write now, or hold it until its assignment/declarator completes. */
  private recordWrite(step: Step & { completion: TSESTree.Node | undefined }): void {
    if (step.completion) {
      const pending = this.pendingWrites.get(step.completion);
      if (pending) pending.push(step);
      else this.pendingWrites.set(step.completion, [step]);
    } else {
      this.record(step);
    }
  }

  private flushWrites(node: TSESTree.Node): void {
    const pending = this.pendingWrites.get(node);
    if (!pending) return;
    this.pendingWrites.delete(node);
    for (const step of pending) this.record(step);
  }

  private noteFieldWrite(member: TSESTree.MemberExpression, value: TSESTree.Node): void {
    if (member.object.type !== 'ThisExpression' || member.computed) return;
    const key = member.property.type === 'PrivateIdentifier' ? `#${member.property.name}` : (member.property as TSESTree.Identifier).name;
    let node: TSESTree.Node | undefined = member.parent;
    // The class whose `this` this is: skip arrows, stop at the first other function.
    while (node && node.type !== 'ClassBody') {
      if (node.type === 'FunctionExpression' && node.parent?.type !== 'MethodDefinition') return;
      if (node.type === 'FunctionDeclaration') return;
      node = node.parent;
    }
    if (node) this.addFieldWrite(node, key, value);
  }

  private addFieldWrite(body: TSESTree.ClassBody, key: string, value: TSESTree.Node): void {
    let fields = this.fieldWrites.get(body);
    if (!fields) {
      fields = new Map();
      this.fieldWrites.set(body, fields);
    }
    const list = fields.get(key);
    if (list) list.push(value);
    else fields.set(key, [value]);
  }

  listeners(): Listeners {
    const exit = (node: ExitNode): void => this.record({ kind: 'exit', node });
    const scopeEnd = (node: ScopeBlock): void => {
      if (hasLexicalDeclaration(node.type === 'SwitchCase' ? node.consequent : node.body)) this.record({ kind: 'scopeEnd', node });
    };
    return {
      onCodePathStart: (codePath: CodePath, node: TSESTree.Node): void => {
        const upper = this.frame;
        if (upper && (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') && !isMethodValue(node)) {
          this.record({ kind: 'closure', node });
        }
        this.frame = { codePath, node, segments: [], steps: new Map(), current: [], single: undefined, upper, finished: undefined };
      },
      onCodePathEnd: (codePath: CodePath, node: TSESTree.Node): void => {
        const frame = this.frame;
        if (!frame || frame.codePath !== codePath) return;
        const flow: FunctionFlow = {
          codePath,
          node,
          segments: frame.segments,
          steps: frame.steps,
          upper: frame.upper?.finished ?? undefined,
        };
        frame.finished = flow;
        this.flows.push(flow);
        this.flowOfNode.set(node, flow);
        this.frame = frame.upper;
        if (node.type === 'Program') {
          this.done = {
            flows: this.flows,
            flowOfNode: this.flowOfNode,
            fieldWrites: this.fieldWrites,
            branchStarts: this.branchStarts,
            catchStarts: this.catchStarts,
            catchClauses: this.catchClauses,
          };
        }
      },
      onCodePathSegmentStart: (segment: CodePathSegment, node: TSESTree.Node): void => {
        this.enterSegment(segment);
        if (node.parent?.type === 'IfStatement' && node.parent.consequent === node) this.branchStarts.set(segment, node.parent);
        if (node.type === 'CatchClause') {
          this.catchStarts.add(segment);
          this.catchClauses.set(segment, node);
        }
      },
      onUnreachableCodePathSegmentStart: (segment: CodePathSegment): void => this.enterSegment(segment),
      onCodePathSegmentEnd: (segment: CodePathSegment): void => this.leaveSegment(segment),
      onUnreachableCodePathSegmentEnd: (segment: CodePathSegment): void => this.leaveSegment(segment),

      Identifier: (node: TSESTree.Identifier): void => {
        const reference = this.referenceOf(node);
        const variable = reference?.resolved;
        if (!reference || !variable) return;
        // Imports, function declarations and classes are never a place an analysis tracks
        // (their calls and constructions are recorded as calls): skipping them keeps the recording small.
        const definition = variable.defs[0];
        if (definition && (definition.type === 'ImportBinding' || definition.type === 'FunctionName' || definition.type === 'ClassName')) return;
        if (reference.isRead()) this.record({ kind: 'read', node, variable });
        if (reference.isWrite()) {
          this.recordWrite({ kind: 'write', node, variable, completion: writeCompletion(node) });
        }
      },
      'MemberExpression:exit': (node: TSESTree.MemberExpression): void => {
        if (isAssignmentTarget(node)) {
          if (isReadModifyWrite(node)) this.record({ kind: 'member', node });
          this.recordWrite({ kind: 'memberWrite', node, completion: writeCompletion(node) });
        } else {
          this.record({ kind: 'member', node });
        }
      },
      'CallExpression:exit': (node: TSESTree.CallExpression): void => this.record({ kind: 'call', node }),
      'NewExpression:exit': (node: TSESTree.NewExpression): void => this.record({ kind: 'call', node }),
      'AssignmentExpression:exit': (node: TSESTree.AssignmentExpression): void => {
        this.flushWrites(node);
        if (node.left.type === 'MemberExpression') this.noteFieldWrite(node.left, node.right);
      },
      'VariableDeclarator:exit': (node: TSESTree.VariableDeclarator): void => this.flushWrites(node),
      'UpdateExpression:exit': (node: TSESTree.UpdateExpression): void => this.flushWrites(node),
      'AwaitExpression:exit': (node: TSESTree.AwaitExpression): void => this.record({ kind: 'await', node }),
      'YieldExpression:exit': (node: TSESTree.YieldExpression): void => this.record({ kind: 'yield', node }),
      PropertyDefinition: (node: TSESTree.PropertyDefinition): void => {
        if (node.value && !node.computed && !node.static && node.parent.type === 'ClassBody') {
          const key = node.key.type === 'PrivateIdentifier' ? `#${node.key.name}` : node.key.type === 'Identifier' ? node.key.name : undefined;
          if (key) this.addFieldWrite(node.parent, key, node.value);
        }
      },
      ReturnStatement: exit,
      ThrowStatement: exit,
      BreakStatement: exit,
      ContinueStatement: exit,
      'BlockStatement:exit': scopeEnd,
      'StaticBlock:exit': scopeEnd,
      'SwitchCase:exit': scopeEnd,
      'Program:exit': scopeEnd,
    };
  }

  private enterSegment(segment: CodePathSegment): void {
    const frame = this.frame;
    if (!frame) return;
    if (!frame.current.includes(segment)) frame.current.push(segment);
    frame.segments.push(segment);
    frame.single = undefined;
  }

  private leaveSegment(segment: CodePathSegment): void {
    const frame = this.frame;
    if (!frame) return;
    const index = frame.current.indexOf(segment);
    if (index !== -1) frame.current.splice(index, 1);
    frame.single = undefined;
  }
}

/** Object-literal and class methods are created with their object or class, not at a point of their own. */
function isMethodValue(node: TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression): boolean {
  const parent = node.parent;
  return (
    parent?.type === 'MethodDefinition' ||
    parent?.type === 'TSAbstractMethodDefinition' ||
    (parent?.type === 'Property' && (parent.method || parent.kind !== 'init'))
  );
}

function hasLexicalDeclaration(body: readonly TSESTree.Node[]): boolean {
  for (const statement of body) {
    if ((statement.type === 'VariableDeclaration' && statement.kind !== 'var') || statement.type === 'ClassDeclaration') return true;
  }
  return false;
}

/**
 * Every recorded step of these flows, segment by segment in recording order
 * (a step recorded in two segments, as in a `finally`, is visited twice).
 */
export function forEachStep(flows: Iterable<FunctionFlow>, visit: (step: Step, flow: FunctionFlow) => void): void {
  for (const flow of flows) {
    for (const steps of flow.steps.values()) {
      for (const step of steps) visit(step, flow);
    }
  }
}

/** The calls and `new`s a flow makes itself, once each (not those of functions nested in it). */
export function callsOf(flow: FunctionFlow | undefined): Array<TSESTree.CallExpression | TSESTree.NewExpression> {
  const calls = new Set<TSESTree.CallExpression | TSESTree.NewExpression>();
  if (flow) forEachStep([flow], (step) => void (step.kind === 'call' && calls.add(step.node)));
  return [...calls];
}

/** Whether some recorded step of the flow passes the test (stops at the first). */
export function someStep(flow: FunctionFlow, test: (step: Step) => boolean): boolean {
  for (const steps of flow.steps.values()) {
    for (const step of steps) if (test(step)) return true;
  }
  return false;
}
