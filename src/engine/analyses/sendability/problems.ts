/**
 * What makes a value unsendable, as messages say it, and how deep the walks
 * of a message go.
 */
import type { Unsendable } from '../../../model/clone';

export const maxDepth = 6;
export const functionProblem: Unsendable = { what: 'a function', consequence: 'DataCloneError when it is posted' };
export const classProblem: Unsendable = { what: 'a class', consequence: 'DataCloneError when it is posted' };
export const markedProblem: Unsendable = { what: 'marked uncloneable (`markAsUncloneable`)', consequence: 'DataCloneError when it is posted' };
export const symbolKeyProblem: Unsendable = { what: 'a symbol-keyed property', consequence: 'it is silently dropped' };

export function dedupeProblems<T extends { path: string[]; problem: Unsendable }>(problems: T[]): T[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path.join('.')}:${problem.problem.what}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
