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
 * Wrap the statements that follow `declaration` in its block in
 * `try { ... } finally { <cleanup> }`. Returns undefined when that would
 * change what the code means: a name declared in the wrapped statements is
 * used outside them, or a use of the resource inside them hands it off
 * (`keepsOut`), in which case closing it in `finally` would be wrong.
 */
export function wrapInTryFinally(
  sourceCode: Readonly<TSESLint.SourceCode>,
  declaration: TSESTree.VariableDeclaration,
  cleanup: string,
  handsOff: (identifier: TSESTree.Identifier) => boolean,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
  const block = declaration.parent as TSESTree.BlockStatement | TSESTree.StaticBlock;
  const index = block.body.indexOf(declaration as TSESTree.Statement);
  const wrapped = block.body.slice(index + 1);
  const indent = indentationOf(sourceCode, declaration);
  if (wrapped.length === 0) {
    return (fixer) => fixer.insertTextAfter(declaration, `\n${indent}${cleanup}`);
  }
  const first = wrapped[0]!;
  const last = wrapped[wrapped.length - 1]!;
  const range: [number, number] = [first.range[0], last.range[1]];
  // Names declared in the wrapped statements must not be used outside them.
  for (const statement of wrapped) {
    for (const variable of sourceCode.getDeclaredVariables(statement)) {
      for (const reference of variable.references) {
        const at = reference.identifier.range;
        if (at[0] < range[0] || at[1] > range[1]) return undefined;
      }
    }
  }
  // A hand-off inside means the old owner must not close it.
  for (const token of sourceCode.getTokensBetween(declaration, sourceCode.getTokenAfter(last) ?? last, { includeComments: false })) {
    if (token.type !== 'Identifier' || token.range[0] < range[0] || token.range[1] > range[1]) continue;
    const node = sourceCode.getNodeByRangeIndex(token.range[0]);
    if (node?.type === 'Identifier' && handsOff(node)) return undefined;
  }
  const text = sourceCode.text.slice(range[0], range[1]);
  // Re-indent, unless a multi-line template literal would change its contents.
  const multilineTemplate = sourceCode
    .getTokensBetween(declaration, sourceCode.getTokenAfter(last) ?? last)
    .some((token) => token.type === 'Template' && token.loc.start.line !== token.loc.end.line);
  const body = multilineTemplate ? text : text.replace(/\n/g, '\n  ');
  return (fixer) => fixer.replaceTextRange(range, `try {\n${indent}  ${body}\n${indent}} finally {\n${indent}  ${cleanup}\n${indent}}`);
}
