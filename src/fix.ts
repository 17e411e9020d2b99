/**
 * Fix helpers shared by the rules' suggestions.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/** Remove one element of an array literal, with the comma that separates it from its neighbour. */
export function removeListElement(fixer: TSESLint.RuleFixer, list: TSESTree.ArrayExpression, element: TSESTree.Node): TSESLint.RuleFix {
  const elements = list.elements;
  const index = elements.indexOf(element as TSESTree.Expression);
  const next = elements[index + 1];
  if (next) return fixer.removeRange([element.range[0], next.range[0]]);
  const previous = index > 0 ? elements[index - 1] : undefined;
  if (previous) return fixer.removeRange([previous.range[1], element.range[1]]);
  return fixer.replaceText(list, '[]');
}

/** The indentation of the line a node starts on. */
export function indentationOf(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^\s*/.exec(line)?.[0] ?? '';
}
