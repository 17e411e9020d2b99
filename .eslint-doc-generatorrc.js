/** @type {import('eslint-doc-generator').GenerateOptions} */
module.exports = {
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
    ['recommended-type-checked', '☑️'],
  ],
  ignoreConfig: ['all'],
  ruleDocSectionInclude: ['Rust analogy', 'Rule details', 'Options', 'When not to use it'],
  ruleDocSectionOptions: true,
  ruleListColumns: ['name', 'description', 'configsError', 'hasSuggestions', 'requiresTypeChecking', 'options'],
  urlRuleDoc: 'https://github.com/fearless-lint/eslint-plugin-fearless/blob/main/docs/rules/{name}.md',
};
