/**
 * Transferring a value that something longer-lived still references
 * (Swift's region isolation, SE-0414/SE-0430: a `sending` value must not be
 * reachable from anywhere else). The transfer detaches the value for every
 * holder, and the holder's later readers see an empty buffer or a dead port:
 *
 *   this.cache = buf;                      a field (or an outer variable, or a module variable read by a function)
 *   frames.push(view);                     a collection that outlives the call (`set`, `add`, `push`, `unshift`)
 *   setTimeout(() => draw(buf), 16);       a callback kept for later (timers, listeners, `port.onmessage = ...`)
 *   worker.postMessage(buf, [buf]);        <- reported here, naming the holder
 *
 * and a field transferred by one method while another method of the class
 * reads it, when only the constructor (or the field's initializer) assigns
 * it: `send() { worker.postMessage(this.buf, [this.buf]) }` with `draw()`
 * reading `this.buf`.
 *
 * Not findings: a holder that drops the value before the transfer
 * (`cache.delete(k)`, `this.cache = null`), a holder given a copy
 * (`this.cache = buf.slice()`, which is no alias), a holder overwritten after
 * the transfer on every path before the function returns or awaits, a holder
 * local to the function (dead when it returns).
 *
 * A forward dataflow per function with transfers: which holders keep which
 * tracked places (`held`), and which transfers of a held place have not yet
 * been made harmless by overwriting the holder (`pending`). A pending
 * transfer is reported when the holder is read, at an `await` or `yield`
 * (other code runs), or when the function returns.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionFlow, Step } from '../../core/flow';
import { replayForward, solveForward, type ForwardProblem } from '../../core/dataflow';
import { contains, isFunctionNode, skipWrappers, staticPropertyName, type FunctionNode } from '../../facts/ast';
import { classBodyOfThis } from '../../facts/resolve';
import { holderEffectOf, isHandlerProperty, memberChain } from '../../classify/holders';
import type { SendSite, TransferItem } from '../../classify/sends';
import type { EngineInputs } from '../../inputs';
import { emptyIntMap, intMapDelete, intMapEquals, intMapForEach, intMapSet, intMapUnion, type IntMap } from '../../../util/int-map';
import type { Holder, OwnershipFinding, TransferableKind } from './findings';
import { detachTest, isIdentityOnlyUse, isTestPosition } from './uses';
import { keep } from './state';

/** What the holder check asks the ownership analysis. */
export interface HolderFacts {
  placeOf(expr: TSESTree.Node): number | undefined;
  groupOf(place: number): readonly number[];
  kindOf(place: number): TransferableKind;
  isTracked(place: number): boolean;
  isRefused(item: TransferItem): boolean;
  /** Whether a place outlives a call of `fn` (rooted outside it, or at its class's `this`). */
  isOuter(place: number, fn: FunctionNode): boolean;
  exposedReadsOf(fn: TSESTree.Node): ReadonlyMap<number, TSESTree.Node>;
  /** Outer places a function of this file may assign. */
  mayWriteOf(fn: FunctionNode): ReadonlySet<number>;
}

/** One holder keeping one tracked place. */
interface Hold {
  readonly id: number;
  /** The place that holds it (undefined for a kept callback, which nothing in the function can drop). */
  readonly holderPlace: number | undefined;
  /** The tracked place stored (a transfer of any place of its alias group detaches it). */
  readonly value: number;
  readonly holder: Holder;
}

interface Pending {
  readonly id: number;
  readonly hold: Hold;
  readonly site: SendSite;
  readonly item: TransferItem;
  readonly place: number;
}

interface HolderState {
  readonly held: IntMap<Hold>;
  readonly pending: IntMap<Pending>;
}

const emptyHolderState: HolderState = { held: emptyIntMap, pending: emptyIntMap };

export type HolderInputs = Pick<EngineInputs, 'recorded' | 'resolver' | 'places' | 'sends'>;

/** A field that other methods read and only the class's initialization assigns, with one such read. */
interface FieldReader {
  readonly method: string;
  readonly read: TSESTree.Node;
}

