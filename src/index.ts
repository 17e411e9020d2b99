/**
 * eslint-plugin-fearless: the plugin object.
 *
 * ```js
 * // eslint.config.js
 * import fearless from 'eslint-plugin-fearless';          // or: import { configs } from 'eslint-plugin-fearless';
 * export default [fearless.configs.recommended];
 * ```
 *
 * CommonJS: `module.exports` is the plugin object (`require('eslint-plugin-fearless').configs`). ESM: the default
 * export is the same object, and `configs`, `rules` and `meta` are named exports too (see the end of this file).
 */
import { createConfigs } from './configs';
import type { FearlessConfig, FearlessPlugin, FearlessRuleDefinition, FearlessRuleDocs, PresetName, PresetRuleEntry, RuleName } from './plugin-types';
import type { Sendable as SendableType } from './sendable';
import { rules as ruleMap } from '../rules';

import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The package's own name and version (from `src/` when tested, from `dist/src/` when installed). */
function ownPackage(): { name: string; version: string } {
  let directory = __dirname;
  for (;;) {
    const candidate = join(directory, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'eslint-plugin-fearless' && manifest.version) return { name: manifest.name, version: manifest.version };
    }
    const parent = dirname(directory);
    if (parent === directory) return { name: 'eslint-plugin-fearless', version: '0.0.0' };
    directory = parent;
  }
}

const { name, version } = ownPackage();

const rules = ruleMap satisfies Record<RuleName, unknown>;

const meta = { name, version, namespace: 'fearless' } as const;
const configs = {} as Record<PresetName, FearlessConfig>;

const plugin: FearlessPlugin = {
  meta,
  rules: rules as unknown as FearlessPlugin['rules'],
  configs,
};

Object.assign(configs, createConfigs(plugin, rules));

// `export =` cannot sit beside named exports; a type-only namespace merged into the plugin carries the types.
// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace plugin {
  /** A type the structured clone algorithm carries intact: see docs/rules/no-unsendable-message.md. */
  export type Sendable<T> = SendableType<T>;
  /** The plugin object. Assignable to ESLint's `ESLint.Plugin` and typescript-eslint's `FlatConfig.Plugin`. */
  export type Plugin = FearlessPlugin;
  /** A preset. Assignable to ESLint's `Linter.Config` and typescript-eslint's `FlatConfig.Config`. */
  export type Config = FearlessConfig;
  export type RuleDefinition = FearlessRuleDefinition;
  export type RuleDocs = FearlessRuleDocs;
  export type Preset = PresetName;
  export type Rule = RuleName;
  export type RuleEntry = PresetRuleEntry;
}

export = plugin;

// Node's ESM loader finds the named exports of a CommonJS module by reading its source (cjs-module-lexer), and
// `module.exports = plugin` names none. This never-run assignment names them, as esbuild's CommonJS output does;
// `import { configs, rules, meta } from 'eslint-plugin-fearless'` then reads them from the plugin object.
// eslint-disable-next-line no-constant-binary-expression, @typescript-eslint/no-unused-expressions -- an annotation for cjs-module-lexer, never evaluated
0 && (module.exports = { configs, rules, meta });
