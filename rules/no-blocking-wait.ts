import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/create-rule';
import { lineOf, withAnalysis, type BlockingFinding } from '../src/engine';

export type Options = [
  {
    checkMainThread: boolean;
    checkEventLoop: boolean;
  },
];

export type MessageId = 'onMainThread' | 'inAsyncFunction' | 'inEventHandler' | 'useAwaitAsync';

export default createRule<MessageId, Options>({
  name: 'no-blocking-wait',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow blocking waits (`Atomics.wait`, `Atomics.Mutex.lock`) on a browser main thread, in async functions and in message handlers',
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
            description: "Report blocking waits in files that evidently run on a browser's main thread (they use `document` or `window`), where they throw.",
          },
          checkEventLoop: {
            type: 'boolean',
            description:
              'Report blocking waits inside async functions and `message` handlers, where they stall the event loop that must deliver what they wait for.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkMainThread: true, checkEventLoop: true }],
    messages: {
      onMainThread:
        "`{{wait}}` blocks the thread, but this file runs on a browser's main thread (it uses `{{evidence}}` at line {{line}}), where it throws TypeError. Use `{{alternative}}`, or wait in a worker.",
      inAsyncFunction:
        '`{{wait}}` blocks the thread inside the async function at line {{line}}: the event loop stalls with it, including the task that would wake it. Use `{{alternative}}`.',
      inEventHandler:
        '`{{wait}}` blocks the thread inside the `{{event}}` handler at line {{line}}: no further message is delivered while it sleeps, including the one it may be waiting for. Use `{{alternative}}`.',
      useAwaitAsync: 'Replace with `await {{alternative}}(...).{{member}}` (resolves to the same result without blocking).',
    },
  },
  create(context, [{ checkMainThread, checkEventLoop }]) {
    return withAnalysis(context, (analysis) => {
      for (const finding of analysis.blocking()) {
        const wait = finding.wait.label;
        const alternative = finding.wait.asyncAlternative;
        const where = finding.context;
        if (where.kind === 'mainThread') {
          if (!checkMainThread) continue;
          const evidence = context.sourceCode.getText(where.evidence.object);
          context.report({ node: finding.node, messageId: 'onMainThread', data: { wait, alternative, evidence, line: String(lineOf(where.evidence)) } });
        } else if (checkEventLoop) {
          const line = String(lineOf(where.fn));
          const suggest = awaitSuggestion(context, finding);
          if (where.kind === 'async') {
            context.report({ node: finding.node, messageId: 'inAsyncFunction', data: { wait, alternative, line }, suggest });
          } else {
            context.report({ node: finding.node, messageId: 'inEventHandler', data: { wait, alternative, line, event: where.event } });
          }
        }
      }
    });
  },
});

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
