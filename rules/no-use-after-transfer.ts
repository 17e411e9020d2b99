import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/create-rule';
import { lineOf, withAnalysis, type Move, type OwnershipFinding, type TransferableKind } from '../src/engine';
import { removeListElement } from '../src/fix';

export type Options = [
  {
    reportConditional: boolean;
    reportHeld: boolean;
  },
];

export type MessageId =
  | 'useAfterTransfer'
  | 'aliasUseAfterTransfer'
  | 'callUseAfterTransfer'
  | 'closureUseAfterTransfer'
  | 'coercionUseAfterTransfer'
  | 'transferAgain'
  | 'transferInLoop'
  | 'transferPooledBuffer'
  | 'transferPartialView'
  | 'transferHeld'
  | 'transferHeldByCallback'
  | 'transferHeldField'
  | 'copyInsteadOfTransfer'
  | 'passCopy'
  | 'copyInsteadOfMove'
  | 'sliceInsteadOfTransfer';

/** What a moved value is, by kind: "it is {{state}} here". */
const states: Record<TransferableKind, string> = {
  buffer: 'detached (zero length)',
  unknown: 'detached',
  port: 'a closed port (messages posted on it are dropped)',
  stream: 'locked',
  canvas: 'unusable',
};

export default createRule<MessageId, Options>({
  name: 'no-use-after-transfer',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow using a buffer, port or stream after it was transferred to another thread',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          reportConditional: {
            type: 'boolean',
            description:
              'Also report uses that follow a transfer on some paths only (a transfer inside an `if`), as "may have been transferred". Rust rejects these too.',
          },
          reportHeld: {
            type: 'boolean',
            description:
              'Also report transferring a value that something longer-lived still references: a field, an outer or module variable, a Map/Set/array that outlives the call, a callback kept by a timer or listener, or a field that other methods read and only the constructor assigns.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ reportConditional: true, reportHeld: false }],
    messages: {
      useAfterTransfer: '`{{name}}` {{moved}} at line {{line}} by {{via}}; it is {{state}} here.',
      aliasUseAfterTransfer: '`{{name}}` shares its memory with `{{root}}`, which {{moved}} at line {{line}} by {{via}}; it is {{state}} here.',
      callUseAfterTransfer:
        '`{{callee}}` reads `{{name}}` (line {{readLine}}), which {{moved}} at line {{line}} by {{via}}; it is {{state}} when `{{callee}}` is called here.',
      closureUseAfterTransfer:
        '`{{name}}` {{moved}} at line {{line}} by {{via}}, before this function was created (line {{createdLine}}); it is {{state}} whenever the function runs.',
      coercionUseAfterTransfer:
        '`{{name}}` {{moves}} during this call: converting `{{argument}}` runs `{{hook}}` (line {{hookLine}}), which transfers {{what}} with {{transfer}} before the call uses `{{name}}`: it is {{state}} by then.',
      transferAgain: '`{{name}}` {{moved}} at line {{line}} by {{via}}; transferring it again throws DataCloneError.',
      transferInLoop:
        '`{{name}}` is transferred here inside a loop that does not create it anew: a later iteration transfers it again, detached (DataCloneError). Create a new `{{name}}` inside the loop.',
      transferPooledBuffer:
        "`{{name}}.buffer` may be Node's shared Buffer pool (`{{allocator}}` hands out slices of one 8 KiB ArrayBuffer); transferring it detaches memory other Buffers use (Node 21+ throws DataCloneError). Transfer a copy, such as `new Uint8Array({{name}}).buffer`.",
      transferPartialView:
        '`{{name}}.buffer` is the whole buffer behind the view `{{name}}`: transferring it also detaches `{{used}}`, which is used at line {{useLine}}. Transfer a copy of the view (`{{name}}.slice()`).',
      transferHeld:
        '`{{name}}` is also held by `{{holder}}` ({{stored}} at line {{line}}); transferring it detaches it there too: every later reader of `{{holder}}` sees it {{state}}.',
      transferHeldByCallback:
        '`{{name}}` is read by the callback kept by `{{holder}}` (line {{line}}), which runs later; transferring it here leaves that callback a value that is {{state}}.',
      transferHeldField:
        "`{{name}}` stays in its field after this transfer: `{{method}}` reads it (line {{line}}) and only the class's initialization assigns it, so `{{method}}` sees it {{state}} once this has run.",
      copyInsteadOfTransfer: 'Copy `{{name}}` instead of transferring it (remove it from the transfer list).',
      passCopy: 'Pass a copy, `{{name}}.slice()`, so that `{{callee}}` transfers the copy.',
      copyInsteadOfMove: 'Copy `{{name}}` instead of moving it (pass `{{name}}` itself).',
      sliceInsteadOfTransfer: 'Copy with `{{name}}.slice(0)` instead of transferring it.',
    },
  },
  create(context, [{ reportConditional, reportHeld }]) {
    return withAnalysis(context, (analysis) => {
      for (const finding of analysis.ownership()) {
        if (!reportConditional && 'definite' in finding && !finding.definite) continue;
        if (!reportHeld && finding.kind === 'transferHeld') continue;
        context.report(describe(finding, context.sourceCode));
      }
    });
  },
});

