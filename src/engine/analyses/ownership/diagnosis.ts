/**
 * Diagnosis for the ownership analysis: what a step means given the solved
 * state just before it (uses of moved places, transfers of moved places),
 * on the replay over the fixpoint's states, never during its iterations.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { CallNode, TransferItem } from '../../classify/sends';
import type { Step } from '../../core/flow';
import { calleeLabel, isFunctionNode, rangeKey, skipWrappers } from '../../facts/ast';
import { intMapGet } from '../../../util/int-map';
import type { LocalMove, OwnershipFinding, TransferableKind } from './findings';
import type { EngineInputs } from '../../inputs';
import type { OwnershipState } from './state';
import { isIdentityOnlyUse } from './uses';

/** What the diagnosis asks the analysis. */
export interface OwnershipFacts {
  placeOf(expr: TSESTree.Node): number | undefined;
  groupOf(place: number): readonly number[];
  kindOf(place: number): TransferableKind;
  /** Places a function reads before writing them (a caller's moved value read inside a helper). */
  exposedReadsOf(fn: TSESTree.Node): ReadonlyMap<number, TSESTree.Node>;
  movedBySends(state: OwnershipState, call: CallNode, beforeEach?: (state: OwnershipState, place: number, move: LocalMove) => void): OwnershipState;
  /** The state once the call has run the coercion hooks of its arguments (`start.valueOf()`). */
  movedByCoercion(state: OwnershipState, call: CallNode): OwnershipState;
  /** Transfers of a view's buffer that leave other views of it detached. */
  readonly partialViews: ReadonlySet<TransferItem>;
}

export class OwnershipDiagnosis {
  private readonly reported = new Set<string>();

  constructor(
    private readonly facts: OwnershipFacts,
    private readonly inputs: Pick<EngineInputs, 'places' | 'sends' | 'resolver'>,
    private readonly findings: OwnershipFinding[],
  ) {}

  // ---------------------------------------------------------------------------
  // Diagnosis: what a step means given the solved state before it

  /** Uses of moved places and transfers of moved places, for one step, given the state just before it. */
  diagnose(before: OwnershipState, step: Step): void {
    switch (step.kind) {
      case 'read':
      case 'member': {
        if (before.may === null) return; // nothing moved yet
        const place = this.facts.placeOf(step.node);
        if (place !== undefined) this.checkUse(before, place, step.node, undefined);
        return;
      }
      case 'closure':
        if (before.may === null) return;
        for (const [place, read] of this.facts.exposedReadsOf(step.node)) this.checkUse(before, place, read, undefined, step.node);
        return;
      case 'call': {
        const call = step.node;
        const after = this.facts.movedBySends(before, call, (state, place, move) => this.checkTransferAgain(state, place, move));
        this.checkCoercedOperands(after, call);
        const callee = call.type === 'CallExpression' ? this.inputs.resolver.calledFunction(call) : undefined;
        if (callee && call.type === 'CallExpression' && after.may !== null) {
          // A helper of this file that reads what the caller moved: `ship(buf); logSize()` where `logSize` reads `buf`.
          for (const [place, read] of this.facts.exposedReadsOf(callee))
            this.checkUse(after, place, call, { callee: calleeLabel(call, 'the called function'), read });
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * What a call reads after converting its arguments: its receiver
   * (`buf.utf8Slice(start, 10)` reads `buf`'s memory once `start.valueOf()`
   * has run) and, for a constructor, its other arguments (`new Uint8Array(buf,
   * start)` checks `buf` after converting `start`). A value moved by one of
   * those hooks is detached when the call uses it.
   */
  private checkCoercedOperands(after: OwnershipState, call: CallNode): void {
    const coerced = this.facts.movedByCoercion(after, call);
    if (coerced === after) return;
    const callee = skipWrappers(call.callee);
    const operands: TSESTree.Node[] = [];
    if (call.type === 'CallExpression' && callee.type === 'MemberExpression') operands.push(skipWrappers(callee.object));
    if (call.type === 'NewExpression') for (const argument of call.arguments) operands.push(skipWrappers(argument));
    for (const operand of operands) {
      const place = this.facts.placeOf(operand);
      if (place === undefined || intMapGet(after.may, place) !== undefined) continue; // moved before the call: reported at its read
      const fact = intMapGet(coerced.may, place);
      if (fact?.moves.some((move) => move.viaCall?.coercion && move.viaCall.call === call)) this.checkUse(coerced, place, operand, undefined);
    }
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
    if (move.item && this.facts.partialViews.has(move.item) && place !== move.place) {
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
      valueKind: this.facts.kindOf(move.place) !== 'unknown' ? this.facts.kindOf(move.place) : this.facts.kindOf(place),
    });
  }

  private checkTransferAgain(state: OwnershipState, place: number, move: LocalMove): void {
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
            const itemPlace = this.facts.placeOf(item.storage);
            if (itemPlace !== undefined && this.facts.groupOf(itemPlace).includes(place)) return true;
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
