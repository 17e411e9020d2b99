#!/usr/bin/env node
/**
 * `npm run demo`: lints every example with `fearless.configs.recommended`, prints the findings the way a compiler
 * does (with each suggestion's edit), and checks the examples against the plugin:
 *
 * - every `bug/` folder of a rule the plugin has must get at least one finding of that rule;
 * - every `fixed/` folder must lint clean (of a pending rule too: a finding there is a false positive of a rule the
 *   plugin already has);
 * - folders of rules the plugin does not have yet are listed as pending, and their `bug/` folders are not checked.
 *
 * Exit code 1 when a check fails. Colors only on a terminal (and never with NO_COLOR).
 *
 * Layout: examples/<rule>/<case>/{bug,fixed}/ with the same file names in both, and a README.md per case.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
// The package refers to itself through its `exports`: this is the built plugin, as users import it.
import fearless from 'eslint-plugin-fearless';

const examplesDir = dirname(fileURLToPath(import.meta.url));
const TWINS = ['bug', 'fixed'];

// ---------------------------------------------------------------------------
// Terminal output
// ---------------------------------------------------------------------------

const useColor = process.stdout.isTTY === true && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
const paint = (code) => (text) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : String(text));
const bold = paint('1');
const dim = paint('2');
const red = paint('31');
const green = paint('32');
const yellow = paint('33');
const blue = paint('34');
const cyan = paint('36');
const boldRed = paint('1;31');

const out = [];
const print = (line = '') => out.push(line);

// ---------------------------------------------------------------------------
// The examples on disk
// ---------------------------------------------------------------------------

const isDirectory = (path) => statSync(path).isDirectory();

/** The first heading of a case's README, as its title. */
function titleOf(caseDir) {
  try {
    const heading = readFileSync(join(caseDir, 'README.md'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('# '));
    return heading ? heading.slice(2).trim() : undefined;
  } catch {
    return undefined;
  }
}

/** @returns {Array<{ rule: string, cases: Array<{ name: string, dir: string, title?: string, problems: string[] }> }>} */
function findExamples() {
  // Rules the plugin has first (their checks matter), then the pending ones; alphabetical within each.
  const rank = (rule) => (Object.hasOwn(fearless.rules, rule) ? 0 : 1);
  return readdirSync(examplesDir)
    .filter((name) => !name.startsWith('.') && name !== 'node_modules' && isDirectory(join(examplesDir, name)))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((rule) => ({
      rule,
      cases: readdirSync(join(examplesDir, rule))
        .filter((name) => isDirectory(join(examplesDir, rule, name)))
        .sort()
        .map((name) => {
          const dir = join(examplesDir, rule, name);
          const problems = [];
          const files = {};
          for (const twin of TWINS) {
            const twinDir = join(dir, twin);
            try {
              files[twin] = readdirSync(twinDir).sort();
            } catch {
              problems.push(`missing the \`${twin}/\` folder`);
            }
          }
          if (files.bug && files.fixed && files.bug.join('\0') !== files.fixed.join('\0')) {
            problems.push(`\`bug/\` and \`fixed/\` hold different files (${files.bug.join(', ')} / ${files.fixed.join(', ')})`);
          }
          return { name, dir, title: titleOf(dir), problems };
        }),
    }));
}

// ---------------------------------------------------------------------------
// Printing one finding
// ---------------------------------------------------------------------------

const sources = new Map();
function sourceOf(path) {
  if (!sources.has(path)) sources.set(path, readFileSync(path, 'utf8'));
  return sources.get(path);
}

/** Offsets where each line starts. */
function lineStarts(text) {
  const starts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') starts.push(index + 1);
  return starts;
}

function lineAt(starts, offset) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

const linesOf = (text) => text.split(/\r?\n/);

/** What the lines touched by an edit look like before and after it. */
function applySuggestion(text, fix) {
  const [start, end] = fix.range;
  const after = text.slice(0, start) + fix.text + text.slice(end);
  const beforeStarts = lineStarts(text);
  const afterStarts = lineStarts(after);
  const firstLine = lineAt(beforeStarts, start);
  const lastBefore = lineAt(beforeStarts, Math.max(start, end - 1));
  const lastAfter = lineAt(afterStarts, Math.max(start, start + fix.text.length - 1));
  const beforeLines = linesOf(text).slice(firstLine - 1, lastBefore);
  const afterLines = linesOf(after).slice(firstLine - 1, lastAfter);
  return { firstLine, beforeLines, afterLines };
}

/** Long edits (a block wrapped in `try`) show their first and last lines only. */
const EDIT_HEAD = 4;
const EDIT_TAIL = 3;
function excerpt(lines, firstLine) {
  const numbered = lines.map((line, index) => ({ number: firstLine + index, line }));
  if (numbered.length <= EDIT_HEAD + EDIT_TAIL + 1) return numbered;
  return [...numbered.slice(0, EDIT_HEAD), { number: undefined, line: `… ${numbered.length - EDIT_HEAD - EDIT_TAIL} more lines` }, ...numbered.slice(-EDIT_TAIL)];
}

function printFinding(file, message) {
  const path = relative(examplesDir, file).split(sep).join('/');
  const severity = message.severity === 2 ? 'error' : 'warning';
  const label = message.ruleId ? `${severity}[${message.ruleId}]` : severity;
  print(`${message.severity === 2 ? boldRed(label) : yellow(label)}${bold(`: ${message.message}`)}`);

  const text = sourceOf(file);
  const lines = linesOf(text);
  const edits = (message.suggestions ?? []).map((suggestion) => ({ suggestion, ...applySuggestion(text, suggestion.fix) }));
  const lastLine = Math.max(
    message.endLine ?? message.line ?? 0,
    ...edits.map(({ firstLine, beforeLines, afterLines }) => firstLine + Math.max(beforeLines.length, afterLines.length) - 1),
  );
  const width = String(lastLine).length;
  const gutter = (value = '') => blue(`${String(value).padStart(width)} |`);
  print(`${' '.repeat(width)}${blue('-->')} ${path}:${message.line}:${message.column}`);
  if (!message.line) {
    print();
    return;
  }
  const sourceLine = lines[message.line - 1] ?? '';
  const startColumn = message.column;
  const endColumn = message.endLine === message.line && message.endColumn ? message.endColumn : sourceLine.length + 1;
  const carets = '^'.repeat(Math.max(1, endColumn - startColumn));
  print(gutter());
  print(`${gutter(message.line)} ${sourceLine}`);
  print(`${gutter()} ${' '.repeat(startColumn - 1)}${(message.severity === 2 ? boldRed : yellow)(carets)}`);

  for (const { suggestion, firstLine, beforeLines, afterLines } of edits) {
    print(`${' '.repeat(width)} ${blue('=')} ${cyan('suggestion')}: ${suggestion.desc}`);
    const show = (lines, sign, color) => {
      for (const { number, line } of excerpt(lines, firstLine)) {
        print(number === undefined ? `${' '.repeat(width)}   ${dim(line)}` : `${blue(String(number).padStart(width))} ${color(`${sign} ${line}`.trimEnd())}`);
      }
    };
    show(beforeLines, '-', red);
    show(afterLines, '+', green);
  }
  print();
}

// ---------------------------------------------------------------------------
// Lint and check
// ---------------------------------------------------------------------------

const examples = findExamples();
const pluginRules = new Set(Object.keys(fearless.rules));
const recommended = fearless.configs.recommended;

const eslint = new ESLint({
  cwd: examplesDir,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    { files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'], languageOptions: { parser: tsParser } },
    recommended,
  ],
});

const folders = examples.flatMap(({ cases }) => cases.flatMap(({ dir }) => TWINS.map((twin) => join(dir, twin)))).filter((dir) => {
  try {
    return isDirectory(dir);
  } catch {
    return false;
  }
});

let results;
try {
  results = await eslint.lintFiles(folders);
} catch (error) {
  console.error(red('The lint run failed:'));
  console.error(error);
  process.exit(1);
}

/** Results by folder: examples/<rule>/<case>/<twin>. */
const byFolder = new Map();
for (const result of results) {
  const [rule, name, twin] = relative(examplesDir, result.filePath).split(sep);
  const key = `${rule}/${name}/${twin}`;
  if (!byFolder.has(key)) byFolder.set(key, []);
  byFolder.get(key).push(result);
}

const messagesOf = (rule, name, twin) =>
  (byFolder.get(`${rule}/${name}/${twin}`) ?? []).flatMap((result) => result.messages.map((message) => ({ file: result.filePath, message })));

const header = `eslint-plugin-fearless ${fearless.meta.version} · ESLint ${ESLint.version} · ${recommended.name} (${Object.keys(recommended.rules).length} rule${Object.keys(recommended.rules).length === 1 ? '' : 's'})`;
print(bold(header));
print(dim(`${results.length} files in ${examples.reduce((n, { cases }) => n + cases.length, 0)} cases under examples/`));
print();

const failures = [];
const notes = [];
const summary = [];

for (const { rule, cases } of examples) {
  const implemented = pluginRules.has(rule);
  const ruleId = `fearless/${rule}`;
  const banner = `━━ ${rule} ${implemented ? '' : yellow('(pending: rule not implemented yet) ')}`;
  print(bold(banner + '━'.repeat(Math.max(4, 78 - banner.replace(/\u001b\[[0-9;]*m/g, '').length))));
  print();

  const row = { rule, implemented, cases: cases.length, caught: 0, clean: 0, findings: 0 };
  for (const example of cases) {
    const where = `${rule}/${example.name}`;
    print(`${bold(example.name)}${example.title ? dim(` · ${example.title}`) : ''}`);
    print();
    for (const problem of example.problems) failures.push(`${where}: ${problem}`);

    const bug = messagesOf(rule, example.name, 'bug');
    const fixed = messagesOf(rule, example.name, 'fixed');
    row.findings += bug.length;
    for (const { file, message } of [...bug, ...fixed]) printFinding(file, message);

    const fatal = [...bug, ...fixed].filter(({ message }) => message.fatal);
    for (const { file, message } of fatal) failures.push(`${relative(examplesDir, file)}: parse error: ${message.message}`);

    const own = bug.filter(({ message }) => message.ruleId === ruleId);
    const others = [...new Set(bug.filter(({ message }) => message.ruleId !== ruleId && !message.fatal).map(({ message }) => message.ruleId))];
    let bugStatus;
    if (!implemented) {
      bugStatus = yellow('pending (rule not implemented yet)');
    } else if (own.length > 0) {
      row.caught++;
      bugStatus = green(`✓ ${own.length} finding${own.length === 1 ? '' : 's'} of ${ruleId}`);
    } else {
      bugStatus = red(`✗ no finding of ${ruleId}`);
      failures.push(`${where}/bug: the bug is not reported by ${ruleId}`);
    }
    if (others.length > 0) notes.push(`${where}/bug: also reported by ${others.join(', ')} (an example should hold one class of bug)`);

    let fixedStatus;
    if (fixed.length === 0) {
      row.clean++;
      fixedStatus = green('✓ clean');
    } else {
      fixedStatus = red(`✗ ${fixed.length} finding${fixed.length === 1 ? '' : 's'}`);
      for (const { file, message } of fixed) {
        failures.push(`${relative(examplesDir, file).split(sep).join('/')}:${message.line}:${message.column}: ${message.ruleId ?? 'parse error'} reports the fixed twin`);
      }
    }
    print(`  bug/    ${bugStatus}`);
    print(`  fixed/  ${fixedStatus}`);
    print();
  }
  summary.push(row);
}

for (const rule of pluginRules) {
  if (!examples.some((example) => example.rule === rule)) notes.push(`fearless/${rule} has no examples (add examples/${rule}/<case>/{bug,fixed}/)`);
}

// ---------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------

print(bold('Summary'));
const ruleWidth = Math.max(4, ...summary.map((row) => row.rule.length));
print(dim(`  ${'rule'.padEnd(ruleWidth)}  cases  findings  bugs caught  fixed clean  status`));
for (const row of summary) {
  const ok = row.implemented ? row.caught === row.cases && row.clean === row.cases : row.clean === row.cases;
  const status = row.implemented ? (ok ? green('ok') : red('FAILED')) : ok ? yellow('pending (rule not implemented yet)') : red('pending, but a fixed twin is reported');
  const caught = row.implemented ? `${row.caught}/${row.cases}` : '-';
  print(
    `  ${row.rule.padEnd(ruleWidth)}  ${String(row.cases).padStart(5)}  ${String(row.findings).padStart(8)}  ${caught.padStart(11)}  ${`${row.clean}/${row.cases}`.padStart(11)}  ${status}`,
  );
}
print();

if (notes.length > 0) {
  for (const note of notes) print(`${yellow('note')}: ${note}`);
  print();
}
if (failures.length > 0) {
  print(boldRed(`${failures.length} check${failures.length === 1 ? '' : 's'} failed:`));
  for (const failure of failures) print(`  ${red('✗')} ${failure}`);
} else {
  const pending = summary.filter((row) => !row.implemented).length;
  print(green(`All checks passed${pending ? ` (${pending} rule${pending === 1 ? '' : 's'} pending)` : ''}.`));
}

process.stdout.write(`${out.join('\n')}\n`);
process.exitCode = failures.length > 0 ? 1 : 0;