function movedPhrase(definite: boolean): string {
  return definite ? 'was transferred' : 'may have been transferred';
}

/**
 * Where a move happened, for messages: "`worker.postMessage`", "`ship` (`worker.postMessage` at line 3)", or for a
 * function imported from another module "`ship` (`worker.postMessage` in transport.ts:3)".
 */
function where(move: Move): { line: string; via: string } {
  if (move.imported) {
    const { label, display, line } = move.imported;
    return { line: String(lineOf(move.viaCall.call)), via: `\`${move.viaCall.callee}\` (\`${label}\` in ${display}:${line})` };
  }
  const transferLine = String(lineOf(move.item.node));
  if (!move.viaCall) return { line: transferLine, via: `\`${move.site.label}\`` };
  return { line: String(lineOf(move.viaCall.call)), via: `\`${move.viaCall.callee}\` (\`${move.site.label}\` at line ${transferLine})` };
}

function describe(finding: OwnershipFinding, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.ReportDescriptor<MessageId> {
  switch (finding.kind) {
    case 'useAfterTransfer': {
      const common = {
        name: finding.name,
        moved: movedPhrase(finding.definite),
        ...where(finding.move),
        state: states[finding.valueKind],
      };
      const suggest = copySuggestions(finding.move, finding.valueKind, sourceCode);
      const coercion = finding.move.viaCall?.coercion;
      if (coercion) {
        const { move } = finding;
        const transfer = move.imported
          ? `\`${move.imported.label}\` in ${move.imported.display}:${move.imported.line}`
          : `\`${move.site.label}\` at line ${lineOf(move.item.node)}`;
        return {
          node: finding.node,
          messageId: 'coercionUseAfterTransfer',
          data: {
            ...common,
            moves: finding.definite ? 'is transferred' : 'may be transferred',
            argument: sourceCode.getText(move.viaCall!.argument ?? finding.node),
            hook: move.viaCall!.callee,
            hookLine: String(lineOf(coercion.hook)),
            what: finding.aliasOf !== undefined ? `\`${finding.aliasOf}\`, whose memory \`${finding.name}\` shares,` : 'it',
            transfer,
          },
          suggest,
        };
      }
      if (finding.through) {
        return {
          node: finding.node,
          messageId: 'callUseAfterTransfer',
          data: { ...common, callee: finding.through.callee, readLine: String(lineOf(finding.through.read)) },
          suggest,
        };
      }
      if (finding.closure) {
        return { node: finding.node, messageId: 'closureUseAfterTransfer', data: { ...common, createdLine: String(lineOf(finding.closure)) }, suggest };
      }
      if (finding.aliasOf !== undefined) {
        return { node: finding.node, messageId: 'aliasUseAfterTransfer', data: { ...common, root: finding.aliasOf }, suggest };
      }
      return { node: finding.node, messageId: 'useAfterTransfer', data: common, suggest };
    }
    case 'transferAgain':
      return {
        node: finding.node,
        messageId: 'transferAgain',
        data: { name: finding.name, moved: movedPhrase(finding.definite), ...where(finding.move) },
        suggest: copySuggestions(finding.move, 'unknown', sourceCode),
      };
    case 'transferInLoop':
      return { node: finding.node, messageId: 'transferInLoop', data: { name: finding.name } };
    case 'transferPooledBuffer': {
      const { list, node } = finding;
      return {
        node,
        messageId: 'transferPooledBuffer',
        data: { name: finding.name, allocator: finding.allocator },
        // Not transferring it copies the Buffer's bytes, and only them.
        suggest: list
          ? [{ messageId: 'copyInsteadOfTransfer', data: { name: finding.name }, fix: (fixer) => removeListElement(fixer, list, node as TSESTree.Expression) }]
          : [],
      };
    }
    case 'transferHeld':
      return describeHeld(finding, sourceCode);
    case 'transferPartialView':
      return {
        node: finding.node,
        messageId: 'transferPartialView',
        data: { name: finding.name, used: finding.usedName, useLine: String(lineOf(finding.useNode)) },
      };
  }
}

/** A transfer of a value something longer-lived still holds: the message names the holder and where it got the value. */
function describeHeld(
  finding: Extract<OwnershipFinding, { kind: 'transferHeld' }>,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.ReportDescriptor<MessageId> {
  const { holder } = finding;
  const data = { name: finding.name, holder: holder.name, line: String(lineOf(holder.node)), state: states[finding.valueKind] };
  const suggest = copySuggestions(finding.move, finding.valueKind, sourceCode);
  switch (holder.kind) {
    case 'store': {
      const stored = holder.stored === finding.name ? 'stored' : `\`${holder.stored}\`, which shares its memory, stored`;
      return { node: finding.node, messageId: 'transferHeld', data: { ...data, stored }, suggest };
    }
    case 'callback':
      return { node: finding.node, messageId: 'transferHeldByCallback', data, suggest };
    case 'field':
      return { node: finding.node, messageId: 'transferHeldField', data: { ...data, method: holder.method }, suggest };
  }
}

function passCopyOf(argument: TSESTree.Node, callee: string, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.SuggestionReportDescriptor<MessageId> {
  const name = sourceCode.getText(argument);
  return { messageId: 'passCopy', data: { name, callee }, fix: (fixer) => fixer.replaceText(argument, `${name}.slice()`) };
}

/**
 * "Transfer a copy": only for values known to be buffers (a MessagePort or a
 * stream cannot be copied: taking it out of the transfer list makes the send
 * throw), and only in forms where the edit is mechanical.
 */
function copySuggestions(move: Move, kind: TransferableKind, sourceCode: Readonly<TSESLint.SourceCode>): Array<TSESLint.SuggestionReportDescriptor<MessageId>> {
  const { viaCall } = move;
  // A hook the call runs is not a helper with other callers: change the transfer written in it.
  if (viaCall && !viaCall.coercion) {
    // Copy at the call site rather than changing what the helper does for every caller.
    const argument = viaCall.argument;
    if (!argument || kind !== 'buffer') return [];
    const name = sourceCode.getText(argument);
    return [{ messageId: 'passCopy', data: { name, callee: viaCall.callee }, fix: (fixer) => fixer.replaceText(argument, `${name}.slice()`) }];
  }
  if (move.imported) return [];
  const { item } = move;
  const name = sourceCode.getText(item.storage);
  switch (item.slot.kind) {
    case 'list':
    case 'options':
      if (!item.list || (kind !== 'buffer' && !item.viaBuffer)) return [];
      return [{ messageId: 'copyInsteadOfTransfer', data: { name }, fix: (fixer) => removeListElement(fixer, item.list!, item.node as TSESTree.Expression) }];
    case 'value': {
      const marker = move.site.call;
      if (move.site.signature.marker && marker.arguments.length === 1) {
        return [{ messageId: 'copyInsteadOfMove', data: { name }, fix: (fixer) => fixer.replaceText(marker, sourceCode.getText(item.node)) }];
      }
      return kind === 'buffer' ? [passCopyOf(item.node, move.site.label, sourceCode)] : [];
    }
    case 'optionValue':
      // `getDocument({ data: bytes })` transfers what it is given: give it a copy.
      return kind === 'buffer' ? [passCopyOf(item.node, move.site.label, sourceCode)] : [];
    case 'receiver': {
      const call = move.site.call;
      if (call.arguments.length !== 0 || call.type !== 'CallExpression') return [];
      return [{ messageId: 'sliceInsteadOfTransfer', data: { name }, fix: (fixer) => fixer.replaceText(call, `${sourceCode.getText(item.node)}.slice(0)`) }];
    }
    default:
      return [];
  }
}
