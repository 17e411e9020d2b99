import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/create-rule';
import { lineOf, withAnalysis, type BlockingFinding, type Deferral } from '../src/engine';

export type Options = [
  {
    checkMainThread: boolean;
    checkEventLoop: boolean;
  },
];

export type MessageId = 'onMainThread' | 'declaredMainThread' | 'onMainThreadThrough' | 'declaredMainThreadThrough' | 'wokenOnThisThread' | 'useAwaitAsync';

export default createRule<MessageId, Options>({
  name: 'no-blocking-wait',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow blocking waits (`Atomics.wait`, `Atomics.Mutex.lock`) on a browser main thread, and waits that only their own thread wakes',
      recommended: false,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          checkMainThread: {
            type: 'boolean',
            description:
              "Report blocking waits in files that run on a browser's main thread, where they throw: declared in `settings.fearless.threads.main`, or evident from the file (it uses `document` or `window`); also calls of imported functions that wait.",
          },
          checkEventLoop: {
            type: 'boolean',
            description:
              'Report blocking waits whose every wake-up in the file (an `Atomics.notify` of the same cell) runs later on the same thread (a handler, a timer or promise callback, after an `await`), so it cannot run while the wait blocks.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkMainThread: true, checkEventLoop: true }],
    messages: {
      onMainThread:
        "`{{wait}}` blocks the thread, but this file runs on a browser's main thread (it uses `{{evidence}}` at line {{line}}), where it throws TypeError. Use `{{alternative}}`, or wait in a worker.",
      declaredMainThread:
        "`{{wait}}` blocks the thread, but `settings.fearless.threads.main` declares that this file runs on a browser's main thread (`{{pattern}}`), where it throws TypeError. Use `{{alternative}}`, or wait in a worker.",
      onMainThreadThrough:
        "`{{callee}}` calls `{{wait}}` ({{where}}), which blocks the thread, but this file runs on a browser's main thread (it uses `{{evidence}}` at line {{line}}), where it throws TypeError. Wait with `{{alternative}}` there, or call it in a worker.",
      declaredMainThreadThrough:
        "`{{callee}}` calls `{{wait}}` ({{where}}), which blocks the thread, but `settings.fearless.threads.main` declares that this file runs on a browser's main thread (`{{pattern}}`), where it throws TypeError. Wait with `{{alternative}}` there, or call it in a worker.",
      wokenOnThisThread:
        '`{{wait}}` blocks this thread until `{{cell}}` {{change}}, but {{waker}} at line {{wakerLine}} that would do it runs {{when}} on this same thread: it cannot run while the thread sleeps, so the wait {{outcome}}. Use `{{alternative}}`.',
      useAwaitAsync: 'Replace with `await {{alternative}}(...).{{member}}` (resolves to the same result without blocking).',
    },
  },
  create(context, [{ checkMainThread, checkEventLoop }]) {
    const text = (node: TSESTree.Node): string => context.sourceCode.getText(node);
    return withAnalysis(context, (analysis) => {
      for (const finding of analysis.blocking()) {
        const wait = finding.wait.label;
        const alternative = finding.wait.asyncAlternative;
        const where = finding.context;
        // A wait inside an imported function: named with the file and line where it is written.
        const through = finding.through;
        const callee = through?.callee ?? '';
        const site = through ? `${through.display}:${through.line}` : '';
        if (where.kind === 'mainThread') {
          if (!checkMainThread) continue;
          const evidence = text(where.evidence.object);
          const line = String(lineOf(where.evidence));
          if (through) {
            context.report({ node: finding.node, messageId: 'onMainThreadThrough', data: { callee, wait, where: site, alternative, evidence, line } });
          } else context.report({ node: finding.node, messageId: 'onMainThread', data: { wait, alternative, evidence, line } });
        } else if (where.kind === 'declaredMainThread') {
          if (!checkMainThread) continue;
          const pattern = where.pattern;
          if (through) {
            context.report({ node: finding.node, messageId: 'declaredMainThreadThrough', data: { callee, wait, where: site, alternative, pattern } });
          } else context.report({ node: finding.node, messageId: 'declaredMainThread', data: { wait, alternative, pattern } });
        } else if (checkEventLoop) {
          const data = {
            wait,
            alternative,
            cell: text(where.cell),
            change: where.waker.label !== undefined && !where.timed ? 'is notified' : 'changes',
            waker: where.waker.label !== undefined ? `the \`${where.waker.label}\`` : `the write to \`${text(where.waker.node)}\``,
            wakerLine: String(lineOf(where.waker.node)),
            when: describeDeferral(where.deferral),
            outcome: where.timed ? 'only ever times out' : 'never returns',
          };
          const asyncWait = where.fn.type !== 'Program' && where.fn.async;
          context.report({ node: finding.node, messageId: 'wokenOnThisThread', data, suggest: asyncWait ? awaitSuggestion(context, finding) : undefined });
        }
      }
    });
  },
});

