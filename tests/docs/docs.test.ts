/**
 * Executable docs: in every docs/rules/<rule>.md, each code block under an
 * "Incorrect" heading must make the rule report, and each block under a
 * "Correct" heading must not. A block can also be marked by an HTML comment
 * right before it: `<!-- incorrect -->`, `<!-- correct -->`, optionally
 * `file: <path>` (linted as that file, relative to the repository: for
 * examples that import a local module), `with options: [...]` and/or
 * `settings: {...}` (JSON). An example linted as a file whose last line is a
 * `// ` comment must be reported with exactly that message. A block marked
 * `<!-- module file: <path> -->` shows an imported module: it must be that
 * fixture file, as written.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index';
import { lint } from '../lint';

const docsDir = join(__dirname, '../../docs/rules');

export interface DocExample {
  readonly verdict: 'correct' | 'incorrect';
  readonly code: string;
  readonly language: string;
  readonly line: number;
  readonly options: unknown[];
  readonly settings: Record<string, unknown> | undefined;
  /** The file it is linted as (absolute), for examples that import local modules. */
  readonly filename: string | undefined;
}

const repository = join(__dirname, '../..');

/** `<!-- module file: tests/fixtures/modules/docs/rpc.ts -->` before a block: the module an example imports. */
export interface ModuleBlock {
  readonly file: string;
  readonly code: string;
  readonly line: number;
}

export function moduleBlocksOf(markdown: string): ModuleBlock[] {
  const lines = markdown.split('\n');
  const blocks: ModuleBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const marker = /^<!--\s*module file:\s*(\S+)\s*-->\s*$/.exec(lines[index]!);
    if (!marker || !/^```\w+\s*$/.test(lines[index + 1] ?? '')) continue;
    let end = index + 2;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    blocks.push({ file: resolve(repository, marker[1]!), code: lines.slice(index + 2, end).join('\n'), line: index + 3 });
    index = end;
  }
  return blocks;
}

export function examplesOf(markdown: string): DocExample[] {
  const lines = markdown.split('\n');
  const examples: DocExample[] = [];
  let section: 'correct' | 'incorrect' | undefined;
  let sectionLevel = 0;
  let marker: { verdict: 'correct' | 'incorrect'; options: unknown[]; settings?: Record<string, unknown>; filename?: string } | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const heading = /^(#+)\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      const title = heading[2]!.toLowerCase();
      if (/\bincorrect\b/.test(title)) [section, sectionLevel] = ['incorrect', level];
      else if (/\bcorrect\b/.test(title)) [section, sectionLevel] = ['correct', level];
      else if (section && level <= sectionLevel) section = undefined;
      continue;
    }
    const comment = /^<!--\s*(correct|incorrect)\b(.*?)-->\s*$/.exec(line);
    if (comment) {
      const rest = comment[2]!;
      const options = /with options:\s*(\[.*?\])(?:\s+settings:|\s*$)/.exec(rest);
      const settings = /settings:\s*(\{.*\})\s*$/.exec(rest);
      const file = /^\s*file:\s*(\S+)/.exec(rest);
      marker = {
        verdict: comment[1] as 'correct' | 'incorrect',
        ...(file ? { filename: resolve(repository, file[1]!) } : {}),
        options: options ? (JSON.parse(options[1]!) as unknown[]) : [],
        ...(settings ? { settings: JSON.parse(settings[1]!) as Record<string, unknown> } : {}),
      };
      continue;
    }
    const fence = /^```(\w+)\s*$/.exec(line);
    if (fence) {
      const start = index + 1;
      let end = start;
      while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
      const verdict = marker?.verdict ?? section;
      const language = fence[1]!;
      if (verdict && ['js', 'ts', 'javascript', 'typescript', 'mjs', 'cjs'].includes(language)) {
        examples.push({
          verdict,
          code: lines.slice(start, end).join('\n'),
          language,
          line: start,
          options: marker?.options ?? [],
          settings: marker?.settings,
          filename: marker?.filename,
        });
      }
      marker = undefined;
      index = end;
      continue;
    }
    if (line.trim() !== '') marker = undefined;
  }
  return examples;
}

const ruleNames = Object.keys(plugin.rules);

describe('rule docs', () => {
  it('every rule has a doc and every doc a rule', () => {
    const docs = readdirSync(docsDir)
      .filter((file) => file.endsWith('.md'))
      .map((file) => file.slice(0, -3));
    expect(docs.sort()).toEqual([...ruleNames].sort());
  });

  for (const rule of ruleNames) {
    const markdown = readFileSync(join(docsDir, `${rule}.md`), 'utf8');
    const examples = examplesOf(markdown);

    describe(rule, () => {
      it('has incorrect and correct examples', () => {
        expect(examples.some((example) => example.verdict === 'incorrect')).toBe(true);
        expect(examples.some((example) => example.verdict === 'correct')).toBe(true);
      });

      for (const block of moduleBlocksOf(markdown)) {
        it(`module shown at line ${block.line} is its fixture, as written`, () => {
          expect(readFileSync(block.file, 'utf8').trimEnd()).toBe(block.code.trimEnd());
        });
      }

      for (const example of examples) {
        it(`${example.verdict} example at line ${example.line}`, () => {
          const typescript = example.language === 'ts' || example.language === 'typescript';
          const messages = lint(example.code, {
            rules: { [rule]: example.options },
            typescript,
            ...(example.settings ? { settings: example.settings } : {}),
            ...(example.filename ? { filename: example.filename } : {}),
          });
          const fatal = messages.filter((message) => message.fatal);
          expect(fatal, 'the example must parse').toEqual([]);
          const own = messages.filter((message) => message.ruleId === `fearless/${rule}`);
          if (example.verdict === 'incorrect') {
            expect(own.length, example.code).toBeGreaterThan(0);
            // `// <message>` as the last line of an example linted as a file: the message, word for word.
            const said = /^\/\/ (.*)$/.exec(example.code.trimEnd().split('\n').at(-1)!);
            if (example.filename && said) expect(own.map((message) => message.message)).toContain(said[1]);
          } else
            expect(
              own.map((message) => `${message.line}: ${message.message}`),
              example.code,
            ).toEqual([]);
        });
      }
    });
  }
});
