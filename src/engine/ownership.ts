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
 * writing them. A closure created after a transfer that reads the moved value
 * is a use at the point of its creation.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { contains, isFunctionNode, outerParent, skipWrappers, staticPropertyName, type FunctionNode } from './ast';
import type { CodePathSegment } from './code-path';
import { replayForward, solveForward, type ForwardProblem, type ForwardSolution } from './dataflow';
import { isSharedMemory } from './memory';
import { storageGroups, typedArrayConstructors } from './storage';
import { branchOf, type FunctionFlow, type RecordedFile, type Step } from './flow';
import type { Places } from './places';
import type { Resolver } from './resolve';
import type { CallNode, SendClassifier, SendSite, TransferItem } from './sends';
import {
  emptyIntMap,
  intMapDelete,
  intMapEquals,
  intMapForEach,
  intMapGet,
  intMapIntersection,
  intMapSet,
  intMapUnion,
  type IntMap,
} from '../util/int-map';

type Variable = TSESLint.Scope.Variable;

/** One transfer of one place: what moved it, and through which list entry. */
export interface Move {
  readonly site: SendSite;
  readonly item: TransferItem;
  /** The place named in the transfer (the view's buffer group is moved through it). */
  readonly place: number;
  /**
   * Set when the transfer happened inside a function of this file that the
   * code called: `ship(worker, frame)` where `ship` transfers its parameter.
   */
  readonly viaCall?: { readonly call: TSESTree.CallExpression; readonly callee: string; readonly argument: TSESTree.Node | undefined };
}

/** What a value turns into when it moves: messages say what the user will see. */
export type TransferableKind = 'buffer' | 'port' | 'stream' | 'canvas' | 'unknown';

export type OwnershipFinding =
  | {
      readonly kind: 'useAfterTransfer';
      /** Where the moved value is used (a read, a call that reads it, a closure's read). */
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly move: Move;
      /** True when every path to the use goes through a transfer. */
      readonly definite: boolean;
      /** Set when the used value is an alias (a view, a copy of the reference) of the transferred one. */
      readonly aliasOf: string | undefined;
      /** Set when the use is a call of a function that reads the value: the function's name and its read. */
      readonly through: { readonly callee: string; readonly read: TSESTree.Node } | undefined;
      /** Set when the use is a read inside a function created after the transfer. */
      readonly closure: TSESTree.Node | undefined;
      readonly valueKind: TransferableKind;
    }
  | {
      /** The same value transferred again (DataCloneError). */
      readonly kind: 'transferAgain';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly move: Move;
      readonly definite: boolean;
    }
  | {
      /** A transfer inside a loop of a value the loop does not re-create. */
      readonly kind: 'transferInLoop';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly move: Move;
      readonly definite: boolean;
    }
  | {
      /** `b.buffer` of a Node Buffer that may sit in the shared allocation pool. */
      readonly kind: 'transferPooledBuffer';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly allocator: string;
      /** The transfer-list entry, when it is one (the Buffer is then copied instead: the fix). */
      readonly list: TSESTree.ArrayExpression | undefined;
    }
  | {
      /** `v.buffer` of a partial view: the whole buffer moves while other views of it are still used. */
      readonly kind: 'transferPartialView';
      readonly node: TSESTree.Node;
      readonly name: string;
      readonly usedName: string;
      readonly useNode: TSESTree.Node;
    };

interface MoveFact {
  readonly moves: readonly Move[];
}

interface OwnershipState {
  /** Places moved on some path, with every transfer that may have moved them. */
  readonly may: IntMap<MoveFact>;
  /** Places moved on every path. */
  readonly must: IntMap<true>;
}

const emptyState: OwnershipState = { may: emptyIntMap, must: emptyIntMap };

interface TransferSummary {
  readonly place: number | undefined;
  readonly param: number | undefined;
  readonly moves: readonly Move[];
  readonly definite: boolean;
}

interface FunctionSummary {
  /** Outer places and parameters the function leaves moved when it returns. */
  readonly transfers: readonly TransferSummary[];
}

const emptySummary: FunctionSummary = { transfers: [] };

/** Reads of outer places a function makes before writing them, with the first such read. */
type ExposedReads = ReadonlyMap<number, TSESTree.Node>;