export class HolderCheck {
  private readonly holds = new Map<string, Hold>();
  private readonly pendings = new Map<string, Pending>();
  private readonly readers = new Map<string, FieldReader | null>();
  private readonly reported = new Set<string>();
  private readonly problem: ForwardProblem<HolderState>;
  private flow: FunctionFlow | undefined;

  constructor(
    private readonly facts: HolderFacts,
    private readonly inputs: HolderInputs,
    private readonly findings: OwnershipFinding[],
  ) {
    this.problem = {
      entry: emptyHolderState,
      join: (a, b) => (a === b ? a : { held: intMapUnion(a.held, b.held, keep), pending: intMapUnion(a.pending, b.pending, keep) }),
      equals: (a, b) => a === b || (intMapEquals(a.held, b.held, same) && intMapEquals(a.pending, b.pending, same)),
      transfer: (state, step) => this.transfer(state, step),
    };
  }

  /** Transfers of held values in one function that transfers something. */
  check(flow: FunctionFlow): void {
    this.flow = flow;
    const solution = solveForward(flow, this.problem);
    replayForward(flow, this.problem, solution, (state, step) => this.diagnose(state, step));
    for (const segment of flow.codePath.finalSegments) {
      const state = solution.outState(segment);
      if (state) intMapForEach(state.pending, (_, pending) => this.report(pending));
    }
    this.flow = undefined;
  }

  // ---------------------------------------------------------------------------
  // States

  private transfer(state: HolderState, step: Step): HolderState {
    switch (step.kind) {
      case 'write': {
        const place = this.inputs.places.ofVariable(step.variable, false);
        let next = place === undefined ? state : this.drop(state, place);
        const completion = step.completion;
        if (completion?.type === 'AssignmentExpression' && completion.operator === '=' && completion.left === step.node) {
          next = this.store(next, step.node, completion.right, completion);
        }
        return next;
      }
      case 'memberWrite': {
        const place = this.facts.placeOf(step.node);
        let next = place === undefined ? state : this.drop(state, place);
        const completion = step.completion;
        if (completion?.type === 'AssignmentExpression' && completion.operator === '=' && completion.left === step.node) {
          const value = skipWrappers(completion.right);
          next =
            isHandlerProperty(step.node) && isFunctionNode(value)
              ? this.keepCallback(next, value, step.node, memberChain(step.node) ?? 'the handler')
              : this.store(next, step.node, value, completion);
        }
        return next;
      }
      case 'call':
        return this.call(state, step.node);
      case 'await':
      case 'yield':
        // A kept callback may have run while this function waited: it read the value before the transfer.
        return this.dropCallbacks(state);
      default:
        return state;
    }
  }

  private dropCallbacks(state: HolderState): HolderState {
    let held = state.held;
    intMapForEach(state.held, (id, hold) => {
      if (hold.holder.kind === 'callback' && hold.holderPlace === undefined) held = intMapDelete(held, id);
    });
    return held === state.held ? state : { held, pending: state.pending };
  }

  private call(state: HolderState, call: TSESTree.CallExpression | TSESTree.NewExpression): HolderState {
    let next = this.dropTouchedBy(state, call);
    const effect = holderEffectOf(call, this.inputs.resolver);
    if (effect?.kind === 'insert') {
      for (const value of effect.values) next = this.store(next, effect.holder, value, call);
    } else if (effect?.kind === 'remove') {
      const place = this.facts.placeOf(effect.holder);
      if (place !== undefined) next = this.drop(next, place);
    } else if (effect?.kind === 'callback' && isFunctionNode(effect.callback)) {
      next = this.keepCallback(next, effect.callback, call, effect.label);
    }
    for (const site of this.inputs.sends.effectsAt(call)) {
      for (const item of site.items) {
        if (this.facts.isRefused(item)) continue;
        const place = this.facts.placeOf(item.storage);
        if (place === undefined) continue;
        const group = this.facts.groupOf(place);
        intMapForEach(next.held, (_, hold) => {
          if (hold.holderPlace !== place && group.includes(hold.value)) next = this.addPending(next, hold, site, item, place);
        });
        const field = this.fieldHold(item, place);
        if (field) next = this.addPending(next, field, site, item, place);
      }
    }
    return next;
  }

