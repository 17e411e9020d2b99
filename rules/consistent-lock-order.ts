import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from '../src/create-rule';
import { LockGraph, lineOf, withAnalysis, type LockRef, type OrderEdgeSite } from '../src/engine';

export type Options = [
  {
    order: string[];
    checkArgumentOrder: boolean;
    checkRoundTrip: boolean;
  },
];

export type MessageId =
  | 'lockOrderCycle'
  | 'lockOrderCycleThroughCall'
  | 'lockOrderCycleThroughImport'
  | 'reentrant'
  | 'reentrantThroughCall'
  | 'reentrantThroughImport'
  | 'argumentOrder'
  | 'againstDeclaredOrder'
  | 'heldAcrossRoundTrip';

export default createRule<MessageId, Options>({
  name: 'consistent-lock-order',
  meta: {
    type: 'problem',
    docs: {
      description: 'Enforce one order of nested lock acquisitions, and disallow re-acquiring a lock that is not re-entrant',
      recommended: true,
      requiresTypeChecking: false,
      strictOptions: [{ order: [], checkArgumentOrder: true, checkRoundTrip: true }],
    },
    schema: [
      {
        type: 'object',
        properties: {
          order: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'A declared global order of lock classes, outermost first, by name: a field (`accounts` for `this.accounts`), a module binding, or a Web Lock name. Any acquisition against it is reported. This is how the order holds across files while each file is linted on its own; `settings.fearless.lockOrder` is used when this is empty.',
          },
          checkArgumentOrder: {
            type: 'boolean',
            description:
              'Report two locks of the same kind taken in the order of the parameters they come from (`lock(from)` then `lock(to)`), unless the function orders them first (for example by id). On in `strict`.',
          },
          checkRoundTrip: {
            type: 'boolean',
            description:
              "Report a Web Lock held while awaiting a reply from a worker started from the same file (or a SharedWorker's port) whose `message` handler requests the same lock name before it replies: the handler waits for the holder, which waits for the reply. On in `strict`.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ order: [], checkArgumentOrder: false, checkRoundTrip: false }],
    messages: {
      lockOrderCycle: '`{{inner}}` is acquired while holding `{{outer}}` here, but `{{outer}}` is acquired {{other}}: two tasks running these can deadlock.',
      lockOrderCycleThroughCall:
        '`{{inner}}` is acquired by `{{callee}}` (line {{innerLine}}) while holding `{{outer}}` here, but `{{outer}}` is acquired {{other}}: two tasks running these can deadlock.',
      // Through a function of another module: where it acquires the lock there (`db-lock.ts:7`), as a line here.
      lockOrderCycleThroughImport:
        '`{{inner}}` is acquired by `{{callee}}` ({{innerAt}}) while holding `{{outer}}` here, but `{{outer}}` is acquired {{other}}: two tasks running these can deadlock.',
      reentrant: '`{{lock}}` is acquired again while this task already holds it (line {{heldLine}}); {{kind}} is not re-entrant, so this waits forever.',
      reentrantThroughCall:
        '`{{callee}}` acquires `{{lock}}` (line {{innerLine}}) while this task already holds it (line {{heldLine}}); {{kind}} is not re-entrant, so this waits forever.',
      reentrantThroughImport:
        '`{{callee}}` acquires `{{lock}}` ({{innerAt}}) while this task already holds it (line {{heldLine}}); {{kind}} is not re-entrant, so this waits forever.',
      argumentOrder:
        '`{{second}}` is acquired while holding `{{first}}`, in the order of the parameters they come from: two calls with the arguments swapped can deadlock. Order the locks first (for example by id).',
      againstDeclaredOrder: '`{{inner}}` is acquired while holding `{{outer}}`, against the declared lock order ({{order}}).',
      heldAcrossRoundTrip:
        "The {{kind}} `{{lock}}` (line {{heldLine}}) is held here while awaiting a reply from `{{endpoint}}` (posted at line {{postLine}}); the {{thread}}'s `{{event}}` handler at line {{handlerLine}} requests `{{lock}}` too (line {{requestLine}}) before it replies, so it waits for this holder, which waits for its reply: neither ever resumes.",
    },
  },
  create(context, [{ order, checkArgumentOrder, checkRoundTrip }]) {
    return withAnalysis(context, (analysis) => {
      const locks = analysis.locks();
      if (!locks) return;
      for (const finding of locks.findings) {
        if (finding.kind === 'reentrant') {
          const lock = finding.lock.display;
          const heldLine = String(lineOf(finding.held.node));
          const kind = finding.lock.kindLabel;
          if (finding.through?.where !== undefined) {
            const { callee, where: innerAt } = finding.through;
            context.report({ node: finding.node, messageId: 'reentrantThroughImport', data: { callee, lock, innerAt, heldLine, kind } });
          } else if (finding.through) {
            const { callee } = finding.through;
            const innerLine = String(lineOf(finding.through.node));
            context.report({ node: finding.node, messageId: 'reentrantThroughCall', data: { callee, lock, innerLine, heldLine, kind } });
          } else {
            context.report({ node: finding.node, messageId: 'reentrant', data: { lock, heldLine, kind } });
          }
        } else if (finding.kind === 'argumentOrder' && checkArgumentOrder) {
          context.report({ node: finding.node, messageId: 'argumentOrder', data: { first: finding.first.display, second: finding.second.display } });
        }
      }
      if (checkRoundTrip) {
        for (const finding of analysis.roundTrips()) {
          context.report({
            node: finding.node,
            messageId: 'heldAcrossRoundTrip',
            data: {
              kind: finding.held.lock.kindLabel,
              lock: finding.held.lock.display,
              heldLine: String(lineOf(finding.held.node)),
              endpoint: finding.endpoint,
              postLine: String(lineOf(finding.post)),
              thread: finding.thread,
              event: finding.event,
              handlerLine: String(lineOf(finding.handler)),
              requestLine: String(lineOf(finding.request.node)),
            },
          });
        }
      }
      reportCycles(context, locks.edges);
      // The rule option wins; otherwise the order declared in settings (validated with them).
      const declared = order.length > 0 ? order : analysis.model.settings.lockOrder;
      if (declared.length > 0) reportDeclaredOrder(context, locks.edges, declared);
    });
  },
});

/** Edges that can take part in a deadlock: between shareable locks (or locks of one function), not both shared. */
function deadlockGraph(edges: readonly OrderEdgeSite[]): LockGraph<OrderEdgeSite> {
  const graph = new LockGraph<OrderEdgeSite>();
  for (const edge of edges) {
    if (edge.shared || edge.held.lock.scope === 'expression' || edge.acquired.scope === 'expression') continue;
    graph.add({ from: edge.held.lock.key, to: edge.acquired.key, site: edge });
  }
  return graph;
}

function reportCycles(context: Readonly<TSESLint.RuleContext<MessageId, Options>>, edges: readonly OrderEdgeSite[]): void {
  const graph = deadlockGraph(edges);
  const seen = new Set<string>();
  for (const edge of graph.edges()) {
    if (!graph.onCycle(edge)) continue;
    const site = edge.site;
    const key = `${site.node.range[0]}:${edge.from}:${edge.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const back = graph.path(edge.to, edge.from);
    if (!back || back.length === 0) continue;
    const inner = site.acquired.display;
    const outer = site.held.lock.display;
    const other = describeOtherHalf(back, site.acquired);
    if (site.through?.where !== undefined) {
      const { callee, where: innerAt } = site.through;
      context.report({ node: site.node, messageId: 'lockOrderCycleThroughImport', data: { inner, outer, other, callee, innerAt } });
    } else if (site.through) {
      const { callee } = site.through;
      const innerLine = String(lineOf(site.through.node));
      context.report({ node: site.node, messageId: 'lockOrderCycleThroughCall', data: { inner, outer, other, callee, innerLine } });
    } else {
      context.report({ node: site.node, messageId: 'lockOrderCycle', data: { inner, outer, other } });
    }
  }
}

/** "while holding `ledger` at line 48", or "after `ledger` through `audit` (line 60) and `accounts` (line 71)". */
function describeOtherHalf(path: ReadonlyArray<{ site: OrderEdgeSite }>, inner: LockRef): string {
  if (path.length === 1) return `while holding \`${inner.display}\` at line ${lineOf(path[0]!.site.node)}`;
  const steps = path.map(({ site }) => `\`${site.acquired.display}\` (line ${lineOf(site.node)})`);
  return `after \`${inner.display}\` through ${steps.slice(0, -1).join(', ')} and ${steps[steps.length - 1]}`;
}

/** The name a declared order uses for a lock: `accounts` for `this.accounts`, the Web Lock's name, the binding. */
function orderName(lock: LockRef, declared: readonly string[]): number {
  const candidates = [lock.display, lock.display.replace(/^this\./, ''), lock.origin?.name ?? '', lock.display.split('.').pop() ?? ''];
  for (const candidate of candidates) {
    const index = declared.indexOf(candidate);
    if (index !== -1) return index;
  }
  return -1;
}

function reportDeclaredOrder(context: Readonly<TSESLint.RuleContext<MessageId, Options>>, edges: readonly OrderEdgeSite[], declared: readonly string[]): void {
  const seen = new Set<number>();
  for (const edge of edges) {
    if (edge.shared) continue;
    const outer = orderName(edge.held.lock, declared);
    const inner = orderName(edge.acquired, declared);
    if (outer === -1 || inner === -1 || inner >= outer || seen.has(edge.node.range[0])) continue;
    seen.add(edge.node.range[0]);
    context.report({
      node: edge.node,
      messageId: 'againstDeclaredOrder',
      data: { inner: edge.acquired.display, outer: edge.held.lock.display, order: `\`${declared[inner]}\` before \`${declared[outer]}\`` },
    });
  }
}
