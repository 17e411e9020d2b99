/**
 * eslint-plugin-fearless: the plugin object.
 *
 * ```js
 * // eslint.config.js
 * import fearless from 'eslint-plugin-fearless';
 * export default [fearless.configs.recommended];
 * ```
 */
import { createConfigs, type FlatPreset, type PresetName } from './configs';
import type { FearlessRule } from './create-rule';
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

type AnyRule = FearlessRule<string, readonly unknown[]>;

const rules = ruleMap as unknown as Readonly<Record<string, AnyRule>>;

const plugin = {
  meta: { name, version, namespace: 'fearless' },
  rules,
  configs: {} as Record<PresetName, FlatPreset>,
};

Object.assign(plugin.configs, createConfigs(plugin, rules));

// `export =` cannot sit beside named exports; a type-only namespace merged into the plugin carries the helper type.
// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace plugin {
  /** A type the structured clone algorithm carries intact: see docs/rules/no-unsendable-message.md. */
  export type Sendable<T> = SendableType<T>;
}

export = plugin;
