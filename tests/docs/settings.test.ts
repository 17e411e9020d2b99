/**
 * docs/settings.md, the settings reference: every key the validator accepts has a heading, and every heading's
 * example runs. An example is a `<!-- settings example: <rule> -->` marker, a JSON block (the value of
 * `settings.fearless`) and a code block: the settings must validate, and the rule must report the code differently
 * with them than with the heading's key taken out of them (or, when the settings are invalid without that key,
 * than with no settings at all): each example shows what its own key does.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSettings, settingsKeys } from '../../src/settings';
import { lint } from '../lint';

const markdown = readFileSync(join(__dirname, '../../docs/settings.md'), 'utf8');

interface SettingsExample {
  readonly heading: string;
  readonly rule: string;
  readonly settings: Record<string, unknown>;
  readonly code: string;
  readonly language: string;
  readonly line: number;
  readonly filename: string | undefined;
}

function examplesOf(text: string): SettingsExample[] {
  const lines = text.split('\n');
  const examples: SettingsExample[] = [];
  let heading = '';
  const blockAfter = (start: number): { language: string; code: string; end: number } => {
    let index = start;
    while (index < lines.length && lines[index]!.trim() === '') index++;
    const fence = /^```(\w+)\s*$/.exec(lines[index] ?? '');
    if (!fence) throw new Error(`docs/settings.md:${index + 1}: expected a code block`);
    let end = index + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    return { language: fence[1]!, code: lines.slice(index + 1, end).join('\n'), end };
  };
  for (let index = 0; index < lines.length; index++) {
    const title = /^#+\s+`([^`]+)`/.exec(lines[index]!);
    if (title) heading = title[1]!;
    const marker = /^<!--\s*settings example:\s*([\w-]+)(?:\s+file:\s*(\S+))?\s*-->$/.exec(lines[index]!);
    if (!marker) continue;
    const json = blockAfter(index + 1);
    const code = blockAfter(json.end + 1);
    expect(json.language).toBe('json');
    examples.push({
      heading,
      rule: marker[1]!,
      settings: JSON.parse(json.code) as Record<string, unknown>,
      code: code.code,
      language: code.language,
      line: index + 1,
      filename: marker[2],
    });
    index = code.end;
  }
  return examples;
}

/** `settings.fearless.<path>` for every accepted key: `sends[].payload.key`, `lockOrder`. */
function documentedKeys(): string[] {
  const keys: string[] = [];
  for (const [where, names] of Object.entries(settingsKeys)) {
    for (const name of names) keys.push(where === 'fearless' ? name : `${where}.${name}`);
  }
  return keys;
}

/** The settings without the key a heading names (`locks[].reentrant`: from every entry of `locks`). */
function withoutKey(settings: Record<string, unknown>, heading: string): Record<string, unknown> {
  const copy = structuredClone(settings);
  const remove = (value: unknown, segments: string[]): void => {
    if (value === null || typeof value !== 'object') return;
    const [segment, ...rest] = segments;
    const name = segment!.replace(/\[\]$/, '');
    const record = value as Record<string, unknown>;
    if (rest.length === 0) {
      delete record[name];
      return;
    }
    const member = record[name];
    if (segment!.endsWith('[]') && Array.isArray(member)) for (const item of member) remove(item, rest);
    else remove(member, rest);
  };
  remove(copy, heading.split('.'));
  try {
    parseSettings({ fearless: copy });
    return copy;
  } catch {
    return {};
  }
}

const examples = examplesOf(markdown);
const headings = new Set([...markdown.matchAll(/^#+\s+`([^`]+)`/gm)].map((match) => match[1]!));

describe('docs/settings.md', () => {
  it('has a heading for every key the validator accepts, and no heading for a key it rejects', () => {
    const keys = documentedKeys();
    expect(keys.filter((key) => !headings.has(key))).toEqual([]);
    expect([...headings].filter((heading) => !keys.includes(heading))).toEqual([]);
  });

  it('has an example under every key that is not an array or object of other keys', () => {
    const containers = new Set(['sends', 'locks', 'channels', 'threads', 'sends[].payload', 'sends[].transfer', 'locks[].guards']);
    const withExample = new Set(examples.map((example) => example.heading));
    expect(documentedKeys().filter((key) => !containers.has(key) && !withExample.has(key))).toEqual([]);
  });

  for (const example of examples) {
    it(`the example of \`${example.heading}\` (line ${example.line}) validates and its key changes what ${example.rule} reports`, () => {
      expect(() => parseSettings({ fearless: example.settings })).not.toThrow();
      const typescript = example.language === 'ts';
      const run = (settings: Record<string, unknown>) =>
        lint(example.code, { rules: { [example.rule]: [] }, typescript, settings, filename: example.filename && resolve(example.filename) }).map((message) => {
          expect(message.fatal, message.message).toBeFalsy();
          return `${message.line}:${message.column} ${message.message}`;
        });
      const withSettings = run({ fearless: example.settings });
      const without = run({ fearless: withoutKey(example.settings, example.heading) });
      expect(withSettings).not.toEqual(without);
    });
  }
});
