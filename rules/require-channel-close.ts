import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/create-rule';
import { exitLine, withAnalysis, type ChannelFinding, type Endpoint, type UndoneUnref } from '../src/engine';
import { wrapInTryFinally } from '../src/fix';

export type Options = [
  {
    unknownCallIsHandoff: boolean;
    unrefIsDischarge: boolean;
    requireStart: boolean;
    workers: boolean;
    streamReaders: boolean;
    comlinkRemotes: boolean;
  },
];

export type MessageId =
  | 'neverClosed'
  | 'neverClosedChannel'
  | 'notClosedOnReturn'
  | 'notClosedAtEnd'
  | 'notClosedBeforeReassign'
  | 'notClosedBeforeRecreate'
  | 'fieldNeverClosed'
  | 'moduleNeverClosed'
  | 'droppedOpen'
  | 'notStarted'
  | 'closeInFinally'
  | 'releaseInFinally'
  | 'addStart';

export default createRule<MessageId, Options>({
  name: 'require-channel-close',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require channel endpoints (MessagePorts, BroadcastChannels, stream writers) to be closed or handed off on every path',
      recommended: true,
      requiresTypeChecking: false,
      strictOptions: [{ unknownCallIsHandoff: false, unrefIsDischarge: false, requireStart: true, workers: true, streamReaders: true, comlinkRemotes: true }],
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          unknownCallIsHandoff: {
            type: 'boolean',
            description:
              'Whether passing an endpoint to a function whose body the rule cannot see (`register(port)`) counts as handing it off to a new owner. On by default, for precision; `strict` turns it off.',
          },
          unrefIsDischarge: {
            type: 'boolean',
            description:
              "Whether every `unref()` counts as discharging a port or BroadcastChannel, even one that a `'message'` listener added after it undoes (Node refs a port again when a listener is added). An `unref()` that no later listener undoes always counts: the endpoint is meant to live as long as the process.",
          },
          requireStart: {
            type: 'boolean',
            description:
              "Whether to report a MessagePort that gets an `addEventListener('message', ...)` listener but is never started: browsers deliver nothing to it until `port.start()` (assigning `onmessage` starts a port). Off by default (Node delivers without `start()`, and the check is not yet measured to recommended precision); `strict` turns it on.",
          },
          workers: {
            type: 'boolean',
            description:
              "Whether to report a Node `worker_threads` Worker created in a function that is neither terminated, `unref()`ed, awaited to `'exit'` (`once(worker, 'exit')`, an `'exit'` listener), nor handed off on every path: it keeps the process alive. Off by default (below recommended precision on the judged corpus); `strict` turns it on.",
          },
          streamReaders: {
            type: 'boolean',
            description:
              'Whether to report a stream reader from `getReader()` that is neither released (`releaseLock()`), cancelled, read to the end (`done`), awaited to `closed`, nor handed off on every path: the stream stays locked. Off by default; `strict` turns it on.',
          },
          comlinkRemotes: {
            type: 'boolean',
            description:
              'Whether to report a Comlink `wrap()` remote created in a function and never released with `remote[Comlink.releaseProxy]()` nor handed off: it keeps its MessagePort and the worker-side object alive. Off by default; `strict` turns it on.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ unknownCallIsHandoff: true, unrefIsDischarge: false, requireStart: false, workers: false, streamReaders: false, comlinkRemotes: false }],
    messages: {
      neverClosed: '{{what}} is never {{closed}} or handed off; {{symptom}}.',
      neverClosedChannel: 'Neither port of this MessageChannel ({{names}}) is ever closed or handed off; {{symptom}}.',
      notClosedOnReturn: '{{what}} is not {{closed}} when the function returns at line {{line}}; {{symptom}}.',
      notClosedAtEnd: '{{what}} is not {{closed}} when the function ends at line {{line}}; {{symptom}}.',
      notClosedBeforeReassign: '{{what}} is not {{closed}} before `{{name}}` is assigned again at line {{line}}; {{symptom}}.',
      notClosedBeforeRecreate: '{{what}} is not {{closed}} before the next iteration creates another one (line {{line}}); {{symptom}}.',
      fieldNeverClosed:
        'This {{label}} is stored in `{{name}}`, which no method of {{owner}} closes or hands off; {{symptom}}. Close it in a `close()` or `[Symbol.dispose]()` method.',
      moduleNeverClosed: '{{what}} is created at module level and never closed, handed off or exported; {{symptom}}.',
      droppedOpen: 'This {{label}} is created and dropped without being closed; {{symptom}}.',
      notStarted:
        "`{{name}}` gets a 'message' listener here but is never started: a browser delivers nothing to `addEventListener` listeners until `{{name}}.start()` (assigning `onmessage` would start it).",
      closeInFinally: 'Close `{{name}}` in a `finally` block around the code that uses it.',
      releaseInFinally: 'Call `{{name}}.{{method}}()` in a `finally` block around the code that uses it.',
      addStart: 'Call `{{name}}.start()` after adding the listener.',
    },
  },
  create(context, [options]) {
    const checks = (['workers', 'streamReaders', 'comlinkRemotes'] as const).filter((check) => options[check]);
    return withAnalysis(context, (analysis) => {
      for (const finding of analysis.channels({ ...options, checks })) context.report(describe(finding, context.sourceCode));
    });
  },
});

