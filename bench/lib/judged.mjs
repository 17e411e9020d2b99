/**
 * Section 7: the judged findings. The findings corpus (bench/real-corpus.json,
 * much larger than the timed one and not timed) is linted with every rule at
 * its default options (`configs.all`) and with `strict`; every finding is
 * looked up in bench/judged.json, where a person has judged it TP, FP or
 * debatable with a one-line reason. Printed: per-rule precision
 * (TP / (TP + FP), debatable apart), every finding that is not in the table or
 * is judged FP, and table entries that no longer match a finding.
 *
 * A finding is keyed by rule, package@version/path, line and a fingerprint of
 * its message (digits left out, so a line number inside a message does not
 * change it). When a package's code moves, the same rule, file and
 * fingerprint at another line is shown as "moved" next to the judged line, so
 * re-judging is quick; it still counts as unjudged until the table says so.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir, loadCorpusList, prepareCorpus, sourceRoot } from './corpus.mjs';
import { createESLint, fatalMessage, findingsOf, languageConfigs, lintFile } from './lint.mjs';
import { budget, heading, kb, note, table } from './report.mjs';

export const judgedFile = join(benchDir, 'judged.json');
export const realCorpusFile = 'real-corpus.json';
const outputText = join(benchDir, '.cache', 'real-findings.txt');
const outputJson = join(benchDir, '.cache', 'real-findings.json');

const VERDICTS = new Set(['TP', 'FP', 'debatable']);

/** The message without digits, hashed: 8 hex characters. */
export function fingerprint(message) {
  return createHash('sha1').update(message.replace(/\d+/g, '#')).digest('hex').slice(0, 8);
}

export function keyOf({ rule, file, line, fingerprint: print }) {
  return `${rule}\0${file}\0${line}\0${print}`;
}

function looseKeyOf({ rule, file, fingerprint: print }) {
  return `${rule}\0${file}\0${print}`;
}

/** judged.json: `{ classes: { id: text }, findings: [{ rule, file, line, fingerprint, message, config, verdict, class?, reason }] }`. */
export function loadJudged() {
  const data = JSON.parse(readFileSync(judgedFile, 'utf8'));
  const problems = [];
  const byKey = new Map();
  for (const entry of data.findings) {
    const where = `${entry.rule} ${entry.file}:${entry.line}`;
    if (!VERDICTS.has(entry.verdict)) problems.push(`${where}: verdict must be TP, FP or debatable, not ${JSON.stringify(entry.verdict)}`);
    if (!entry.reason) problems.push(`${where}: no reason`);
    if (entry.class !== undefined && !(entry.class in (data.classes ?? {}))) problems.push(`${where}: unknown class ${entry.class}`);
    if (entry.verdict === 'FP' && entry.class === undefined) problems.push(`${where}: an FP needs a class`);
    const key = keyOf(entry);
    if (byKey.has(key)) problems.push(`${where}: judged twice`);
    byKey.set(key, entry);
  }
  return { classes: data.classes ?? {}, entries: data.findings, byKey, problems };
}

