/**
 * Section 5: every finding on the corpus, grouped by rule, in a stable order
 * (rule, file, line, column, message), printed and written to
 * bench/.cache/findings.txt so the lead can judge each one and record the
 * verdicts in bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir } from './corpus.mjs';
import { heading, note } from './report.mjs';

export const findingsFile = join(benchDir, '.cache', 'findings.txt');

function compare(x, y) {
  return x.rule.localeCompare(y.rule) || x.file.localeCompare(y.file) || x.line - y.line || x.column - y.column || x.message.localeCompare(y.message);
}

function key(finding) {
  return `${finding.rule}\0${finding.file}\0${finding.line}\0${finding.column}\0${finding.message}`;
}

/** Lines of text: a heading per rule with its count, then one line per finding. */
function render(findings) {
  const lines = [];
  const sorted = [...findings].sort(compare);
  const rules = [...new Set(sorted.map((finding) => finding.rule))];
  for (const rule of rules) {
    const group = sorted.filter((finding) => finding.rule === rule);
    lines.push(`${rule} (${group.length})`);
    for (const finding of group) lines.push(`  ${finding.file}:${finding.line}:${finding.column}  ${finding.message}`);
  }
  return lines;
}

/**
 * Prints the findings of configs.all (untyped); with a typed run, what type
 * information changed (configs.all on the typed parse against the untyped
 * run, same rules and options, so only the types differ), and findings of
 * type-aware rules that configs.all does not include. `typed` is
 * `{ findings, typeOnly, files: Set }` or undefined.
 */
export function reportFindings(untyped, typed) {
  heading('5. Findings on the corpus');
  const lines = [];
  if (untyped) {
    lines.push(`Findings of configs.all on the corpus, untyped: ${untyped.length}`, ...render(untyped));
    if (untyped.length === 0) lines.push('  (none)');
  }
  if (typed && !untyped) {
    lines.push(`Findings of configs.all on the corpus, with type information: ${typed.findings.length}`, ...render(typed.findings));
  } else if (typed) {
    const untypedKeys = new Set(untyped.map(key));
    const typedKeys = new Set(typed.findings.map(key));
    const added = typed.findings.filter((finding) => !untypedKeys.has(key(finding)));
    // Only files both runs linted can lose findings to type information.
    const removed = untyped.filter((finding) => typed.files.has(finding.file) && !typedKeys.has(key(finding)));
    lines.push(
      '',
      `With type information (configs.all on the typed parse), findings the untyped run did not have: ${added.length}`,
      ...render(added),
      `Untyped findings that type information removed: ${removed.length}`,
      ...render(removed),
    );
  }
  if (typed) {
    lines.push('', `Findings of type-aware rules outside configs.all (recommended-type-checked, typed): ${typed.typeOnly.length}`, ...render(typed.typeOnly));
  }
  for (const line of lines) note(line);
  mkdirSync(join(benchDir, '.cache'), { recursive: true });
  writeFileSync(findingsFile, `${lines.join('\n')}\n`);
  note(`\n(written to ${findingsFile})`);
}
