/**
 * The presets, derived from rule meta (tests/meta checks that they stay so):
 *
 * - `recommended`: rules with `docs.recommended`, default options. No type
 *   information needed; only high-confidence checks.
 * - `strict`: the recommended rules with their `docs.strictOptions`.
 * - `recommended-type-checked`: `recommended`, plus the options that turn on
 *   checks needing the type checker (`docs.typeCheckedOptions`). Pair it with
 *   `languageOptions.parserOptions.projectService: true`.
 * - `all`: every rule at its default options (no type information needed), as in typescript-eslint.
 */
import type { FearlessRule } from './create-rule';

import type { FearlessConfig, PresetName, PresetRuleEntry } from './plugin-types';

export type { PresetName } from './plugin-types';

type AnyRule = FearlessRule<string, readonly unknown[]>;

function entry(options: readonly unknown[] | undefined): PresetRuleEntry {
  return options ? (['error', ...options] as PresetRuleEntry) : 'error';
}

export function rulesOfPreset(preset: PresetName, rules: Readonly<Record<string, AnyRule>>): Record<string, PresetRuleEntry> {
  const selected: Record<string, PresetRuleEntry> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const docs = rule.meta.docs;
    if (docs.requiresTypeChecking && preset !== 'recommended-type-checked') continue;
    switch (preset) {
      case 'recommended':
        if (docs.recommended) selected[`fearless/${name}`] = entry(undefined);
        break;
      case 'strict':
        if (docs.recommended) selected[`fearless/${name}`] = entry(docs.strictOptions);
        break;
      case 'recommended-type-checked':
        if (docs.recommended || docs.requiresTypeChecking) selected[`fearless/${name}`] = entry(docs.typeCheckedOptions);
        break;
      case 'all':
        selected[`fearless/${name}`] = entry(undefined);
        break;
    }
  }
  return selected;
}

export function createConfigs(plugin: FearlessConfig['plugins']['fearless'], rules: Readonly<Record<string, AnyRule>>): Record<PresetName, FearlessConfig> {
  const make = (preset: PresetName): FearlessConfig => ({
    name: `fearless/${preset}`,
    plugins: { fearless: plugin },
    rules: rulesOfPreset(preset, rules),
  });
  return {
    recommended: make('recommended'),
    strict: make('strict'),
    'recommended-type-checked': make('recommended-type-checked'),
    all: make('all'),
  };
}
