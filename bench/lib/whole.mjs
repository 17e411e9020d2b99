/**
 * Section 8: whole packages. The timed corpus (section 2) is the worker
 * files of its packages; a real project is mostly not worker code, and the
 * overhead it sees is the overhead on all of its files. This section lints
 * every lintable file of the same packages (the whole tarball: sources,
 * tests, build output; not `.d.ts`, `.min.js`, minified files or files over
 * MAX_BYTES), with no rules and with `configs.all`, alternating runs.
 *
 * Budget: `configs.all` at most 1.05x ESLint with no rules, by wall time and
 * by CPU time (the steadier of the two when other processes share the
 * machine). Also printed, not a budget: the same ratio on top of @eslint/js
 * recommended.
 *
 * The files prepared here (after the preflight) are also the input of the
 * memory (9) and listener (10) sections.
 */
import { loadCorpusList, prepareCorpus, sourceRoot, wholePackages } from './corpus.mjs';
import { createESLint, languageConfigs, lintAll, lintFile, textGate } from './lint.mjs';
import { alternate, median } from './measure.mjs';
import { budget, heading, kb, ms, note, percent, ratio, table } from './report.mjs';
import { jsRecommended, preflight, timingRow } from './untyped.mjs';

const BUDGET = 1.05;

/** Larger than any hand-written file of the corpus (maplibre-gl's `src/ui/map.ts` is 206 KB): what is bigger is a bundle. */
export const MAX_BYTES = 256 * 1024;

/** --quick lints every QUICK_STRIDE-th file: enough to run every step, not to measure. */
const QUICK_STRIDE = 10;

/**
 * Unpacks the corpus.json packages, selects their whole contents, drops
 * files that do not parse or crash a rule, and prints what is in it. The
 * preflight lints every file with no rules, configs.all and recommended +
 * configs.all: it is also the warm-up of section 8's timed runs. Returns
 * `{ files, language, admitted }`: the usable files, their parser configs,
 * and the text gate's verdict per file.
 */
export async function prepareWhole({ plugin, quick }) {
  heading('8. Whole packages: every lintable file of the corpus.json packages, no rules vs configs.all');
  const entries = loadCorpusList();
  const minified = [];
  const oversized = [];
  let files = await prepareCorpus(wholePackages(entries), note, { skipMinified: true, skipped: minified, maxBytes: MAX_BYTES, oversized });
  note(
    `Every .js/.mjs/.cjs/.ts/.mts/.cts file of each tarball (maplibre-gl: its src/, all that corpus.json unpacks), ` +
      `not .d.ts or .min.js; ${minified.length} files skipped as minified, ${oversized.length} over ${kb(MAX_BYTES)}.`,
  );
  if (quick) {
    files = files.filter((_, index) => index % QUICK_STRIDE === 0);
    note(`--quick: every ${QUICK_STRIDE}th file only (${files.length}).`);
  }
  const cwd = sourceRoot;
  const language = languageConfigs(cwd, files);
  const { usable: parsed, skipped } = await preflight(files, createESLint(cwd, language), createESLint(cwd, [...language, plugin.configs.all]), 'whole');
  // Section 8 also times @eslint/js recommended: a file on which one of its rules throws is left out of every variant.
  const both = createESLint(cwd, [...language, jsRecommended(), plugin.configs.all]);
  const usable = [];
  for (const file of parsed) {
    if ((await lintFile(both, file, { section: 'whole', config: '@eslint/js recommended + configs.all' })).error) {
      skipped.push({ file, why: 'a rule of @eslint/js recommended + configs.all threw (see Crashes)' });
    } else usable.push(file);
  }
  for (const { file, why } of skipped) note(`  skipped ${file.display}: ${why}`);
  const gate = textGate();
  const admitted = new Map(usable.map((file) => [file, gate(file.text)]));
  const rows = entries.map((entry) => {
    const mine = usable.filter((file) => file.entry.package === entry.package);
    const bytes = mine.reduce((sum, file) => sum + file.bytes, 0);
    return [`${entry.package}@${entry.version}`, mine.length, kb(bytes), mine.filter((file) => admitted.get(file)).length];
  });
  table(['package', 'files', 'size', 'admitted'], rows);
  const bytes = usable.reduce((sum, file) => sum + file.bytes, 0);
  const lines = usable.reduce((sum, file) => sum + file.text.split('\n').length, 0);
  note(
    `Total: ${usable.length} files, ${kb(bytes)}, ${lines.toLocaleString('en')} lines; ` +
      `${[...admitted.values()].filter(Boolean).length} admitted by the text gate (the rest name nothing of the API model: not recorded, not analysed).`,
  );
  return { files: usable, language: languageConfigs(cwd, usable), admitted };
}

export async function runWhole(whole, { plugin, warmup, reps }) {
  const cwd = sourceRoot;
  const { files, language } = whole;
  const context = (config) => ({ section: 'whole timing', config });
  const variants = {
    none: { label: 'no rules', eslint: createESLint(cwd, language) },
    all: { label: 'fearless configs.all', eslint: createESLint(cwd, [...language, plugin.configs.all]) },
    recommended: { label: '@eslint/js recommended', eslint: createESLint(cwd, [...language, jsRecommended()]) },
    both: { label: '@eslint/js recommended + configs.all', eslint: createESLint(cwd, [...language, jsRecommended(), plugin.configs.all]) },
  };
  note(`\nRuns alternate over the configs below, forward and backward by turns: ${warmup} warm-up round(s), then ${reps} timed.`);
  const timing = await alternate(
    Object.fromEntries(Object.entries(variants).map(([name, { label, eslint }]) => [name, () => lintAll(eslint, files, context(label))])),
    { warmup, reps },
  );
  const base = timing.none.median;
  table(
    ['config', 'median', 'min', 'vs no rules', 'runs (ms)'],
    Object.entries(variants).map(([name, { label }]) => timingRow(label, timing[name], base)),
  );
  note('\nCPU time of the same runs (user + system of this process: what other processes on the machine disturb least):');
  table(
    ['config', 'median', 'min', 'vs no rules', 'runs (ms)'],
    Object.entries(variants).map(([name, { label }]) => timingRow(label, timing[name].cpu, timing.none.cpu.median)),
  );
  const all = timing.all.median / base;
  const cpu = timing.all.cpu.median / timing.none.cpu.median;
  budget(
    `whole packages, configs.all <= ${BUDGET}x ESLint with no rules`,
    all <= BUDGET,
    `${ratio(all)}: ${ms(timing.all.median)} against ${ms(base)} (median of ${reps}, ${files.length} files)`,
  );
  // The same budget on CPU time: on a machine shared with other work, wall time is mostly waiting for a core.
  budget(
    `whole packages, configs.all <= ${BUDGET}x ESLint with no rules, CPU time`,
    cpu <= BUDGET,
    `${ratio(cpu)}: ${ms(timing.all.cpu.median)} against ${ms(timing.none.cpu.median)} (user + system, median of ${reps})`,
  );
  const paired = median(timing.all.samples.map((time, round) => time / timing.none.samples[round]));
  const onRecommended = timing.both.median / timing.recommended.median;
  note(`Cross-checks (all / no rules): median of per-round wall-time ratios ${ratio(paired)}; CPU time ${ratio(cpu)}.`);
  note(
    `On top of @eslint/js recommended (not a budget): ${ratio(onRecommended)} ` +
      `(${percent(onRecommended - 1)}, ${ms(timing.both.median - timing.recommended.median)} on ${ms(timing.recommended.median)}).`,
  );
}