/**
 * When the waker runs: `in the \`message\` handler registered at line 6`,
 * `in \`publish\`, called after the \`await\` at line 9 of \`load\``.
 */
function describeDeferral(deferral: Deferral): string {
  let helpers = deferral.via;
  let base: string;
  switch (deferral.kind) {
    case 'laterEvent':
      base = `on a later \`${deferral.scheduling.event}\` event of the same handler`;
      break;
    case 'afterAwait': {
      // The last function of `via` is the async one that holds the `await`.
      const holder = helpers[helpers.length - 1];
      helpers = helpers.slice(0, -1);
      base = `after the \`await\` at line ${lineOf(deferral.await)}${holder === undefined ? '' : ` of \`${holder}\``}`;
      break;
    }
    case 'scheduled': {
      const scheduling = deferral.scheduling;
      base =
        scheduling.kind === 'handler'
          ? `in the \`${scheduling.event}\` handler registered at line ${lineOf(scheduling.at)}`
          : `in the \`${scheduling.callee}\` callback at line ${lineOf(scheduling.at)}`;
      break;
    }
  }
  const [helper, ...through] = helpers;
  if (helper === undefined) return base;
  const path = through.length > 0 ? ` (through \`${through.join('`, `')}\`)` : '';
  return `in \`${helper}\`${path}, called ${base}`;
}

/** Parents where `await x.value` must be parenthesized to keep its meaning: `(await ...).length`, `(await ...)()`. */
function needsParentheses(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  switch (parent.type) {
    case 'MemberExpression':
      return parent.object === call;
    case 'CallExpression':
    case 'NewExpression':
      return parent.callee === call;
    case 'TaggedTemplateExpression':
      return true;
    case 'BinaryExpression':
      return parent.operator === '**' && parent.left === call;
    default:
      return false;
  }
}

/**
 * In an async function, `Atomics.wait(a, i, v)` -> `await Atomics.waitAsync(a, i, v).value`:
 * an expression-level change that keeps the code valid (the awaited value is the same string).
 */
function awaitSuggestion(
  context: Readonly<TSESLint.RuleContext<MessageId, Options>>,
  finding: BlockingFinding,
): TSESLint.ReportSuggestionArray<MessageId> | undefined {
  const rewrite = finding.wait.awaitRewrite;
  const call = finding.node;
  if (!rewrite || call.optional || call.parent.type === 'ChainExpression' || context.sourceCode.getText(call.callee) !== finding.wait.label) return undefined;
  const args = call.arguments.map((argument) => context.sourceCode.getText(argument)).join(', ');
  const expression = `await ${rewrite.callee}(${args}).${rewrite.member}`;
  const text = needsParentheses(call) ? `(${expression})` : expression;
  return [
    {
      messageId: 'useAwaitAsync',
      data: { alternative: rewrite.callee, member: rewrite.member },
      fix: (fixer) => fixer.replaceText(call, text),
    },
  ];
}