  /** `holder = value`, `holder.set(k, value)`: a hold when `value` shares a tracked place's storage and `holder` outlives the function. */
  private store(state: HolderState, holder: TSESTree.Node, valueExpr: TSESTree.Node, at: TSESTree.Node): HolderState {
    const value = this.storedPlace(valueExpr);
    if (value === undefined) return state;
    const holderPlace = this.inputs.places.of(holder);
    if (holderPlace === undefined || !this.outlives(holderPlace)) return state;
    const hold = this.holdFor(holderPlace, value, {
      kind: 'store',
      name: this.inputs.places.name(holderPlace),
      node: at,
      stored: this.inputs.places.name(value),
    });
    return { held: intMapSet(state.held, hold.id, hold), pending: state.pending };
  }

  /** A callback kept for later that reads tracked places holds each of them. */
  private keepCallback(state: HolderState, callback: FunctionNode, at: TSESTree.Node, label: string): HolderState {
    let held = state.held;
    const holderPlace = at.type === 'MemberExpression' ? this.inputs.places.of(at) : undefined;
    for (const [value, read] of this.facts.exposedReadsOf(callback)) {
      if (!this.facts.isTracked(value)) continue;
      const hold = this.holdFor(holderPlace, value, { kind: 'callback', name: label, node: at, read });
      held = intMapSet(held, hold.id, hold);
    }
    return held === state.held ? state : { held, pending: state.pending };
  }

  /** The holder at `place` (or under it) is assigned or emptied: it no longer keeps what it was given. */
  private drop(state: HolderState, place: number): HolderState {
    let { held, pending } = state;
    intMapForEach(state.held, (id, hold) => {
      if (hold.holderPlace !== undefined && this.isAtOrUnder(hold.holderPlace, place)) held = intMapDelete(held, id);
    });
    intMapForEach(state.pending, (id, entry) => {
      if (entry.hold.holderPlace !== undefined && this.isAtOrUnder(entry.hold.holderPlace, place)) pending = intMapDelete(pending, id);
    });
    return held === state.held && pending === state.pending ? state : { held, pending };
  }

  /**
   * A call may reassign holders: `this.reset()` (a method of this file tells
   * what it writes), `refill(this)` or `other.reset()` (anything under the
   * objects it is given, as the use-after-transfer check assumes).
   */
  private dropTouchedBy(state: HolderState, call: TSESTree.CallExpression | TSESTree.NewExpression): HolderState {
    if (state.held === null && state.pending === null) return state;
    let next = state;
    const local = call.type === 'CallExpression' ? this.inputs.resolver.calledFunction(call) : undefined;
    const touched: TSESTree.Node[] = [...call.arguments];
    const callee = skipWrappers(call.callee);
    if (local) for (const place of this.facts.mayWriteOf(local)) next = this.drop(next, place);
    else if (callee.type === 'MemberExpression') touched.push(callee.object);
    for (const expr of touched) {
      const node = skipWrappers(expr);
      if (node.type !== 'Identifier' && node.type !== 'ThisExpression' && node.type !== 'MemberExpression') continue;
      const place = this.facts.placeOf(node);
      if (place === undefined) continue;
      for (const child of this.inputs.places.children(place)) next = this.drop(next, child);
    }
    return next;
  }

  private addPending(state: HolderState, hold: Hold, site: SendSite, item: TransferItem, place: number): HolderState {
    const key = `${hold.id}:${item.node.range[0]}`;
    let pending = this.pendings.get(key);
    if (!pending) {
      pending = { id: this.pendings.size, hold, site, item, place };
      this.pendings.set(key, pending);
    }
    return { held: state.held, pending: intMapSet(state.pending, pending.id, pending) };
  }

  private holdFor(holderPlace: number | undefined, value: number, holder: Holder): Hold {
    const key = `${holderPlace ?? ''}:${value}:${holder.node.range[0]}`;
    let hold = this.holds.get(key);
    if (!hold) {
      hold = { id: this.holds.size, holderPlace, value, holder };
      this.holds.set(key, hold);
    }
    return hold;
  }

