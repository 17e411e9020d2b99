/**
 * The ownership lattice: per place, the moves that may have happened (`may`)
 * and whether one must have (`must`). Joins keep the earliest move.
 */
import type { Places } from '../../facts/places';
import { emptyIntMap, intMapEquals, intMapForEach, intMapGet, intMapIntersection, intMapUnion, type IntMap } from '../../../util/int-map';
import type { Move } from './findings';

export interface MoveFact {
  readonly moves: readonly Move[];
}

export interface OwnershipState {
  /** Places moved on some path, with every transfer that may have moved them. */
  readonly may: IntMap<MoveFact>;
  /** Places moved on every path. */
  readonly must: IntMap<true>;
}

export const emptyState: OwnershipState = { may: emptyIntMap, must: emptyIntMap };

export function keep<T>(a: T): T {
  return a;
}

export function mergeFacts(a: MoveFact, b: MoveFact): MoveFact {
  if (a === b) return a;
  const extra = b.moves.filter((move) => !a.moves.includes(move));
  return extra.length === 0 ? a : { moves: [...a.moves, ...extra] };
}

export function factsEqual(a: MoveFact, b: MoveFact): boolean {
  return a === b || (a.moves.length === b.moves.length && a.moves.every((move) => b.moves.includes(move)));
}

export function joinStates(a: OwnershipState, b: OwnershipState): OwnershipState {
  if (a === b) return a;
  const may = intMapUnion(a.may, b.may, mergeFacts);
  const must = intMapIntersection(a.must, b.must, keep);
  return may === a.may && must === a.must ? a : { may, must };
}

export function statesEqual(a: OwnershipState, b: OwnershipState): boolean {
  return a === b || (intMapEquals(a.may, b.may, factsEqual) && intMapEquals(a.must, b.must, () => true));
}

// -----------------------------------------------------------------------------
// Helpers

/** `{buf: moved (must) by postMessage 3:5}`: each moved place with whether every path moved it and its first move. */
export function describeOwnership(state: OwnershipState, places: Places): string {
  const parts: string[] = [];
  intMapForEach(state.may, (place, fact) => {
    const move = fact.moves[0]!;
    const by = move.imported
      ? `${move.imported.label} ${move.imported.display}:${move.imported.line}`
      : `${move.site.label} ${move.item.node.loc.start.line}:${move.item.node.loc.start.column + 1}`;
    parts.push(`${places.name(place)}: moved (${intMapGet(state.must, place) ? 'must' : 'may'}) by ${by}`);
  });
  return `{${parts.join(', ')}}`;
}