/** "`port1` of this MessageChannel", "This BroadcastChannel (`bc`)". */
function what(endpoint: Endpoint): string {
  if (endpoint.property !== undefined) return `\`${endpoint.name}\` of this ${endpoint.kind.label}`;
  return `This ${endpoint.kind.label} (\`${endpoint.name}\`)`;
}

/** What the open endpoint does; when a listener added later undid its `unref()`, that is the reason, with both lines. */
function symptomOf(endpoint: Endpoint, undone: UndoneUnref | undefined): string {
  if (!undone) return endpoint.kind.symptom;
  return `its \`unref()\` at line ${undone.unref.loc.start.line} is undone by the 'message' listener added at line ${undone.listener.loc.start.line} (Node refs a port again when a listener is added), so it keeps the event loop alive`;
}

function describe(finding: ChannelFinding, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.ReportDescriptor<MessageId> {
  if (finding.kind === 'notStarted') {
    const name = finding.endpoint.name;
    return { node: finding.listener, messageId: 'notStarted', data: { name }, suggest: startSuggestion(finding.listener, name, sourceCode) };
  }
  if (finding.kind === 'neverClosed') {
    const [endpoint] = finding.endpoints as [Endpoint, ...Endpoint[]];
    const symptom = symptomOf(endpoint, finding.undoneUnref);
    if (finding.endpoints.length > 1) {
      const names = finding.endpoints.map((e) => `\`${e.name}\``).join(', ');
      return { node: endpoint.creation, messageId: 'neverClosedChannel', data: { names, symptom } };
    }
    if (endpoint.lifetime === 'field') {
      const owner = endpoint.className ? `\`${endpoint.className}\`` : 'the class';
      return { node: endpoint.reportNode, messageId: 'fieldNeverClosed', data: { label: endpoint.kind.label, name: endpoint.name, owner, symptom } };
    }
    if (endpoint.lifetime === 'dropped') {
      return { node: endpoint.reportNode, messageId: 'droppedOpen', data: { label: endpoint.kind.label, symptom } };
    }
    if (endpoint.lifetime === 'module') {
      return { node: endpoint.reportNode, messageId: 'moduleNeverClosed', data: { what: what(endpoint), symptom } };
    }
    const data = { what: what(endpoint), symptom, closed: endpoint.kind.closedWord };
    return { node: endpoint.reportNode, messageId: 'neverClosed', data, suggest: closeSuggestion(endpoint, sourceCode) };
  }
  const { endpoint, exit } = finding;
  const symptom = symptomOf(endpoint, finding.undoneUnref);
  const data = { what: what(endpoint), symptom, line: String(exitLine(exit)), name: endpoint.name, closed: endpoint.kind.closedWord };
  const messageId: MessageId = {
    return: 'notClosedOnReturn',
    end: 'notClosedAtEnd',
    reassign: 'notClosedBeforeReassign',
    recreate: 'notClosedBeforeRecreate',
  }[exit.kind] as MessageId;
  const suggest = exit.kind === 'return' || exit.kind === 'end' ? closeSuggestion(endpoint, sourceCode) : [];
  return { node: endpoint.reportNode, messageId, data, suggest };
}

/**
 * Wrap what follows the endpoint's declaration in `try { ... } finally {
 * x.close(); }`, when that is mechanical: a single declarator statement in a
 * block, a port or BroadcastChannel (closing twice is harmless; a writer's
 * second `close()` rejects), and nothing hands the endpoint off (a returned or
 * transferred port must not be closed by its old owner).
 */
function closeSuggestion(endpoint: Endpoint, sourceCode: Readonly<TSESLint.SourceCode>): Array<TSESLint.SuggestionReportDescriptor<MessageId>> {
  const method = endpoint.kind.close[0];
  if (endpoint.lifetime !== 'local' || !endpoint.opener || method === undefined || !endpoint.kind.closeIsIdempotent) return [];
  const declaration = declarationStatement(endpoint.opener);
  if (!declaration) return [];
  const fix = wrapInTryFinally(sourceCode, declaration, `${endpoint.name}.${method}();`, (node) => handsOff(node, endpoint));
  if (!fix) return [];
  return [
    method === 'close'
      ? { messageId: 'closeInFinally', data: { name: endpoint.name }, fix }
      : { messageId: 'releaseInFinally', data: { name: endpoint.name, method }, fix },
  ];
}

/** `port.addEventListener('message', f);` as a statement of its own: insert `port.start();` after it, on its own line. */
function startSuggestion(
  listener: TSESTree.CallExpression,
  name: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
): Array<TSESLint.SuggestionReportDescriptor<MessageId>> {
  const statement = listener.parent;
  if (statement?.type !== 'ExpressionStatement' || statement.expression !== listener) return [];
  const indent = sourceCode.lines[statement.loc.start.line - 1]!.slice(0, statement.loc.start.column);
  return [{ messageId: 'addStart', data: { name }, fix: (fixer) => fixer.insertTextAfter(statement, `\n${indent}${name}.start();`) }];
}

function declarationStatement(identifier: TSESTree.Identifier): TSESTree.VariableDeclaration | undefined {
  let node: TSESTree.Node | undefined = identifier.parent;
  while (node && node.type !== 'VariableDeclaration') node = node.parent;
  if (!node || node.declarations.length !== 1) return undefined;
  const container = node.parent;
  return container?.type === 'BlockStatement' || container?.type === 'StaticBlock' ? node : undefined;
}

/** Members that attach a message listener: the endpoint must stay open until the reply, so no `finally` close. */
const listenerMembers = new Set(['onmessage', 'onmessageerror', 'addEventListener', 'on', 'once', 'addListener', 'start']);

/**
 * Whether a use of the endpoint's variable rules the `finally` edit out: it
 * hands the endpoint off (returned, stored, transferred, passed on), or it
 * attaches a listener that needs the endpoint open after the block.
 */
function handsOff(node: TSESTree.Identifier, endpoint: Endpoint): boolean {
  const path = endpoint.name.split('.');
  if (node.name !== path[0]) return false;
  // Walk the member chain the endpoint's name spells (`channel.port1`), then look at what is done with it.
  let current: TSESTree.Node = node;
  for (const property of path.slice(1)) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (parent?.type !== 'MemberExpression' || parent.object !== current || staticName(parent) !== property) return false;
    current = parent;
  }
  const parent = current.parent;
  if (parent?.type === 'MemberExpression' && parent.object === current) return listenerMembers.has(staticName(parent) ?? '');
  return true;
}

function staticName(member: TSESTree.MemberExpression): string | undefined {
  return !member.computed && member.property.type === 'Identifier' ? member.property.name : undefined;
}
