/**
 * Linting a file with one private rule of ours through ESLint's `Linter`: how
 * imported modules are summarized (module-linter.ts) and how the
 * `lock-graph` command summarizes a project's files (cli/summarize.ts).
 *
 * Parsing follows what ESLint does for these extensions: `ecmaVersion:
 * 'latest'`; `.cjs`/`.cts` as CommonJS, `.mjs`/`.mts` as modules, anything
 * else as a module first and then as CommonJS; JSX on for `.jsx`/`.tsx`, and
 * as a last try for a `.js` file that parses neither way.
 */
import type { Linter } from 'eslint';
import type { TSESLint } from '@typescript-eslint/utils';

export type Parser = NonNullable<Linter.LanguageOptions['parser']>;

export interface ParseAttempt {
  readonly sourceType: 'module' | 'commonjs';
  readonly jsx: boolean;
}

export const typescriptFile = /\.(?:[cm]?ts|tsx)$/;
const allFiles = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

/** The parse attempts for a file, in order. */
export function attemptsFor(file: string): readonly ParseAttempt[] {
  if (/\.c[jt]s$/.test(file)) return [{ sourceType: 'commonjs', jsx: false }];
  if (/\.m[jt]s$/.test(file)) return [{ sourceType: 'module', jsx: false }];
  const jsx = /\.[jt]sx$/.test(file);
  const attempts: ParseAttempt[] = [
    { sourceType: 'module', jsx },
    { sourceType: 'commonjs', jsx },
  ];
  if (file.endsWith('.js')) attempts.push({ sourceType: 'module', jsx: true });
  return attempts;
}

/** The flat config that runs `rule` alone (as `<plugin>/summary`), with inline config off. */
export function privateRuleConfig(
  plugin: string,
  rule: TSESLint.RuleModule<string, []>,
  parser: Parser | undefined,
  attempt: ParseAttempt,
  settings: Readonly<Record<string, unknown>>,
): Linter.Config[] {
  return [
    {
      files: allFiles,
      plugins: { [plugin]: { rules: { summary: rule } } as never },
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType: attempt.sourceType,
        ...(parser ? { parser } : {}),
        parserOptions: { ecmaFeatures: { jsx: attempt.jsx } },
      },
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      settings: settings as Record<string, unknown>,
      rules: { [`${plugin}/summary`]: 'error' },
    },
  ];
}
