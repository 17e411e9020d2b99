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

/**
 * Wrap statements `from..to` (inclusive) of a block in `try { ... } finally {
 * <cleanup> }`, or append the cleanup after `anchor` when there is nothing
 * to wrap. Returns undefined when that would change what the code means: a
 * name declared in the wrapped statements is used outside them, or an
 * identifier inside them is one `blocks` rejects (a hand-off of the
 * resource, which the old owner must then not clean up).
 */
export function wrapStatementsInTryFinally(
  sourceCode: Readonly<TSESLint.SourceCode>,
  anchor: TSESTree.Node,
  wrapped: readonly TSESTree.Statement[],
  cleanup: string,
  blocks: (identifier: TSESTree.Identifier) => boolean,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
  const indent = indentationOf(sourceCode, anchor);
  if (wrapped.length === 0) return (fixer) => fixer.insertTextAfter(anchor, `\n${indent}${cleanup}`);
  const first = wrapped[0]!;
  const last = wrapped[wrapped.length - 1]!;
  const range: [number, number] = [first.range[0], last.range[1]];
  for (const statement of wrapped) {
    for (const variable of sourceCode.getDeclaredVariables(statement)) {
      for (const reference of variable.references) {
        const at = reference.identifier.range;
        if (at[0] < range[0] || at[1] > range[1]) return undefined;
      }
    }
  }
  let multilineTemplate = false;
  for (let token = sourceCode.getFirstToken(first); token && token.range[1] <= range[1]; token = sourceCode.getTokenAfter(token)) {
    if (token.type === 'Template' && token.loc.start.line !== token.loc.end.line) multilineTemplate = true;
    if (token.type !== 'Identifier') continue;
    const node = sourceCode.getNodeByRangeIndex(token.range[0]);
    if (node?.type === 'Identifier' && blocks(node)) return undefined;
  }
  const text = sourceCode.text.slice(range[0], range[1]);
  // Re-indent, unless that would change a multi-line template literal's contents; blank lines stay blank.
  const body = multilineTemplate ? text : text.replace(/\n(?=[^\n])/g, '\n  ');
  return (fixer) => fixer.replaceTextRange(range, `try {\n${indent}  ${body}\n${indent}} finally {\n${indent}  ${cleanup}\n${indent}}`);
}

/** Wrap everything that follows `declaration` in its block (see wrapStatementsInTryFinally). */
export function wrapInTryFinally(
  sourceCode: Readonly<TSESLint.SourceCode>,
  declaration: TSESTree.Statement,
  cleanup: string,
  blocks: (identifier: TSESTree.Identifier) => boolean,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
  const block = declaration.parent as TSESTree.BlockStatement | TSESTree.StaticBlock;
  const index = block.body.indexOf(declaration);
  return wrapStatementsInTryFinally(sourceCode, declaration, block.body.slice(index + 1), cleanup, blocks);
}
