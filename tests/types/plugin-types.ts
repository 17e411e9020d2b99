/**
 * Compile-time tests of the plugin's and the presets' types (`npm run typecheck` fails if one of these does not
 * compile, or if a line marked @ts-expect-error does): every place a user puts them, under ESLint 10's types, ESLint
 * 9's types (the `eslint-v9` alias) and typescript-eslint's.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { ESLint, Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import type { ESLint as ESLint9, Linter as Linter9 } from 'eslint-v9';
import { defineConfig as defineConfig9 } from 'eslint-v9/config';
import tseslint from 'typescript-eslint';
import type { rules as ruleTable } from '../../rules';
import fearless from '../../src/index';

// ESLint 10: a preset is a Linter.Config, the plugin an ESLint.Plugin, and both go where configs go.
export const preset10: Linter.Config = fearless.configs.recommended;
export const typeChecked10: Linter.Config = fearless.configs['recommended-type-checked'];
export const plugin10: ESLint.Plugin = fearless;
export const array10: Linter.Config[] = [fearless.configs.recommended, { plugins: { fearless }, rules: { 'fearless/no-use-after-transfer': 'warn' } }];
export const defined10 = defineConfig(fearless.configs['recommended-type-checked']);
export const definedWithPlugin10 = defineConfig({ files: ['**/*.ts'], plugins: { fearless }, rules: { 'fearless/require-lock-release': ['error', {}] } });
export const extended10 = defineConfig({ files: ['src/**'], extends: [fearless.configs.strict] });
export const spreadRules10: Linter.Config = { plugins: { fearless }, rules: { ...fearless.configs.all.rules } };

// ESLint 9's types.
export const preset9: Linter9.Config = fearless.configs.recommended;
export const typeChecked9: Linter9.Config = fearless.configs['recommended-type-checked'];
export const plugin9: ESLint9.Plugin = fearless;
export const array9: Linter9.Config[] = [fearless.configs.all, { plugins: { fearless } }];
export const defined9 = defineConfig9(fearless.configs['recommended-type-checked'], { plugins: { fearless } });
export const extended9 = defineConfig9({ extends: [fearless.configs.recommended] });

// typescript-eslint's.
export const tseslintConfig = tseslint.config(...tseslint.configs.recommended, fearless.configs['recommended-type-checked'], {
  plugins: { fearless },
  languageOptions: { parserOptions: { projectService: true } },
});
export const tseslintExtends = tseslint.config({ files: ['**/*.ts'], extends: [fearless.configs.recommended] });
export const flatConfig: TSESLint.FlatConfig.Config = fearless.configs.strict;
export const flatPlugin: TSESLint.FlatConfig.Plugin = fearless;
export const mixed = defineConfig(tseslint.configs.recommended, fearless.configs.recommended);

// The presets, rules and meta are typed by name, not as records of anything.
export const ruleEntry: 'error' | ['error', ...unknown[]] | undefined = fearless.configs.strict.rules['fearless/require-channel-close'];
export const description: string = fearless.rules['no-use-after-transfer'].meta.docs.description;
export const namespace: 'fearless' = fearless.meta.namespace;
export const named: fearless.Config['name'] = 'fearless/recommended';
// @ts-expect-error a misspelt preset
export const misspelt = fearless.configs.recomended;
// @ts-expect-error a rule the plugin does not have
export const unknownRule = fearless.rules['no-such-rule'];

// The rule names of the public types are exactly the rules of the plugin.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const ruleNamesMatch: Same<keyof typeof ruleTable, fearless.Rule> = true;

// The types by name, as the README shows them.
export type { Config, Plugin, Rule } from '../../src/index';
import type { Config, Plugin } from '../../src/index';
export const typedPreset: Config = fearless.configs.all;
export const typedPlugin: Plugin = fearless;
