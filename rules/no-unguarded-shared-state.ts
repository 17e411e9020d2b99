import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/create-rule';
import { lineOf, outerParent, skipWrappers, withAnalysis, type GuardedStateFinding, type SharedMemoryFinding, type SharedOrigin } from '../src/engine';

export type Options = [
  {
    reportPlainWrites: boolean;
    guardedState: false | GuardedStateOptions;
  },
];

export interface GuardedStateOptions {
  minGuardedSites: number;
}

export type MessageId =
  | 'racyUpdate'
  | 'racySplitUpdate'
  | 'racyWrite'
  | 'racyBulkWrite'
  | 'spinRead'
  | 'racyInHelper'
  | 'ownedByLock'
  | 'unguardedUpdate'
  | 'unguardedWrite'
  | 'useAtomics';

export default createRule<MessageId, Options>({
  name: 'no-unguarded-shared-state',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow plain reads and writes of shared memory without Atomics or a held lock',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          reportPlainWrites: {
            type: 'boolean',
            description:
              'Report plain writes and bulk writes (`v[i] = x`, `.set`, `.fill`) of shared memory, not only read-modify-writes and waited-on reads. Turn off for single-writer memory that is published by other means.',
          },
          guardedState: {
            description:
              'Report state (a class field, a module-level variable) that is read-modify-written under a lock in some methods and written without that lock in another, where an update can be lost at an `await`. `false` turns the check off.',
            oneOf: [
              { type: 'boolean', enum: [false], description: 'Turn the check off.' },
              {
                type: 'object',
                description: 'Turn the check on, with its evidence threshold.',
                properties: {
                  minGuardedSites: {
                    type: 'integer',
                    minimum: 1,
                    description: 'How many read-modify-writes under the lock, in other methods, it takes before a write without it is reported.',
                  },
                },
                additionalProperties: false,
              },
            ],
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ reportPlainWrites: true, guardedState: false }],
    messages: {
      racyUpdate:
        '`{{name}}` is shared memory ({{origin}}); this `{{operator}}` is not atomic: an update from another thread between its read and its write is lost. {{remedy}}',
      racySplitUpdate:
        '`{{name}}` is shared memory ({{origin}}); reading it into `{{local}}` (line {{readLine}}) and writing it back here is not atomic: an update from another thread in between is lost. {{remedy}}',
      racyWrite:
        '`{{name}}` is shared memory ({{origin}}); this plain write is not synchronized: the other thread may never see it, or see it out of order. {{remedy}}',
      racyBulkWrite:
        '`{{name}}` is shared memory ({{origin}}); `.{{method}}()` writes it without synchronization: hold a lock, or publish the result afterwards with `Atomics.store` and `Atomics.notify` of a flag.',
      spinRead:
        'This loop waits on a plain read of `{{name}}`, shared memory ({{origin}}): the JIT may hoist the read out of the loop and spin forever. {{remedy}}',
      racyInHelper: '`{{name}}` is shared memory ({{origin}}); `{{callee}}` {{effect}} ({{where}}): {{consequence}} {{remedy}}',
      ownedByLock: '`{{name}}` is guarded by `{{lock}}` (line {{line}}), but this access does not hold it: take the lock first.',
      unguardedUpdate:
        '`{{name}}` is updated under `{{lock}}` at {{sites}}; this update is not: it reads `{{name}}` before the `await` at line {{awaitLine}} and writes it after, so an update that interleaves at that `await` is lost. Hold `{{lock}}` from the read to the write.',
      unguardedWrite:
        '`{{name}}` is updated under `{{lock}}` at {{sites}}, and the update at line {{spanningLine}} reads it before the `await` at line {{awaitLine}} and writes it after; this write does not hold `{{lock}}`, so it can land during that `await` and be lost. Hold `{{lock}}` here too.',
      useAtomics: 'Use `{{replacement}}`.',
    },
  },
  create(context, [{ reportPlainWrites, guardedState }]) {
    return withAnalysis(context, (analysis) => {
      for (const finding of analysis.sharedMemory()) {
        if (!reportPlainWrites && finding.kind === 'racy' && (finding.access.kind === 'write' || finding.access.kind === 'bulkWrite')) continue;
        context.report(describe(finding, context.sourceCode));
      }
      if (guardedState === false) return;
      for (const finding of analysis.guardedState()) {
        if (finding.guardedSites.length < guardedState.minGuardedSites) continue;
        context.report(describeGuardedState(finding));
      }
    });
  },
});

