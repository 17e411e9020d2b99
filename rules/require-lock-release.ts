import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/create-rule';
import { lineOf, skipWrappers, withAnalysis, type Acquisition, type LockFinding } from '../src/engine';
import { wrapStatementsInTryFinally } from '../src/fix';

export type Options = [
  {
    checkThrowingWork: boolean;
    checkUnawaited: boolean;
    checkAcquireInTry: boolean;
  },
];

export type MessageId =
  | 'releaserDiscarded'
  | 'releasedOnlyInCatch'
  | 'notReleasedOnExit'
  | 'notReleasedAtEnd'
  | 'notReleasedOnThrow'
  | 'heldAcrossAwait'
  | 'floatingRequest'
  | 'releaserNotAwaited'
  | 'acquiredInTry'
  | 'acquiredInTryReleaser'
  | 'releaseInFinally'
  | 'moveAcquireBeforeTry';

export default createRule<MessageId, Options>({
  name: 'require-lock-release',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every explicitly acquired lock to be released on every path, exceptions included',
      recommended: true,
      requiresTypeChecking: false,
      // Not yet measured at 0.95 precision on the judged real-code corpus: strict only.
      strictOptions: [{ checkThrowingWork: true, checkUnawaited: true, checkAcquireInTry: true }],
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
          checkUnawaited: {
            type: 'boolean',
            description:
              'Report a scoped lock request (`runExclusive(cb)`, `navigator.locks.request(name, cb)`) in an async function whose promise is neither awaited, returned, chained nor stored, and a releaser taken from an `acquire()` that is not awaited.',
          },
          checkAcquireInTry: {
            type: 'boolean',
            description:
              'Report an acquisition inside the `try` whose `finally` releases the lock: when the acquisition rejects (timeout, `cancel()`, an aborted signal), the `finally` releases a lock this task does not hold.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkThrowingWork: true, checkUnawaited: false, checkAcquireInTry: false }],
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
      floatingRequest:
        '`{{call}}` is not awaited: the code after it runs before `{{lock}}` is taken and without it, and an error inside is lost. `await` it or `return` it (`void` it if nothing after depends on the lock).',
      releaserNotAwaited:
        '`{{name}}` is the Promise that `{{call}}` returns, not the releaser: `{{name}}()` at line {{line}} throws TypeError and `{{lock}}` stays held. `await` the acquisition.',
      acquiredInTry:
        '`{{lock}}` is acquired inside the `try` whose `finally` releases it (line {{line}}): if the acquisition rejects (a timeout, `cancel()`, an aborted signal), the `finally` releases a lock this task does not hold and lets another task into a critical section. Acquire it before the `try`.',
      acquiredInTryReleaser:
        '`{{lock}}` is acquired inside the `try` whose `finally` calls `{{release}}` (line {{line}}): if the acquisition rejects (a timeout, `cancel()`, an aborted signal), `{{release}}` is not a function there and its TypeError hides the rejection. Acquire it before the `try`.',
      moveAcquireBeforeTry: 'Move the acquisition of `{{lock}}` to just before the `try`.',
      releaseInFinally: 'Release `{{lock}}` in a `finally` block around the code that holds it.',
    },
  },
  create(context, [{ checkThrowingWork, checkUnawaited, checkAcquireInTry }]) {
    return withAnalysis(context, (analysis) => {
      const locks = analysis.locks();
      if (!locks) return;
      // `const release = m.acquire()` unawaited: that finding says what is wrong; the unreleased paths follow from it.
      const unawaited = new Set(locks.findings.flatMap((finding) => (checkUnawaited && finding.kind === 'releaserNotAwaited' ? [finding.acquisition] : [])));
      for (const finding of locks.findings) {
        if (finding.kind === 'notReleased' && unawaited.has(finding.acquisition)) continue;
        if (!checkUnawaited && (finding.kind === 'floatingRequest' || finding.kind === 'releaserNotAwaited')) continue;
        if (!checkAcquireInTry && finding.kind === 'acquiredInTry') continue;
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
  if (finding.kind === 'floatingRequest') {
    const { acquisition } = finding;
    return { node: acquisition.node, messageId: 'floatingRequest', data: { call: text(sourceCode, acquisition.node), lock: acquisition.lock.display } };
  }
  if (finding.kind === 'releaserNotAwaited') {
    const { acquisition } = finding;
    return {
      node: acquisition.node,
      messageId: 'releaserNotAwaited',
      data: { name: finding.name, call: text(sourceCode, acquisition.node), line: String(lineOf(finding.use)), lock: acquisition.lock.display },
    };
  }
  if (finding.kind === 'acquiredInTry') return acquiredInTry(finding, sourceCode);
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

/**
 * At the acquisition inside the `try`; the suggestion moves the acquisition's statement to just before the
 * `try`, offered only when it is the first statement of the `try` block (nothing before it runs inside the
 * `try` and could depend on the `catch`/`finally`).
 */
function acquiredInTry(
  finding: Extract<LockFinding, { kind: 'acquiredInTry' }>,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.ReportDescriptor<MessageId> {
  const { acquisition, release, tryStatement, movable } = finding;
  const lock = acquisition.lock.display;
  const line = String(lineOf(release));
  const data = finding.throughReleaser
    ? { lock, line, release: release.type === 'CallExpression' ? sourceCode.getText(release.callee) : text(sourceCode, release) }
    : { lock, line };
  const suggest: Array<TSESLint.SuggestionReportDescriptor<MessageId>> = [];
  if (movable) {
    const indent = ' '.repeat(tryStatement.loc.start.column);
    const next = sourceCode.getTokenAfter(movable, { includeComments: true });
    suggest.push({
      messageId: 'moveAcquireBeforeTry',
      data: { lock },
      fix: (fixer) => [
        fixer.insertTextBefore(tryStatement, `${sourceCode.getText(movable)}\n${indent}`),
        fixer.removeRange([movable.range[0], next ? next.range[0] : movable.range[1]]),
      ],
    });
  }
  return { node: acquisition.completes, messageId: finding.throughReleaser ? 'acquiredInTryReleaser' : 'acquiredInTry', data, suggest };
}
