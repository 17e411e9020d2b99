/**
 * Lint a snippet with the real ESLint Linter and our plugin: used by the docs,
 * meta and engine tests (rule tests use the RuleTester).
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../src/index';

export interface LintOptions {
  /** Rules to enable (names without the `fearless/` prefix), each with its options; default: every rule at defaults. */
  rules?: Record<string, unknown[]>;
  settings?: Record<string, unknown>;
  filename?: string;
  /** Use @typescript-eslint/parser (default for .ts/.tsx filenames). */
  typescript?: boolean;
  languageOptions?: Linter.LanguageOptions;
}

export function lint(code: string, options: LintOptions = {}): Linter.LintMessage[] {
  const filename = options.filename ?? (options.typescript ? 'example.ts' : 'example.js');
  const typescript = options.typescript ?? /\.[cm]?tsx?$/.test(filename);
  const rules: Linter.RulesRecord = {};
  const selected = options.rules ?? Object.fromEntries(Object.keys(plugin.rules).map((name) => [name, []]));
  for (const [name, ruleOptions] of Object.entries(selected)) rules[`fearless/${name}`] = ['error', ...ruleOptions] as Linter.RuleEntry;
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
        plugins: { fearless: plugin as never },
        languageOptions: {
          ecmaVersion: 'latest',
          sourceType: 'module',
          ...(typescript ? { parser: tsParser } : {}),
          ...options.languageOptions,
        },
        settings: options.settings ?? {},
        rules,
      },
    ],
    { filename },
  );
}
