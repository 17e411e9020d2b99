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
  removeCleanups = false,
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
  // The cleanup the wrapped code already does moves into the `finally`: each statement that is exactly it, in a block
  // and not in a nested function (a callback's close runs at another time), is removed with its line.
  const removals = removeCleanups ? cleanupStatements(wrapped, cleanup, sourceCode).map((statement) => lineRange(sourceCode, statement)) : [];
  let text = sourceCode.text.slice(range[0], range[1]);
  for (const [start, end] of [...removals].sort((a, b) => b[0] - a[0])) {
    text = text.slice(0, Math.max(0, start - range[0])) + text.slice(Math.min(text.length, end - range[0]));
  }
  text = text.trim(); // it starts and ends at statements: only a removed first or last one leaves space there
  if (text.trim() === '') return (fixer) => fixer.replaceTextRange(range, cleanup);
  // Re-indent, unless that would change a multi-line template literal's contents; blank lines stay blank.
  const body = multilineTemplate ? text : text.replace(/\n(?=[^\n])/g, '\n  ');
  return (fixer) => fixer.replaceTextRange(range, `try {\n${indent}  ${body}\n${indent}} finally {\n${indent}  ${cleanup}\n${indent}}`);
}

/**
 * Wrap everything that follows `declaration` in its block (see wrapStatementsInTryFinally); the statements that
 * already do the cleanup (`port.close();` inside the wrapped code) move into the `finally` instead of staying.
 */
export function wrapInTryFinally(
  sourceCode: Readonly<TSESLint.SourceCode>,
  declaration: TSESTree.Statement,
  cleanup: string,
  blocks: (identifier: TSESTree.Identifier) => boolean,
): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
  const block = declaration.parent as TSESTree.BlockStatement | TSESTree.StaticBlock;
  const index = block.body.indexOf(declaration);
  return wrapStatementsInTryFinally(sourceCode, declaration, block.body.slice(index + 1), cleanup, blocks, true);
}

/**
 * Statements of a block, within `roots` but not inside a nested function, whose text is the cleanup. One that is
 * alone in the block of an `if` without `else` takes the `if` with it when the test has no side effects
 * (`if (done) { port.close(); }`); otherwise it stays rather than leave an empty block.
 */
function cleanupStatements(roots: readonly TSESTree.Node[], cleanup: string, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Statement[] {
  const wanted = cleanup.replace(/\s+/g, '');
  const found: TSESTree.Statement[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'ClassBody')
      return;
    const block = node.parent;
    if (node.type === 'ExpressionStatement' && (block?.type === 'BlockStatement' || block?.type === 'StaticBlock')) {
      const text = sourceCode.getText(node).replace(/\s+/g, '');
      if (text !== wanted && `${text};` !== wanted) return;
      if (block.body.length > 1) found.push(node);
      else {
        const test = block.parent?.type === 'IfStatement' && block.parent.consequent === block && !block.parent.alternate ? block.parent : undefined;
        if (test && isPure(test.test) && test.parent?.type === 'BlockStatement') found.push(test);
      }
      return;
    }
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof (item as TSESTree.Node).type === 'string') visit(item as TSESTree.Node);
      }
    }
  };
  for (const root of roots) visit(root);
  return found;
}

/** An expression that only reads: removing it removes nothing that happens. */
function isPure(node: TSESTree.Node): boolean {
  switch (node.type) {
    case 'Identifier':
    case 'Literal':
    case 'ThisExpression':
      return true;
    case 'MemberExpression':
      return isPure(node.object) && (!node.computed || isPure(node.property));
    case 'UnaryExpression':
      return node.operator !== 'delete' && isPure(node.argument);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return isPure(node.left) && isPure(node.right);
    default:
      return false;
  }
}

/** A statement's whole line(s) when nothing else is on them, else just the statement. */
function lineRange(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): [number, number] {
  const text = sourceCode.text;
  let start = node.range[0];
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = node.range[1];
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if ((start === 0 || text[start - 1] === '\n') && (end === text.length || text[end] === '\n')) return [start === 0 ? 0 : start - 1, end];
  return [node.range[0], node.range[1]];
}