  // ---------------------------------------------------------------------------
  // What is stored, and where holders live

  /** The tracked place whose storage `expr` shares: `buf`, `view`, `new Uint8Array(buf)`, `buf.subarray(4)`. */
  private storedPlace(expr: TSESTree.Node): number | undefined {
    const node = skipWrappers(expr);
    let source: TSESTree.Node = node;
    if (node.type === 'NewExpression' && node.arguments.length > 0 && node.arguments[0]!.type !== 'SpreadElement') {
      // A view over a tracked buffer (a copy of a tracked typed array is not in its group: it never gets a place there).
      source = skipWrappers(node.arguments[0]);
      if (source.type === 'MemberExpression' && staticPropertyName(source) === 'buffer') source = source.object;
      const place = this.facts.placeOf(source);
      const view = place !== undefined && this.facts.isTracked(place) && (node.arguments.length >= 2 || this.facts.kindOf(place) === 'buffer');
      return view ? place : undefined;
    }
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && staticPropertyName(node.callee) === 'subarray')
      source = node.callee.object;
    if (source.type === 'MemberExpression' && staticPropertyName(source) === 'buffer') source = source.object;
    const place = this.facts.placeOf(source);
    return place !== undefined && this.facts.isTracked(place) ? place : undefined;
  }

  /**
   * Whether a holder outlives the function that stores into it: rooted at a
   * variable declared outside it or at its class's `this`; at the top level,
   * a module variable that some function reads.
   */
  private outlives(place: number): boolean {
    const node = this.flow?.node;
    if (!node) return false;
    if (isFunctionNode(node)) return this.facts.isOuter(place, node);
    if (node.type !== 'Program') return false;
    const variable = this.inputs.places.rootVariable(place);
    return variable !== undefined && variable.references.some((reference) => reference.from.variableScope !== variable.scope.variableScope);
  }

  private isAtOrUnder(place: number, ancestor: number): boolean {
    for (let current: number | undefined = place; current !== undefined; current = this.inputs.places.info(current).parent) {
      if (current === ancestor) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------------------
  // Fields read by other methods

  /** `postMessage(this.buf, [this.buf])` where another method reads `this.buf` and only the class's initialization assigns it. */
  private fieldHold(item: TransferItem, place: number): Hold | undefined {
    const storage = skipWrappers(item.storage);
    if (storage.type !== 'MemberExpression' || skipWrappers(storage.object).type !== 'ThisExpression') return undefined;
    const name = staticPropertyName(storage);
    const body = classBodyOfThis(storage.object);
    const fn = this.flow?.node;
    if (name === undefined || !body || !fn) return undefined;
    const reader = this.fieldReader(body, name, fn);
    if (!reader) return undefined;
    return this.holdFor(place, place, { kind: 'field', name: this.inputs.places.name(place), node: reader.read, method: reader.method });
  }

  private fieldReader(body: TSESTree.ClassBody, name: string, transferring: TSESTree.Node): FieldReader | undefined {
    const key = `${body.range[0]}:${name}:${transferring.range[0]}`;
    const cached = this.readers.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let reader: FieldReader | undefined;
    const writes = this.inputs.recorded.fieldWrites.get(body)?.get(name) ?? [];
    if (writes.length > 0 && writes.every((value) => isInitialization(value, body))) {
      let handlesDetach = false;
      for (const flow of this.inputs.recorded.flows) {
        if (!contains(body, flow.node) || handlesDetach) continue;
        const inOther = !contains(transferring, flow.node) && !isConstructor(flow.node, body);
        for (const steps of flow.steps.values()) {
          for (const step of steps) {
            if (step.kind !== 'member' || staticPropertyName(step.node) !== name || skipWrappers(step.node.object).type !== 'ThisExpression') continue;
            if (classBodyOfThis(step.node.object) !== body) continue;
            // The class checks for the detach (`if (this.buf.byteLength === 0) ...`): it knows the field moves.
            if (isDetachTested(step.node)) handlesDetach = true;
            else if (inOther && !reader && !isIdentityOnlyUse(step.node)) reader = { method: methodName(flow.node, body), read: step.node };
          }
        }
      }
      if (handlesDetach) reader = undefined;
    }
    this.readers.set(key, reader ?? null);
    return reader;
  }

  // ---------------------------------------------------------------------------
  // Reports: a pending transfer is reported when its holder may be read

  private diagnose(state: HolderState, step: Step): void {
    if (state.pending === null) return;
    switch (step.kind) {
      case 'read':
      case 'member': {
        const place = this.facts.placeOf(step.node);
        if (place === undefined || isIdentityOnlyUse(step.node)) return;
        intMapForEach(state.pending, (_, pending) => {
          if (pending.hold.holder.kind === 'store' && pending.hold.holderPlace === place) this.report(pending);
        });
        return;
      }
      case 'await':
      case 'yield':
        intMapForEach(state.pending, (_, pending) => this.report(pending));
        return;
      default:
        return;
    }
  }

  private report(pending: Pending): void {
    const key = `${pending.item.node.range[0]}:${pending.hold.holder.node.range[0]}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const kind = this.facts.kindOf(pending.place);
    this.findings.push({
      kind: 'transferHeld',
      node: pending.item.node,
      name: this.inputs.places.name(pending.place),
      move: { site: pending.site, item: pending.item, place: pending.place },
      holder: pending.hold.holder,
      valueKind: kind !== 'unknown' ? kind : this.facts.kindOf(pending.hold.value),
    });
  }
}

function same<T>(a: T, b: T): boolean {
  return a === b;
}

/** `this.buf = ...` in the constructor, or the field's initializer `buf = new ArrayBuffer(8)`. */
function isInitialization(value: TSESTree.Node, body: TSESTree.ClassBody): boolean {
  for (let node: TSESTree.Node | undefined = value.parent; node && node !== body; node = node.parent) {
    // A callback made in the constructor (`w.onmessage = (e) => { this.buf = e.data }`) assigns it later.
    if (node.type === 'ArrowFunctionExpression' || (isFunctionNode(node) && node.parent?.type !== 'MethodDefinition')) return false;
    if (node.type === 'PropertyDefinition') return node.parent === body;
    if (node.type === 'MethodDefinition') return node.kind === 'constructor' && node.parent === body;
  }
  return false;
}

function isConstructor(node: TSESTree.Node, body: TSESTree.ClassBody): boolean {
  return node.parent?.type === 'MethodDefinition' && node.parent.kind === 'constructor' && node.parent.parent === body;
}

/** The class member a function belongs to, for messages: `draw`, `get size`, or `a callback`. */
function methodName(node: TSESTree.Node, body: TSESTree.ClassBody): string {
  for (let current: TSESTree.Node | undefined = node; current && current !== body; current = current.parent) {
    if ((current.type === 'MethodDefinition' || current.type === 'PropertyDefinition') && current.parent === body) {
      const key =
        current.key.type === 'Identifier' || current.key.type === 'PrivateIdentifier'
          ? current.key.type === 'PrivateIdentifier'
            ? `#${current.key.name}`
            : current.key.name
          : 'a method';
      return current.type === 'MethodDefinition' && (current.kind === 'get' || current.kind === 'set') ? `${current.kind} ${key}` : key;
    }
  }
  return 'a method';
}

/** `this.buf.byteLength === 0`, `this.buf.detached`, `if (!this.buf.byteLength)`: the class tests whether the field moved. */
function isDetachTested(member: TSESTree.MemberExpression): boolean {
  for (let node: TSESTree.Node | undefined = member.parent; node && isExpressionNode(node); node = node.parent) {
    const test = detachTest(node);
    if (!test || !contains(test.subject, member)) continue;
    if (node.type === 'BinaryExpression' || (node.type === 'MemberExpression' && staticPropertyName(node) === 'detached') || isTestPosition(node)) return true;
  }
  return false;
}

function isExpressionNode(node: TSESTree.Node): boolean {
  return node.type.endsWith('Expression') && !isFunctionNode(node);
}
