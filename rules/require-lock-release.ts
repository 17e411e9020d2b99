import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/create-rule';
import { lineOf, skipWrappers, withAnalysis, type Acquisition, type LockFinding } from '../src/engine';
import { wrapStatementsInTryFinally } from '../src/fix';

export type Options = [
  {
    checkThrowingWork: boolean;
  },
];

export type MessageId =
  'releaserDiscarded' | 'releasedOnlyInCatch' | 'notReleasedOnExit' | 'notReleasedAtEnd' | 'notReleasedOnThrow' | 'heldAcrossAwait' | 'releaseInFinally';

export default createRule<MessageId, Options>({
  name: 'require-lock-release',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every explicitly acquired lock to be released on every path, exceptions included',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          checkThrowingWork: {
            type: 'boolean',
            description:
              'Report calls and awaits between an acquisition and its release that are not inside a `try` whose `finally` (or rethrowing `catch`) releases the lock: if they throw, the lock stays held.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkThrowingWork: true }],
    messages: {
      releaserDiscarded:
        'The releaser that `{{call}}` returns is discarded and nothing releases `{{lock}}`: every later caller waits forever. Keep it (`const release = await {{call}}`) and call it in a `finally`.',
      releasedOnlyInCatch:
        '`{{lock}}` is released only in `catch` (line {{line}}): when the work succeeds it stays held and every later caller waits forever. Release it in `finally`.',
      notReleasedOnExit:
        '`{{lock}}` is not released on the path through the `{{exit}}` at line {{line}}: every later caller waits forever. Release it in a `finally`.',
      notReleasedAtEnd: '`{{lock}}` is not released when the function ends at line {{line}}: every later caller waits forever. Release it in a `finally`.',
      notReleasedOnThrow: 'If `{{work}}` (line {{line}}) throws, `{{lock}}` is never released and every later caller waits forever. Release it in a `finally`.',
      heldAcrossAwait:
        '`{{lock}}` ({{kind}}) is held across this `await`: it blocks other threads, which wait for as long as this task is suspended. Release it before awaiting.',
      releaseInFinally: 'Release `{{lock}}` in a `finally` block around the code that holds it.',
    },
  },
  create(context, [{ checkThrowingWork }]) {
    return withAnalysis(context, (analysis) => {
      const locks = analysis.locks();
      if (!locks) return;
      for (const finding of locks.findings) {
        const descriptor = describe(finding, context.sourceCode, checkThrowingWork);
        if (descriptor) context.report(descriptor);
      }
    });
  },
});

function text(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, max = 40): string {
  const raw = sourceCode.getText(node).replace(/\s+/g, ' ');
  return raw.length > max ? `${raw.slice(0, max - 1)}…` : raw;
}

function describe(
  finding: LockFinding,
  sourceCode: Readonly<TSESLint.SourceCode>,
  checkThrowingWork: boolean,
): TSESLint.ReportDescriptor<MessageId> | undefined {
  if (finding.kind === 'heldAcrossAwait') {
    return { node: finding.node, messageId: 'heldAcrossAwait', data: { lock: finding.acquisition.lock.display, kind: finding.acquisition.lock.kindLabel } };
  }
  if (finding.kind !== 'notReleased') return undefined;
  const { acquisition, cause } = finding;
  const lock = acquisition.lock.display;
  const node = acquisition.completes;
  const suggest = releaseSuggestion(finding, sourceCode);
  switch (cause.kind) {
    case 'discarded':
      return { node, messageId: 'releaserDiscarded', data: { call: text(sourceCode, acquisition.node), lock }, suggest };
    case 'onlyInCatch':
      return { node, messageId: 'releasedOnlyInCatch', data: { lock, line: String(lineOf(cause.release)) }, suggest };
    case 'exit': {
      const exit = cause.exit.type.replace('Statement', '').toLowerCase();
      return { node, messageId: 'notReleasedOnExit', data: { lock, exit, line: String(lineOf(cause.exit)) }, suggest };
    }
    case 'end':
      return { node, messageId: 'notReleasedAtEnd', data: { lock, line: String(cause.end.loc.end.line) }, suggest };
    case 'throws':
      if (!checkThrowingWork) return undefined;
      return { node, messageId: 'notReleasedOnThrow', data: { lock, work: text(sourceCode, cause.work), line: String(lineOf(cause.work)) }, suggest };
  }
}

/** The statement that releases: `release();`, `mutex.release();`, `token.unlock();`. */
function releaseStatement(acquisition: Acquisition, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const declarator = skipWrappers(acquisition.completes).parent;
  if (acquisition.returns === 'releaser' || acquisition.returns === 'token') {
    if (declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier') {
      return acquisition.returns === 'token' ? `${declarator.id.name}.unlock();` : `${declarator.id.name}();`;
    }
  }
  if (acquisition.returns === 'valueAndReleaser') {
    if (declarator?.type === 'VariableDeclarator' && declarator.id.type === 'ArrayPattern' && declarator.id.elements[1]?.type === 'Identifier')
      return `${declarator.id.elements[1].name}();`;
  }
  const callee = acquisition.node.callee;
  if (callee.type === 'MemberExpression' && (acquisition.returns === 'nothing' || acquisition.discarded))
    return `${sourceCode.getText(callee.object)}.release();`;
  return undefined;
}

/**
 * Wrap the statements between the acquisition and its release in
 * `try { ... } finally { release(); }`, when mechanical: the acquisition is a
 * statement of a block, and the only release (if any) is a later statement
 * of the same block, which moves into the `finally`.
 */
function releaseSuggestion(
  finding: Extract<LockFinding, { kind: 'notReleased' }>,
  sourceCode: Readonly<TSESLint.SourceCode>,
): Array<TSESLint.SuggestionReportDescriptor<MessageId>> {
  const { acquisition, releases } = finding;
  if (acquisition.form === 'scoped') return [];
  let statement: TSESTree.Node | undefined = acquisition.completes;
  while (statement && statement.parent && statement.parent.type !== 'BlockStatement' && statement.parent.type !== 'StaticBlock') statement = statement.parent;
  if (!statement?.parent || (statement.type !== 'VariableDeclaration' && statement.type !== 'ExpressionStatement')) return [];
  const block = statement.parent as TSESTree.BlockStatement | TSESTree.StaticBlock;
  const start = block.body.indexOf(statement as TSESTree.Statement);
  const releaseStatements = releases.map((release) => release.parent);
  if (releaseStatements.length > 1 || releaseStatements.some((parent) => parent?.type !== 'ExpressionStatement' || parent.parent !== block)) return [];
  const releaseNode = releaseStatements[0] as TSESTree.ExpressionStatement | undefined;
  const end = releaseNode ? block.body.indexOf(releaseNode) : block.body.length;
  const cleanup = releaseNode ? sourceCode.getText(releaseNode) : releaseStatement(acquisition, sourceCode);
  if (!cleanup || end <= start) return [];
  const wrapped = block.body.slice(start + 1, end);
  const wrap = wrapStatementsInTryFinally(sourceCode, statement, wrapped, cleanup, () => false);
  if (!wrap) return [];
  return [
    {
      messageId: 'releaseInFinally',
      data: { lock: acquisition.lock.display },
      fix: (fixer) => {
        const edit = wrap(fixer);
        if (!releaseNode || wrapped.length === 0) return edit;
        // The old release statement moves into the finally: remove it (with its line) after the try.
        const previous = wrapped[wrapped.length - 1]!;
        return [edit, fixer.removeRange([previous.range[1], releaseNode.range[1]])];
      },
    },
  ];
}