const pooledAllocators = new Set(['Buffer.from', 'Buffer.allocUnsafe', 'Buffer.concat']);
/** Node allocates from the pool only below half its 8 KiB size. */
const poolThreshold = 4096;

export interface OwnershipInputs {
  readonly recorded: RecordedFile;
  readonly resolver: Resolver;
  readonly places: Places;
  readonly sends: SendClassifier;
  readonly variables: () => Iterable<Variable>;
  readonly declaredVariables: (node: TSESTree.Node) => readonly Variable[];
}

export function analyzeOwnership(inputs: OwnershipInputs): OwnershipFinding[] {
  return new OwnershipAnalysis(inputs).run();
}

class OwnershipAnalysis {
  private readonly findings: OwnershipFinding[] = [];
  private readonly reported = new Set<string>();
  /** Alias groups: every place that shares storage with a tracked place. */
  private readonly groups = new Map<number, readonly number[]>();
  private readonly tracked = new Set<number>();
  private readonly sharedItems = new Set<TransferItem>();
  /** An alias's own source: `const { payload } = msg` declared after a transfer of `msg.payload` starts moved. */
  private readonly aliasSources = new Map<number, number>();
  private readonly kinds = new Map<number, TransferableKind>();
  private readonly flowsWithTransfers = new Set<FunctionFlow>();
  private readonly summaries = new Map<FunctionNode, FunctionSummary | 'pending'>();
  private readonly exposed = new Map<FunctionNode, ExposedReads | 'pending'>();
  private readonly writes = new Map<FunctionNode, ReadonlySet<number> | 'pending'>();
  private readonly solutions = new Map<FunctionFlow, ForwardSolution<OwnershipState>>();
  /** Transfer entries of partial views (`sub.buffer` where `sub = buf.subarray(...)`), keyed by item node. */
  private readonly partialViews = new Set<TransferItem>();
  private readonly problem: ForwardProblem<OwnershipState>;
  /** One Move per transfer entry, so states reached twice compare equal and the fixpoint ends. */
  private readonly moves = new Map<TransferItem, Move>();

  constructor(private readonly inputs: OwnershipInputs) {
    this.problem = {
      entry: emptyState,
      join: joinStates,
      equals: statesEqual,
      transfer: (state, step) => this.transfer(state, step, undefined),
      edge: (state, from, to) => this.refine(state, from, to),
      exceptionalTargets: inputs.recorded.catchStarts,
      throws: (step) => step.kind === 'call' || step.kind === 'await',
    };
  }

  run(): OwnershipFinding[] {
    const { recorded, sends } = this.inputs;
    // 1. Every transfer in the file, and the functions they happen in.
    const items: Array<{ item: TransferItem; site: SendSite }> = [];
    for (const flow of recorded.flows) {
      for (const steps of flow.steps.values()) {
        for (const step of steps) {
          if (step.kind !== 'call') continue;
          for (const site of sends.effectsAt(step.node)) {
            this.flowsWithTransfers.add(flow);
            for (const item of site.items) {
              // Shared memory is not moved by a transfer (listing it throws: no-unsendable-message says so).
              if (isSharedMemory(item.node, this.inputs.resolver)) {
                this.sharedItems.add(item);
                continue;
              }
              items.push({ item, site });
            }
          }
        }
      }
    }
    if (items.length === 0) return this.findings;

    // 2. The places they move, and every alias of those places.
    const listed = new Set<TSESTree.Node>();
    for (const { item } of items) if (item.list && !item.viaBuffer) listed.add(skipWrappers(item.storage));
    this.buildAliasGroups(items.map(({ item }) => item), listed);
    for (const { item } of items) this.checkBorrowedMemory(item);

    // 3. The dataflow, for every function in which something can move.
    for (const flow of recorded.flows) {
      if (!this.canMoveIn(flow)) continue;
      const solution = this.solve(flow);
      replayForward(flow, this.problem, solution, (state, step, segment) => this.transfer(state, step, segment));
    }
    return this.findings;
  }

  // ---------------------------------------------------------------------------
  // Places and aliases

  private placeOf(expr: TSESTree.Node): number | undefined {
    return this.inputs.places.of(expr, false);
  }

  private groupOf(place: number): readonly number[] {
    return this.groups.get(place) ?? [place];
  }

