/**
 * Meta-tests: the rules stay consistent with each other, their docs, their
 * tests and the presets, as in typescript-eslint and eslint-plugin-unicorn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index';
import { rulesOfPreset } from '../../src/configs';
import { ruleDocsUrl } from '../../src/create-rule';
import { rules as ruleTable } from '../../rules';

const root = join(__dirname, '../..');
const rules = ruleTable;

describe('plugin object', () => {
  it('exposes the rule table itself, typed loosely for configs', () => {
    expect(plugin.rules).toBe(ruleTable);
  });

  it('has the meta ESLint needs for caching and --print-config', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(plugin.meta).toEqual({ name: manifest.name, version: manifest.version, namespace: 'fearless' });
  });

  it('derives every preset from rule meta', () => {
    for (const preset of ['recommended', 'strict', 'recommended-type-checked', 'all'] as const) {
      expect(plugin.configs[preset].rules).toEqual(rulesOfPreset(preset, rules));
      expect(plugin.configs[preset].plugins).toEqual({ fearless: plugin });
      expect(plugin.configs[preset].name).toBe(`fearless/${preset}`);
    }
  });

  it('puts every rule in `all` and every recommended rule in recommended, strict and recommended-type-checked', () => {
    expect(Object.keys(plugin.configs.all.rules).sort()).toEqual(
      Object.keys(rules)
        .map((name) => `fearless/${name}`)
        .sort(),
    );
    for (const [name, rule] of Object.entries(rules)) {
      const id = `fearless/${name}`;
      for (const preset of ['recommended', 'strict', 'recommended-type-checked'] as const) {
        expect(id in plugin.configs[preset].rules, `${id} in ${preset}`).toBe(rule.meta.docs.recommended);
      }
    }
  });

  it('survives structured cloning of its configs (ESLint --concurrency clones options and settings)', () => {
    for (const preset of Object.values(plugin.configs)) expect(structuredClone(preset.rules)).toEqual(preset.rules);
  });
});

describe.each(Object.entries(rules))('%s', (name, rule) => {
  const source = readFileSync(join(root, 'rules', `${name}.ts`), 'utf8');

  it('has a doc, a test file and the docs URL of its doc', () => {
    expect(existsSync(join(root, 'docs/rules', `${name}.md`))).toBe(true);
    expect(existsSync(join(root, 'tests/rules', `${name}.test.ts`))).toBe(true);
    expect(rule.meta.docs.url).toBe(ruleDocsUrl(name));
  });

  it('describes every option in its schema and has default options', () => {
    expect(rule.meta.defaultOptions).toBeDefined();
    const schema = rule.meta.schema as unknown as Array<{ properties?: Record<string, { description?: string }> }>;
    for (const item of schema) {
      for (const [key, property] of Object.entries(item.properties ?? {})) {
        expect(property.description, `${name} option ${key}`).toMatch(/\S/);
      }
    }
  });

  it('declares type information use in meta: type-checked options only when it reads the checker', () => {
    const readsTypes = /\.types\b|getParserServices|typeFacts/.test(source);
    expect(rule.meta.docs.typeCheckedOptions !== undefined || rule.meta.docs.requiresTypeChecking).toBe(readsTypes);
  });

  it('offers suggestions only if it declares them, and never autofixes', () => {
    expect(rule.meta.fixable).toBeUndefined();
    expect(/\bsuggest\b/.test(source)).toBe(rule.meta.hasSuggestions === true);
  });

  it('has a doc with the required sections', () => {
    const doc = readFileSync(join(root, 'docs/rules', `${name}.md`), 'utf8');
    for (const section of ['## Rust analogy', '## Rule details', '## Options', '## When not to use it']) expect(doc).toContain(section);
  });
});