/** Lints every file with each config; merges findings that both configs report. */
async function lintCorpus(files, variants) {
  const found = new Map();
  const skipped = [];
  let linted = 0;
  let index = 0;
  for (const file of files) {
    if (++index % 500 === 0) note(`  ... ${index}/${files.length} files`);
    let parsed = true;
    for (const [config, eslint] of Object.entries(variants)) {
      const { result, error } = await lintFile(eslint, file, { section: 'findings', config });
      if (error) continue;
      const fatal = fatalMessage(result);
      if (fatal) {
        if (parsed) skipped.push(`${file.display}: parse error (${file.sourceType}) ${fatal.line}:${fatal.column} ${fatal.message}`);
        parsed = false;
        break;
      }
      for (const finding of findingsOf(result, file)) {
        const rule = finding.rule.replace(/^fearless\//, '');
        const record = {
          rule,
          file: finding.file,
          line: finding.line,
          column: finding.column,
          message: finding.message,
          fingerprint: fingerprint(finding.message),
        };
        const key = keyOf(record);
        const seen = found.get(key);
        if (seen) seen.configs.add(config);
        else found.set(key, { ...record, configs: new Set([config]) });
      }
    }
    if (parsed) linted++;
  }
  return { findings: [...found.values()], skipped, linted };
}

function compare(x, y) {
  return x.rule.localeCompare(y.rule) || x.file.localeCompare(y.file) || x.line - y.line || x.column - y.column || x.message.localeCompare(y.message);
}

function precision(tp, fp) {
  return tp + fp === 0 ? '-' : `${((100 * tp) / (tp + fp)).toFixed(0)}%`;
}

/** Rows of counts per rule, for the findings of one config ('all', or 'strict' only). */
function precisionRows(findings, rules) {
  const rows = [];
  const total = { n: 0, TP: 0, FP: 0, debatable: 0, unjudged: 0 };
  for (const rule of rules) {
    const mine = findings.filter((finding) => finding.rule === rule);
    const count = { n: mine.length, TP: 0, FP: 0, debatable: 0, unjudged: 0 };
    for (const finding of mine) count[finding.judged?.verdict ?? 'unjudged']++;
    for (const field of Object.keys(total)) total[field] += count[field];
    rows.push([rule, count.n, count.TP, count.FP, count.debatable, count.unjudged, precision(count.TP, count.FP)]);
  }
  rows.push(['all rules', total.n, total.TP, total.FP, total.debatable, total.unjudged, precision(total.TP, total.FP)]);
  return rows;
}

function line(finding) {
  const configs = [...finding.configs].join('+');
  return `  ${finding.rule}  ${finding.file}:${finding.line}:${finding.column}  [${configs}] #${finding.fingerprint}  ${finding.message}`;
}

export async function runJudged({ plugin }) {
  heading('7. Judged findings on the findings corpus (bench/real-corpus.json, bench/judged.json)');
  const entries = loadCorpusList(realCorpusFile);
  const minified = [];
  const files = await prepareCorpus(entries, note, { skipMinified: true, skipped: minified });
  const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
  note(`${entries.length} packages, ${files.length} files, ${kb(bytes)} (${minified.length} matched files skipped as minified).`);

  const cwd = sourceRoot;
  const language = languageConfigs(cwd, files);
  const variants = {
    all: createESLint(cwd, [...language, plugin.configs.all]),
    strict: createESLint(cwd, [...language, plugin.configs.strict]),
  };
  const { findings, skipped, linted } = await lintCorpus(files, variants);
  for (const why of skipped) note(`  skipped ${why}`);
  note(`Linted ${linted} files with configs.all and with strict.`);

  const judged = loadJudged();
  for (const problem of judged.problems) note(`  judged.json: ${problem}`);
  const judgedLoose = new Map();
  for (const entry of judged.entries) {
    const loose = looseKeyOf(entry);
    judgedLoose.set(loose, [...(judgedLoose.get(loose) ?? []), entry]);
  }
  const matched = new Set();
  for (const finding of findings) {
    const entry = judged.byKey.get(keyOf(finding));
    if (entry) {
      finding.judged = entry;
      matched.add(entry);
    }
  }
  findings.sort(compare);

  const rules = Object.keys(plugin.configs.all.rules).map((rule) => rule.replace(/^fearless\//, ''));
  const underAll = findings.filter((finding) => finding.configs.has('all'));
  const strictOnly = findings.filter((finding) => !finding.configs.has('all'));
  note('\nPrecision with configs.all (default options): TP / (TP + FP); debatable and unjudged apart.');
  table(['rule', 'findings', 'TP', 'FP', 'debatable', 'unjudged', 'precision'], precisionRows(underAll, rules));
  note('\nFindings that only strict reports (its options: unknownCallIsHandoff and unrefIsDischarge false, checkArgumentOrder, checkRoundTrip):');
  table(['rule', 'findings', 'TP', 'FP', 'debatable', 'unjudged', 'precision'], precisionRows(strictOnly, rules));

  const classCounts = new Map();
  for (const finding of findings) {
    if (finding.judged?.class) classCounts.set(finding.judged.class, (classCounts.get(finding.judged.class) ?? 0) + 1);
  }
  if (classCounts.size > 0) {
    note('\nJudged findings per class (bench/judged.json "classes"):');
    table(
      ['class', 'findings', 'what'],
      [...classCounts]
        .sort((x, y) => y[1] - x[1])
        .map(([id, count]) => [id, count, judged.classes[id].length > 90 ? `${judged.classes[id].slice(0, 87)}...` : judged.classes[id]]),
    );
  }

  const unjudged = findings.filter((finding) => !finding.judged);
  const falsePositives = findings.filter((finding) => finding.judged?.verdict === 'FP');
  const stale = judged.entries.filter((entry) => !matched.has(entry));
  const lines = [];
  lines.push(`Unjudged findings: ${unjudged.length}`);
  for (const finding of unjudged) {
    lines.push(line(finding));
    const near = (judgedLoose.get(looseKeyOf(finding)) ?? []).filter((entry) => !matched.has(entry));
    for (const entry of near) lines.push(`      moved? judged at line ${entry.line} as ${entry.verdict}: ${entry.reason}`);
  }
  lines.push('', `Findings judged FP: ${falsePositives.length}`);
  for (const finding of falsePositives) lines.push(`${line(finding)}\n      FP (${finding.judged.class}): ${finding.judged.reason}`);
  lines.push('', `Judged entries that match no finding now (fixed, moved or the corpus changed): ${stale.length}`);
  for (const entry of stale) lines.push(`  ${entry.rule}  ${entry.file}:${entry.line}  #${entry.fingerprint}  ${entry.verdict}: ${entry.reason}`);
  note('');
  for (const text of lines) note(text);
  budget(
    'findings corpus: every finding judged',
    unjudged.length === 0 && stale.length === 0 && judged.problems.length === 0,
    `${findings.length} findings, ${unjudged.length} unjudged, ${falsePositives.length} judged FP, ${stale.length} stale entries`,
  );

  mkdirSync(join(benchDir, '.cache'), { recursive: true });
  writeFileSync(outputText, `${findings.map(line).join('\n')}\n\n${lines.join('\n')}\n`);
  writeFileSync(
    outputJson,
    `${JSON.stringify(
      findings.map(({ configs, judged: entry, ...finding }) => ({
        ...finding,
        config: configs.has('all') ? 'all' : 'strict',
        verdict: entry?.verdict,
        class: entry?.class,
        reason: entry?.reason,
      })),
      null,
      1,
    )}\n`,
  );
  note(`\n(every finding written to ${outputText} and ${outputJson})`);
  return { findings, unjudged, falsePositives, stale };
}