/** `line 14`, `lines 14 and 31`, `lines 14, 31 and 40`. */
function linesText(nodes: readonly TSESTree.Node[]): string {
  const lines = [...new Set(nodes.map(lineOf))].sort((a, b) => a - b);
  if (lines.length === 1) return `line ${lines[0]}`;
  return `lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`;
}

function describeGuardedState(finding: GuardedStateFinding): TSESLint.ReportDescriptor<MessageId> {
  const data = { name: finding.name, lock: finding.lock.display, sites: linesText(finding.guardedSites), awaitLine: String(lineOf(finding.await)) };
  if (finding.form === 'update') return { node: finding.node, messageId: 'unguardedUpdate', data };
  return { node: finding.node, messageId: 'unguardedWrite', data: { ...data, spanningLine: String(lineOf(finding.spanning ?? finding.await)) } };
}

function originText(origin: SharedOrigin): string {
  switch (origin.kind) {
    case 'sent':
      return `shared with another thread by \`${origin.via}\` at line ${lineOf(origin.node)}`;
    case 'atomics':
      return `also accessed with \`${origin.operation}\` at line ${lineOf(origin.node)}`;
    case 'received':
      return `received from ${origin.from}`;
    case 'typed':
      return 'typed as shared memory';
    case 'created':
      return `a SharedArrayBuffer made at line ${lineOf(origin.node)}`;
  }
}

const atomicsOperations: Record<string, string> = { '++': 'add', '--': 'sub', '+=': 'add', '-=': 'sub', '&=': 'and', '|=': 'or', '^=': 'xor' };