  /**
   * The alias groups (see storage.ts) of the transferred places. A one-argument
   * `new Uint8Array(x)` views `x` when `x` is known to be a buffer: made as
   * one, or listed directly in a transfer list (only transferables go there).
   */
  private buildAliasGroups(items: readonly TransferItem[], listed: ReadonlySet<TSESTree.Node>): void {
    const { places, resolver, sends } = this.inputs;
    const { groups, sources } = storageGroups({
      resolver,
      places,
      variables: this.inputs.variables,
      isView: (source) => listed.has(source) || sends.isArrayBuffer(source),
    });
    for (const item of items) {
      const place = places.of(item.storage);
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
    for (const steps of flow.steps.values()) {
      for (const step of steps) {
        if (step.kind !== 'call' || step.node.type !== 'CallExpression') continue;
        const callee = this.inputs.resolver.calledFunction(step.node);
        if (callee && this.summaryOf(callee).transfers.length > 0) return true;
      }
    }
    return false;
  }

  private summaryOf(fn: FunctionNode): FunctionSummary {
    const cached = this.summaries.get(fn);
    if (cached === 'pending') return emptySummary; // recursion: assume nothing more moves
    if (cached) return cached;
    this.summaries.set(fn, 'pending');
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
    this.summaries.set(fn, summary);
    return summary;
  }

  private solve(flow: FunctionFlow): ForwardSolution<OwnershipState> {
    let solution = this.solutions.get(flow);
    if (!solution) {
      solution = solveForward(flow, this.problem);
      this.solutions.set(flow, solution);
    }
    return solution;
  }

  /** Outer places a function may assign (directly or through the functions it calls). */
  private mayWriteOf(fn: FunctionNode): ReadonlySet<number> {
    const cached = this.writes.get(fn);
    if (cached === 'pending') return new Set();
    if (cached) return cached;
    this.writes.set(fn, 'pending');
    const written = new Set<number>();
    const flow = this.inputs.recorded.flowOfNode.get(fn);
    for (const steps of flow?.steps.values() ?? []) {
      for (const step of steps) {
        const place = this.writtenPlace(step);
        if (place !== undefined && this.isOuter(place, fn)) written.add(place);
        if (step.kind === 'call' && step.node.type === 'CallExpression') {
          const callee = this.inputs.resolver.calledFunction(step.node);
          if (callee) for (const inner of this.mayWriteOf(callee)) written.add(inner);
        }
      }
    }
    this.writes.set(fn, written);
    return written;
  }

  /** Whether a place outlives a call of `fn`: rooted at a variable declared outside it, or at the `this` of its class. */
  private isOuter(place: number, fn: FunctionNode): boolean {
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
  private exposedReadsOf(fn: FunctionNode): ExposedReads {
    const cached = this.exposed.get(fn);
    if (cached === 'pending') return new Map();
    if (cached) return cached;
    this.exposed.set(fn, 'pending');
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
    this.exposed.set(fn, reads);
    return reads;
  }

  private writtenPlace(step: Step): number | undefined {
    if (step.kind === 'write') return this.inputs.places.ofVariable(step.variable, false);
    if (step.kind === 'memberWrite') return this.placeOf(step.node);
    return undefined;
  }

  // ---------------------------------------------------------------------------
  // The transfer function. With a segment (during the replay) it also reports.

  private transfer(state: OwnershipState, step: Step, segment: CodePathSegment | undefined): OwnershipState {
    switch (step.kind) {
      case 'read':
      case 'member': {
        if (state.may === null) return state;
        const place = this.placeOf(step.node);
        if (place !== undefined && segment) this.checkUse(state, place, step.node, undefined);
        // After its last use a local is dead: its facts only make every later join bigger.
        return place !== undefined && step.kind === 'read' && this.isLastUse(step.variable, step.node) ? this.forget(state, place) : state;
      }
      case 'write': {
        const place = this.inputs.places.ofVariable(step.variable, false);
        if (place === undefined) return state;
        if (this.isLastUse(step.variable, step.node)) return this.forget(this.kill(state, place), place);
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
      case 'closure': {
        if (state.may === null || !segment) return state;
        for (const [place, read] of this.exposedReadsOf(step.node)) this.checkUse(state, place, read, undefined, step.node);
        return state;
      }
      case 'call':
        return this.call(state, step.node, segment);
      case 'scopeEnd': {
        // The block's bindings end: their facts would only ride around enclosing loops (and cost time there).
        if (state.may === null) return state;
        let next = state;
        for (const variable of this.blockVariables(step.node)) {
          const place = this.inputs.places.ofVariable(variable, false);
          if (place !== undefined) next = this.kill(next, place);
        }
        return next;
      }
      default:
        return state;
    }
  }

  private readonly blockBindings = new Map<TSESTree.Node, readonly Variable[]>();
  private readonly lastUses = new Map<Variable, TSESTree.Node | null>();

  /**
   * Whether `node` is the last reference to a local variable, after which it
   * is dead. Only for variables declared in a function (not parameters, whose
   * state callers read from the summary), never captured by a nested
   * function, whose last reference is not inside a loop of their scope (the
   * loop could run earlier references again).
   */
  private isLastUse(variable: Variable, node: TSESTree.Node): boolean {
    let last = this.lastUses.get(variable);
    if (last === undefined) {
      last = computeLastUse(variable) ?? null;
      this.lastUses.set(variable, last);
    }
    return last === node;
  }

  /** The lexical bindings a block declares (`let`, `const`, `class`), memoized. */
  private blockVariables(block: TSESTree.Node): readonly Variable[] {
    let variables = this.blockBindings.get(block);
    if (!variables) {
      const statements = block.type === 'SwitchCase' ? block.consequent : 'body' in block && Array.isArray(block.body) ? (block.body as TSESTree.Node[]) : [];
      variables = statements.flatMap((statement) =>
        (statement.type === 'VariableDeclaration' && statement.kind !== 'var') || statement.type === 'ClassDeclaration' ? this.inputs.declaredVariables(statement) : [],
      );
      this.blockBindings.set(block, variables);
    }
    return variables;
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
  private moveThrough(inner: Move, call: TSESTree.CallExpression, place: number, argument: TSESTree.Node | undefined): Move {
    const key = `${rangeKey(call)}:${rangeKey(inner.item.node)}:${place}`;
    let move = this.movesThrough.get(key);
    if (!move) {
      move = { site: inner.site, item: inner.item, place, viaCall: inner.viaCall ?? { call, callee: calleeName(call), argument } };
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

  private call(state: OwnershipState, call: CallNode, segment: CodePathSegment | undefined): OwnershipState {
    const { sends, resolver } = this.inputs;
    let next = state;

    // A method call or passing an object may reassign its member paths: `this.reset()`, `refill(msg)`.
    next = this.forgetPathsTouchedBy(next, call);

    for (const site of sends.effectsAt(call)) {
      for (const item of site.items) {
        if (this.sharedItems.has(item)) continue;
        const place = this.placeOf(item.storage);
        if (place === undefined) continue;
        let move = this.moves.get(item);
        if (!move) {
          move = { site, item, place };
          this.moves.set(item, move);
        }
        if (segment) this.checkTransferAgain(next, place, move);
        next = this.move(next, place, [move], true);
      }
    }

    if (call.type === 'CallExpression') {
      const callee = resolver.calledFunction(call);
      if (callee) {
        if (segment && next.may !== null) {
          for (const [place, read] of this.exposedReadsOf(callee)) {
            this.checkUse(next, place, call, { callee: calleeName(call), read });
          }
        }
        for (const transfer of this.summaryOf(callee).transfers) {
          // The caller's argument gets a place here if nothing made one before: `ship(worker, frame)`.
          const argument = transfer.param !== undefined ? call.arguments[transfer.param] : undefined;
          const place = transfer.param !== undefined ? argumentPlace(call, transfer.param, this.inputs.places) : transfer.place;
          if (place === undefined) continue;
          this.tracked.add(place);
          next = this.move(next, place, transfer.moves.map((move) => this.moveThrough(move, call, place, argument)), transfer.definite);
        }
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

  // ---------------------------------------------------------------------------
  // Reports

  private checkUse(
    state: OwnershipState,
    place: number,
    node: TSESTree.Node,
    through: { readonly callee: string; readonly read: TSESTree.Node } | undefined,
    closure?: TSESTree.Node,
  ): void {
    const fact = intMapGet(state.may, place);
    if (!fact) return;
    if (!through && !closure && (isIdentityOnlyUse(node) || this.isPartOfTransfer(node, place))) return;
    const move = fact.moves[0]!;
    const { places } = this.inputs;
    if (this.partialViews.has(move.item) && place !== move.place) {
      this.report(`partial:${rangeKey(move.item.node)}`, {
        kind: 'transferPartialView',
        node: move.item.node,
        name: places.name(move.place),
        usedName: places.name(place),
        useNode: node,
      });
      return;
    }
    this.report(`use:${rangeKey(node)}:${place}`, {
      kind: 'useAfterTransfer',
      node,
      name: places.name(place),
      move,
      definite: intMapGet(state.must, place) === true,
      aliasOf: place === move.place ? undefined : places.name(move.place),
      through,
      closure,
      valueKind: this.kindOf(move.place) !== 'unknown' ? this.kindOf(move.place) : this.kindOf(place),
    });
  }

  private checkTransferAgain(state: OwnershipState, place: number, move: Move): void {
    const fact = intMapGet(state.may, place);
    if (!fact) return;
    const definite = intMapGet(state.must, place) === true;
    const name = this.inputs.places.name(place);
    const earlier = fact.moves.find((candidate) => candidate.item === move.item);
    if (earlier) {
      this.report(`loop:${rangeKey(move.item.node)}`, { kind: 'transferInLoop', node: move.item.node, name, move, definite });
      return;
    }
    this.report(`again:${rangeKey(move.item.node)}`, { kind: 'transferAgain', node: move.item.node, name, move: fact.moves[0]!, definite });
  }

  /** A read inside the call that transfers the same place: `postMessage(buf, [buf])` reads `buf` before moving it. */
  private isPartOfTransfer(node: TSESTree.Node, place: number): boolean {
    let current: TSESTree.Node | undefined = node.parent;
    while (current && !isFunctionNode(current)) {
      if (current.type === 'CallExpression' || current.type === 'NewExpression') {
        for (const site of this.inputs.sends.effectsAt(current)) {
          for (const item of site.items) {
            const itemPlace = this.placeOf(item.storage);
            if (itemPlace !== undefined && this.groupOf(itemPlace).includes(place)) return true;
          }
        }
      }
      current = current.parent;
    }
    return false;
  }

  private report(key: string, finding: OwnershipFinding): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.findings.push(finding);
  }
}

function computeLastUse(variable: Variable): TSESTree.Node | undefined {
  const definition = variable.defs[0];
  if (variable.defs.length !== 1 || definition?.type !== 'Variable') return undefined;
  const scope = variable.scope.variableScope;
  let last: TSESTree.Node | undefined;
  for (const reference of variable.references) {
    if (reference.from.variableScope !== scope) return undefined;
    const identifier = reference.identifier as TSESTree.Node;
    if (!last || identifier.range[0] > last.range[0]) last = identifier;
  }
  if (!last) return undefined;
  for (let node: TSESTree.Node | undefined = last.parent; node && node !== (variable.scope.block as TSESTree.Node); node = node.parent) {
    if (node.type === 'ForStatement' || node.type === 'ForInStatement' || node.type === 'ForOfStatement' || node.type === 'WhileStatement' || node.type === 'DoWhileStatement') {
      return undefined;
    }
  }
  return last;
}

// -----------------------------------------------------------------------------
// State operations

function keep<T>(a: T): T {
  return a;
}

function mergeFacts(a: MoveFact, b: MoveFact): MoveFact {
  if (a === b) return a;
  const extra = b.moves.filter((move) => !a.moves.includes(move));
  return extra.length === 0 ? a : { moves: [...a.moves, ...extra] };
}

function factsEqual(a: MoveFact, b: MoveFact): boolean {
  return a === b || (a.moves.length === b.moves.length && a.moves.every((move) => b.moves.includes(move)));
}

function joinStates(a: OwnershipState, b: OwnershipState): OwnershipState {
  if (a === b) return a;
  const may = intMapUnion(a.may, b.may, mergeFacts);
  const must = intMapIntersection(a.must, b.must, keep);
  return may === a.may && must === a.must ? a : { may, must };
}

function statesEqual(a: OwnershipState, b: OwnershipState): boolean {
  return a === b || (intMapEquals(a.may, b.may, factsEqual) && intMapEquals(a.must, b.must, () => true));
}

// -----------------------------------------------------------------------------
// Helpers

/**
 * Uses that do not touch the moved contents and behave the same after a
 * transfer: `buf.detached`, `typeof buf`, `buf === other`, `buf instanceof X`,
 * `if (buf)`, `!buf`, `buf.byteLength === 0` (a detach check), `port.close()`
 * (a no-op on a moved port, and the natural cleanup in a `finally`).
 */
export function isIdentityOnlyUse(node: TSESTree.Node): boolean {
  const { parent, child } = outerParent(node);
  if (!parent) return false;
  switch (parent.type) {
    case 'MemberExpression': {
      if (parent.object !== child) return false;
      const property = staticPropertyName(parent);
      if (property === 'detached' || property === 'locked') return true;
      if (property === 'close') {
        const call = outerParent(parent);
        return call.parent?.type === 'CallExpression' && call.parent.callee === call.child;
      }
      if (property === 'byteLength' || property === 'length') {
        const comparison = outerParent(parent);
        const holder = comparison.parent;
        if (holder?.type === 'BinaryExpression') return isEquality(holder.operator) && isZero(holder.left === comparison.child ? holder.right : holder.left);
        // A test asserting the detach: `assert.strictEqual(buf.byteLength, 0)`, `expect(buf.byteLength).toBe(0)`.
        if (holder?.type === 'CallExpression' && holder.arguments.includes(comparison.child as TSESTree.CallExpressionArgument)) {
          if (holder.arguments.some((argument) => argument !== comparison.child && isZero(argument))) return true;
          const matcher = outerParent(holder).parent;
          const call = matcher && outerParent(matcher).parent;
          return matcher?.type === 'MemberExpression' && call?.type === 'CallExpression' && call.arguments.length === 1 && isZero(call.arguments[0]!);
        }
      }
      return false;
    }
    case 'UnaryExpression':
      return parent.operator === 'typeof' || parent.operator === '!' || parent.operator === 'void';
    case 'BinaryExpression':
      return isEquality(parent.operator) || (parent.operator === 'instanceof' && parent.left === child);
    case 'IfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ConditionalExpression':
      return parent.test === child;
    case 'ForStatement':
      return parent.test === child;
    case 'LogicalExpression':
      return parent.left === child && isTestPosition(parent);
    default:
      return false;
  }
}

/**
 * A test that tells whether a value is detached: `x.detached`,
 * `x.byteLength === 0`, `!x.byteLength`, `x.length > 0` (and negations).
 * `whenTrue` says what the test being true means.
 */
export function detachTest(expr: TSESTree.Node): { readonly subject: TSESTree.Node; readonly whenTrue: boolean } | undefined {
  const node = skipWrappers(expr);
  if (node.type === 'UnaryExpression' && node.operator === '!') {
    const inner = detachTest(node.argument);
    return inner && { subject: inner.subject, whenTrue: !inner.whenTrue };
  }
  if (node.type === 'MemberExpression') {
    const property = staticPropertyName(node);
    if (property === 'detached') return { subject: node.object, whenTrue: true };
    // A truthy length means attached.
    if (property === 'byteLength' || property === 'length') return { subject: node.object, whenTrue: false };
    return undefined;
  }
  if (node.type === 'BinaryExpression') {
    const left = skipWrappers(node.left);
    const right = skipWrappers(node.right);
    const length = left.type === 'MemberExpression' ? left : right.type === 'MemberExpression' ? right : undefined;
    const other = length === left ? right : left;
    const property = length && staticPropertyName(length);
    if (!length || (property !== 'byteLength' && property !== 'length') || !isZero(other)) return undefined;
    switch (node.operator) {
      case '===':
      case '==':
      case '<=':
        return { subject: length.object, whenTrue: true };
      case '!==':
      case '!=':
      case '>':
        return { subject: length.object, whenTrue: false };
      default:
        return undefined;
    }
  }
  return undefined;
}

function isTestPosition(node: TSESTree.Node): boolean {
  const { parent, child } = outerParent(node);
  if (!parent) return false;
  switch (parent.type) {
    case 'IfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ConditionalExpression':
    case 'ForStatement':
      return (parent as { test?: TSESTree.Node | null }).test === child;
    case 'UnaryExpression':
      return parent.operator === '!';
    case 'LogicalExpression':
      return isTestPosition(parent);
    default:
      return false;
  }
}

function isEquality(operator: string): boolean {
  return operator === '===' || operator === '!==' || operator === '==' || operator === '!=';
}

function isZero(node: TSESTree.Node): boolean {
  const inner = skipWrappers(node);
  return inner.type === 'Literal' && inner.value === 0;
}

function rangeKey(node: TSESTree.Node): string {
  return `${node.range[0]}-${node.range[1]}`;
}

function nameOf(expr: TSESTree.Node, places: Places): string {
  const place = places.of(expr, false);
  if (place !== undefined) return places.name(place);
  const node = skipWrappers(expr);
  return node.type === 'Identifier' ? node.name : 'value';
}

function calleeName(call: TSESTree.CallExpression): string {
  const callee = skipWrappers(call.callee);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') {
    const property = staticPropertyName(callee);
    if (property !== undefined) return callee.object.type === 'ThisExpression' ? `this.${property}` : property;
  }
  return 'the called function';
}

function paramIndex(fn: FunctionNode, variable: Variable | undefined): number | undefined {
  if (!variable) return undefined;
  const index = fn.params.findIndex((param) => {
    const inner = param.type === 'AssignmentPattern' ? param.left : param.type === 'TSParameterProperty' ? param.parameter : param;
    return inner.type === 'Identifier' && variable.identifiers.includes(inner);
  });
  return index === -1 ? undefined : index;
}

function argumentPlace(call: TSESTree.CallExpression, index: number, places: Places): number | undefined {
  const argument = call.arguments[index];
  if (!argument || argument.type === 'SpreadElement') return undefined;
  const node = skipWrappers(argument);
  const storage = node.type === 'MemberExpression' && staticPropertyName(node) === 'buffer' ? node.object : node;
  return places.of(storage);
}

/** `Buffer.from(arrayBuffer)` shares that buffer and `Buffer.allocUnsafe(8192)` is too big for the pool. */
function mayBePooled(allocator: string, call: TSESTree.CallExpression, sends: SendClassifier): boolean {
  const first = call.arguments[0];
  if (!first || first.type === 'SpreadElement') return allocator !== 'Buffer.from';
  if (allocator === 'Buffer.allocUnsafe') {
    const size = skipWrappers(first);
    return !(size.type === 'Literal' && typeof size.value === 'number' && size.value >= poolThreshold);
  }
  if (allocator === 'Buffer.from') return !sends.isArrayBuffer(first);
  return true;
}

function kindOfValue(expr: TSESTree.Node, path: readonly string[], resolver: Resolver): TransferableKind {
  if (expr.type === 'NewExpression') {
    const callee = resolver.qualifiedName(expr.callee)?.replace(/^(?:global|worker_threads):/, '');
    if (callee === 'MessageChannel' && path.length === 1 && (path[0] === 'port1' || path[0] === 'port2')) return 'port';
    if (callee === 'TransformStream' && path.length === 1 && (path[0] === 'readable' || path[0] === 'writable')) return 'stream';
    if (path.length > 0) return 'unknown';
    if (callee === 'ArrayBuffer') return 'buffer';
    if (callee && typedArrayConstructors.has(callee)) return 'buffer';
    if (callee === 'ReadableStream' || callee === 'WritableStream' || callee === 'TransformStream') return 'stream';
    if (callee === 'OffscreenCanvas') return 'canvas';
    return 'unknown';
  }
  if (expr.type === 'CallExpression' && path.length === 0 && expr.callee.type === 'MemberExpression') {
    const method = staticPropertyName(expr.callee);
    if (method === 'transferControlToOffscreen') return 'canvas';
    if (method === 'arrayBuffer' || method === 'slice' || method === 'subarray' || method === 'encode') return 'buffer';
  }
  if (expr.type === 'CallExpression' && path.length === 0) {
    const callee = resolver.qualifiedName(expr.callee);
    if (callee === 'global:createImageBitmap') return 'canvas';
    if (callee?.startsWith('global:Buffer.') || callee?.startsWith('buffer:Buffer.')) return 'buffer';
  }
  if (path.length === 1 && path[0] === 'buffer') return 'buffer';
  return 'unknown';
}
