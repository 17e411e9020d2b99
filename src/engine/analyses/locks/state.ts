/**
 * The held-lock lattice: per lock, the acquisition that holds it and the exit
 * it was carried past, if any; joins keep the earliest acquisition.
 */
import type { Acquisition } from '../../classify/locks';
import { intMapForEach, type IntMap } from '../../../util/int-map';
import type { TSESTree } from '@typescript-eslint/utils';

export interface HeldFact {
  readonly acquisition: Acquisition;
  /** A return/break/continue/throw passed while held, for naming the leaking path. */
  readonly exit: TSESTree.Node | undefined;
}

export type HeldState = IntMap<HeldFact>;

/**
 * The join of two facts about one lock: a total order (earlier acquisition
 * first, then the fact that knows of an exit), so the join is a semilattice
 * and the fixpoint ends.
 */
export function preferFact(a: HeldFact, b: HeldFact): HeldFact {
  if (a === b) return a;
  const byAcquisition = a.acquisition.node.range[0] - b.acquisition.node.range[0];
  if (byAcquisition !== 0) return byAcquisition < 0 ? a : b;
  return (a.exit?.range[0] ?? -1) >= (b.exit?.range[0] ?? -1) ? a : b;
}

// -----------------------------------------------------------------------------
// Helpers

/** `{mutex: held since 3:9, left by return 5:3}`: each held lock, where it was acquired and the exit it passed, if any. */
export function describeHeld(state: HeldState): string {
  const parts: string[] = [];
  intMapForEach(state, (_, fact) => {
    const at = fact.acquisition.node.loc.start;
    const exit = fact.exit
      ? `, left by ${fact.exit.type.replace('Statement', '').toLowerCase()} ${fact.exit.loc.start.line}:${fact.exit.loc.start.column + 1}`
      : '';
    parts.push(`${fact.acquisition.lock.display}: held since ${at.line}:${at.column + 1}${exit}`);
  });
  return `{${parts.join(', ')}}`;
}