/** The Atomics call that does an access atomically, when it has the same meaning where it stands. */
function atomicReplacement(
  finding: Extract<SharedMemoryFinding, { kind: 'racy' }>,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { node: TSESTree.Node; text: string } | undefined {
  const { element, elementType, access } = finding;
  if (!element || !elementType?.atomic) return undefined;
  const array = sourceCode.getText(element.object);
  const index = sourceCode.getText(element.property);
  const one = elementType.bigint ? '1n' : '1';
  const statement = (node: TSESTree.Node): boolean => outerParent(node).parent?.type === 'ExpressionStatement';
  switch (access.kind) {
    case 'spinRead':
      return { node: element, text: `Atomics.load(${array}, ${index})` };
    case 'write': {
      const assignment = finding.node as TSESTree.AssignmentExpression;
      return { node: assignment, text: `Atomics.store(${array}, ${index}, ${sourceCode.getText(assignment.right)})` };
    }
    case 'update': {
      const node = finding.node;
      if (access.readInto) return undefined;
      if (node.type === 'UpdateExpression') {
        // `v[i]++` evaluates to the old value, like Atomics.add; `++v[i]` does not, so only as a statement.
        if (node.prefix && !statement(node)) return undefined;
        return { node, text: `Atomics.${atomicsOperations[node.operator]}(${array}, ${index}, ${one})` };
      }
      if (node.type !== 'AssignmentExpression' || !statement(node)) return undefined;
      const operation = atomicsOperations[node.operator];
      if (operation) return { node, text: `Atomics.${operation}(${array}, ${index}, ${sourceCode.getText(node.right)})` };
      // `v[i] = v[i] + x` / `v[i] = v[i] - x`.
      const right = skipWrappers(node.right);
      const elementText = sourceCode.getText(element).replace(/\s+/g, '');
      if (
        right.type === 'BinaryExpression' &&
        (right.operator === '+' || right.operator === '-') &&
        sourceCode.getText(right.left).replace(/\s+/g, '') === elementText
      ) {
        return { node, text: `Atomics.${right.operator === '+' ? 'add' : 'sub'}(${array}, ${index}, ${sourceCode.getText(right.right)})` };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function describe(finding: SharedMemoryFinding, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.ReportDescriptor<MessageId> {
  if (finding.kind === 'ownedByLock') {
    return { node: finding.node, messageId: 'ownedByLock', data: { name: finding.name, lock: finding.lock.display, line: String(lineOf(finding.guardedAt)) } };
  }
  const origin = originText(finding.origin);
  if (finding.helper) return describeHelperAccess(finding, finding.helper, origin);
  const replacement = atomicReplacement(finding, sourceCode);
  const suggest: Array<TSESLint.SuggestionReportDescriptor<MessageId>> = replacement
    ? [{ messageId: 'useAtomics', data: { replacement: replacement.text }, fix: (fixer) => fixer.replaceText(replacement.node, replacement.text) }]
    : [];
  const type = finding.elementType;
  const notAtomic = type && !type.atomic ? `\`Atomics\` does not work on a ${type.name}: ` : '';
  switch (finding.access.kind) {
    case 'update': {
      const { readInto } = finding.access;
      if (readInto) {
        const remedy = notAtomic ? `${notAtomic}hold a lock.` : 'Do both in one step with `Atomics.add` (or `Atomics.compareExchange`), or hold a lock.';
        return {
          node: finding.node,
          messageId: 'racySplitUpdate',
          data: { name: finding.name, origin, local: readInto.name, readLine: String(readInto.line), remedy },
        };
      }
      const remedy = replacement
        ? `Use \`${replacement.text}\` or hold a lock.`
        : notAtomic
          ? `${notAtomic}hold a lock.`
          : 'Use `Atomics` (on an integer typed array) or hold a lock.';
      return { node: finding.node, messageId: 'racyUpdate', data: { name: finding.name, origin, operator: finding.access.operator, remedy }, suggest };
    }
    case 'write': {
      const remedy = replacement
        ? `Use \`${replacement.text}\`, or publish it with \`Atomics.store\` and \`Atomics.notify\` of a flag.`
        : `${notAtomic || ''}Publish it with \`Atomics.store\` and \`Atomics.notify\` of a flag, or hold a lock.`;
      return { node: finding.node, messageId: 'racyWrite', data: { name: finding.name, origin, remedy }, suggest };
    }
    case 'bulkWrite':
      return { node: finding.node, messageId: 'racyBulkWrite', data: { name: finding.name, origin, method: finding.access.method } };
    case 'spinRead': {
      const remedy = replacement
        ? `Read it with \`${replacement.text}\`, or block with \`Atomics.wait\`.`
        : `${notAtomic}wait on an integer flag with \`Atomics.wait\` or \`Atomics.load\`.`;
      return { node: finding.node, messageId: 'spinRead', data: { name: finding.name, origin, remedy }, suggest };
    }
  }
}

/**
 * `bump(counts, 0)` where the imported `bump` does `counts[i]++`: reported at the call, naming the helper's file
 * and line (this file is where the memory is known to be shared).
 */
function describeHelperAccess(
  finding: Extract<SharedMemoryFinding, { kind: 'racy' }>,
  helper: NonNullable<Extract<SharedMemoryFinding, { kind: 'racy' }>['helper']>,
  origin: string,
): TSESLint.ReportDescriptor<MessageId> {
  const { access } = finding;
  const [effect, consequence] =
    access.kind === 'update'
      ? [`updates it with a plain \`${access.operator}\``, 'an update from another thread between its read and its write is lost.']
      : access.kind === 'write'
        ? ['writes it plainly', 'the other thread may never see the write, or see it out of order.']
        : access.kind === 'bulkWrite'
          ? [`writes it with \`.${access.method}()\` without synchronization`, 'the other thread may never see the writes, or see them out of order.']
          : ['waits in a loop on a plain read of it', 'the JIT may hoist the read out of the loop and spin forever.'];
  const maker = helper.through ?? helper.callee;
  const type = finding.elementType;
  const remedy =
    type && !type.atomic
      ? `\`Atomics\` does not work on a ${type.name}: hold a lock around this call.`
      : `Use \`Atomics\` in \`${maker}\`, or hold a lock around this call.`;
  const where = helper.through ? `in \`${helper.through}\`, ${helper.where}` : helper.where;
  return {
    node: finding.node,
    messageId: 'racyInHelper',
    data: { name: finding.name, origin, callee: helper.callee, effect, where, consequence, remedy },
  };
}
