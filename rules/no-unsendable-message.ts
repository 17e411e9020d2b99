import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import { createRule } from '../src/create-rule';
import { withAnalysis, type SendabilityFinding } from '../src/engine';
import { removeListElement } from '../src/fix';

export type Options = [
  {
    reportClassInstances: boolean;
    checkTypes: boolean;
  },
];

export type MessageId =
  | 'unsendable'
  | 'unsendableDefinedElsewhere'
  | 'unsendableInHelper'
  | 'comlinkCallback'
  | 'notTransferred'
  | 'cannotTransfer'
  | 'invalidTransferList'
  | 'wrapInProxy'
  | 'addToTransferList'
  | 'removeFromTransferList';

export default createRule<MessageId, Options>({
  name: 'no-unsendable-message',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow posting values that the structured clone algorithm cannot carry to another thread',
      recommended: true,
      requiresTypeChecking: false,
      typeCheckedOptions: [{ reportClassInstances: true, checkTypes: true }],
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          reportClassInstances: {
            type: 'boolean',
            description:
              'Report instances of classes with methods, getters or #private fields: they arrive as plain objects without them. Turn off if your messages are class instances on purpose and the receiver only reads their data.',
          },
          checkTypes: {
            type: 'boolean',
            description:
              'Also walk the declared type of every message (needs type information: `parserOptions.projectService`) and report the path to each part that cannot be cloned. On in `recommended-type-checked`.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ reportClassInstances: true, checkTypes: false }],
    messages: {
      unsendable: '`{{path}}` is {{what}}: {{consequence}} (`{{send}}`).',
      unsendableDefinedElsewhere: '`{{path}}` is {{what}} (line {{line}}): {{consequence}} (`{{send}}`).',
      unsendableInHelper: '`{{path}}` is {{what}}: {{consequence}} (`{{send}}` in `{{helper}}`, {{where}}).',
      comlinkCallback: '`{{name}}` is a function passed to the Comlink remote `{{send}}`: DataCloneError unless it is wrapped in `proxy(...)`.',
      notTransferred: '`{{name}}` is {{what}} in the message but not in its transfer list: `{{send}}` throws DataCloneError. Transfer it.',
      cannotTransfer: '`{{name}}` is {{what}}: listing it in the transfer list of `{{send}}` {{consequence}}. Remove it from the list.',
      invalidTransferList: '`{{name}}` is {{what}}: `{{send}}` throws before anything is sent. Pass an array of transferable objects.',
      wrapInProxy: 'Wrap it: `{{proxy}}({{name}})`.',
      addToTransferList: 'Add `{{name}}` to the transfer list.',
      removeFromTransferList: 'Remove `{{name}}` from the transfer list.',
    },
  },
  create(context, [options]) {
    // Asking for type-aware checks without type information is a configuration error, as in typescript-eslint.
    if (options.checkTypes) ESLintUtils.getParserServices(context);
    return withAnalysis(context, (analysis) => {
      for (const finding of analysis.sendability(options)) context.report(describe(finding, context.sourceCode));
    });
  },
});

function consequence(finding: Extract<SendabilityFinding, { kind: 'unsendable' }>): string {
  const { consequence: text } = finding.problem;
  if (finding.path === finding.root || !text.includes('when it is posted')) return text;
  const subject = finding.root === 'the message' ? 'the message' : `\`${finding.root}\``;
  return text.replace('when it is posted', `when ${subject} is posted`);
}

function describe(finding: SendabilityFinding, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.ReportDescriptor<MessageId> {
  switch (finding.kind) {
    case 'unsendable': {
      if (finding.comlinkProxy) {
        const { callback, proxyName } = finding.comlinkProxy;
        const name = sourceCode.getText(callback);
        return {
          node: finding.node,
          messageId: 'comlinkCallback',
          data: { name: name.length > 30 ? 'this callback' : name, send: finding.send },
          suggest: proxyName
            ? [
                {
                  messageId: 'wrapInProxy',
                  data: { proxy: proxyName, name: name.length > 30 ? '…' : name },
                  fix: (fixer) => fixer.replaceText(callback, `${proxyName}(${name})`),
                },
              ]
            : [],
        };
      }
      const data = { path: finding.path, what: finding.problem.what, consequence: consequence(finding), send: finding.send };
      if (finding.helper) {
        return { node: finding.node, messageId: 'unsendableInHelper', data: { ...data, helper: finding.helper.name, where: finding.helper.where } };
      }
      if (finding.definedAt !== undefined && finding.definedAt !== finding.node.loc.start.line) {
        return { node: finding.node, messageId: 'unsendableDefinedElsewhere', data: { ...data, line: String(finding.definedAt) } };
      }
      return { node: finding.node, messageId: 'unsendable', data };
    }
    case 'notTransferred': {
      const { list, node, addListAfter } = finding;
      const name = finding.name;
      const suggest: Array<TSESLint.SuggestionReportDescriptor<MessageId>> = [];
      if (list) {
        const last = list.elements[list.elements.length - 1];
        suggest.push({
          messageId: 'addToTransferList',
          data: { name },
          fix: (fixer) => (last ? fixer.insertTextAfter(last, `, ${name}`) : fixer.replaceText(list, `[${name}]`)),
        });
      } else if (addListAfter) {
        suggest.push({ messageId: 'addToTransferList', data: { name }, fix: (fixer) => fixer.insertTextAfter(addListAfter, `, [${name}]`) });
      }
      return { node, messageId: 'notTransferred', data: { name, what: finding.what, send: finding.send }, suggest };
    }
    case 'cannotTransfer': {
      const { list, node } = finding;
      return {
        node,
        messageId: 'cannotTransfer',
        data: { name: finding.name, what: finding.what, consequence: finding.consequence, send: finding.send },
        suggest: list ? [{ messageId: 'removeFromTransferList', data: { name: finding.name }, fix: (fixer) => removeListElement(fixer, list, node) }] : [],
      };
    }
    case 'invalidTransferList':
      return { node: finding.node, messageId: 'invalidTransferList', data: { name: finding.name, what: finding.what, send: finding.send } };
  }
}
