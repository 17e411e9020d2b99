/**
 * Run the engine on a snippet without any rule: a throwaway rule captures the
 * file's analysis when the program's code path ends.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { withAnalysis, type FileAnalysis } from '../../src/engine/file-analysis';

export function analyze(code: string, options: { typescript?: boolean; settings?: Record<string, unknown> } = {}): FileAnalysis {
  let captured: FileAnalysis | undefined;
  const capture: TSESLint.RuleModule<string, []> = {
    defaultOptions: [],
    meta: { type: 'problem', schema: [], messages: {} },
    create: (context) =>
      withAnalysis(context, (analysis) => {
        captured = analysis;
      }) as unknown as TSESLint.RuleListener,
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
        plugins: { engine: { rules: { capture } } as never },
        languageOptions: { ecmaVersion: 'latest', sourceType: 'module', ...(options.typescript ? { parser: tsParser } : {}) },
        settings: options.settings ?? {},
        rules: { 'engine/capture': 'error' },
      },
    ],
    { filename: options.typescript ? 'fixture.ts' : 'fixture.js' },
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`fixture does not parse: ${fatal.message}`);
  if (!captured) throw new Error('the file was not analysed (does it mention the API model?)');
  return captured;
}

import type { AST_NODE_TYPES, TSESTree } from '@typescript-eslint/utils';

/** Every node of a type, in source order (a plain walk; tests only). */
export function nodesOf<T extends AST_NODE_TYPES>(root: TSESTree.Node, type: T): Array<Extract<TSESTree.Node, { type: T }>> {
  const found: Array<Extract<TSESTree.Node, { type: T }>> = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.type !== 'string') return;
    if (record.type === type) found.push(node as Extract<TSESTree.Node, { type: T }>);
    for (const [key, value] of Object.entries(record)) if (key !== 'parent') visit(value);
  };
  visit(root);
  return found.sort((a, b) => a.range[0] - b.range[0]);
}
