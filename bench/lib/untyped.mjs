/**
 * Section 2: the corpus without type information, ESLint with no rules
 * against ESLint with `configs.all`, and where our time goes per rule.
 *
 * Budget: our rules add at most 10% to ESLint's own time on the corpus.
 * Worker code is a small part of most projects; a plugin that made linting
 * it much slower would be turned off.
 *
 * Budget (issue #10): following imported modules adds at most 3 percentage
 * points of that overhead: `configs.all` against `configs.all` with
 * `followImports: false`, both over no rules, measured paired per file
 * (whole runs on a shared machine spread by more than the 3 points). The corpus files are linted
 * where they are unpacked, so their relative imports lead to the package's
 * own modules on disk, as in a project.
 *
 * Timed alongside, outside the budget, for scale: core `no-debugger` (one
 * node type: what running any rule at all costs ESLint), and @eslint/js
 * `recommended` without and with our rules (the realistic question: what do
 * our rules add to a config a project already has). `no-undef` is off in
 * that baseline, as typescript-eslint advises for TypeScript and as the
 * corpus has no globals configured.
 */
import { createRequire } from 'node:module';
import { sourceRoot } from './corpus.mjs';
import { createESLint, fatalMessage, findingsOf, languageConfigs, lintAll, lintFile, noFollowImports } from './lint.mjs';
import { alternate, alternatePerItem, median } from './measure.mjs';
import { budget, heading, kb, ms, note, percent, table } from './report.mjs';

const BUDGET = 0.1;
const CROSS_MODULE_BUDGET = 0.03;

const load = createRequire(import.meta.url);

/** @eslint/js recommended, `no-undef` off (see above). */
export function jsRecommended() {
  const { configs } = load('@eslint/js');
  return { name: 'bench/js-recommended', rules: { ...configs.recommended.rules, 'no-undef': 'off' } };
}

/**
 * One pass over every file with each config, untimed: drops files that do
 * not parse or that crash a rule (the timed runs must lint the same files),
 * and collects the findings of `configs.all`.
 */
export async function preflight(files, none, all, section = 'corpus') {
  const usable = [];
  const findings = [];
  const skipped = [];
  for (const file of files) {
    const bare = await lintFile(none, file, { section, config: 'no rules' });
    if (bare.error) {
      skipped.push({ file, why: 'ESLint threw with no rules (see Crashes)' });
      continue;
    }
    const fatal = fatalMessage(bare.result);
    if (fatal) {
      skipped.push({ file, why: `parse error (${file.sourceType}) ${fatal.line}:${fatal.column} ${fatal.message}` });
      continue;
    }
    const ours = await lintFile(all, file, { section, config: 'configs.all' });
    if (ours.error) {
      skipped.push({ file, why: 'a rule of configs.all threw (see Crashes)' });
      continue;
    }
    findings.push(...findingsOf(ours.result, file));
    usable.push(file);
  }
  return { usable, findings, skipped };
}

/** One stats run: parse time, time per rule, and our rules' time per file. */
async function statsRun(eslint, files) {
  const perRule = new Map();
  const perFile = new Map();
  let parse = 0;
  for (const file of files) {
    const { result } = await lintFile(eslint, file, { section: 'corpus stats', config: 'configs.all' });
    if (!result?.stats) continue;
    let ours = 0;
    for (const pass of result.stats.times.passes) {
      parse += pass.parse?.total ?? 0;
      for (const [rule, { total }] of Object.entries(pass.rules ?? {})) {
        perRule.set(rule, (perRule.get(rule) ?? 0) + total);
        ours += total;
      }
    }
    perFile.set(file, ours);
  }
  return { parse, perRule, perFile };
}

/** Per-rule and per-file medians over several stats runs (one run is as noisy as the machine). */
async function ruleTimes(eslint, files, runs) {
  const samples = [];
  for (let run = 0; run < runs; run++) samples.push(await statsRun(eslint, files));
  const rules = [...new Set(samples.flatMap((sample) => [...sample.perRule.keys()]))];
  return {
    parse: median(samples.map((sample) => sample.parse)),
    perRule: new Map(rules.map((rule) => [rule, median(samples.map((sample) => sample.perRule.get(rule) ?? 0))])),
    perFile: files.map((file) => ({ file, ours: median(samples.map((sample) => sample.perFile.get(file) ?? 0)) })),
  };
}

export function timingRow(label, result, base) {
  return [label, ms(result.median), ms(Math.min(...result.samples)), percent(result.median / base - 1), result.samples.map((t) => t.toFixed(0)).join(' ')];
}

export async function runUntyped(files, { plugin, warmup, reps, statsRuns }) {
  heading('2. Untyped timing: ESLint with no rules vs fearless configs.all');
  const cwd = sourceRoot;
  const language = languageConfigs(cwd, files);
  const context = (config) => ({ section: 'corpus timing', config });
  const variants = {
    none: { label: 'no rules', eslint: createESLint(cwd, language) },
    all: { label: 'fearless configs.all', eslint: createESLint(cwd, [...language, plugin.configs.all]) },
    local: { label: 'configs.all, followImports: false', eslint: createESLint(cwd, [...language, plugin.configs.all, noFollowImports]) },
    debugger: { label: 'core no-debugger alone', eslint: createESLint(cwd, [...language, { rules: { 'no-debugger': 'error' } }]) },
    recommended: { label: '@eslint/js recommended', eslint: createESLint(cwd, [...language, jsRecommended()]) },
    both: { label: '@eslint/js recommended + configs.all', eslint: createESLint(cwd, [...language, jsRecommended(), plugin.configs.all]) },
  };
  note(`Rules in configs.all: ${Object.keys(plugin.configs.all.rules).join(', ')}`);

  const { usable, findings, skipped } = await preflight(files, variants.none.eslint, variants.all.eslint);
  for (const { file, why } of skipped) note(`  skipped ${file.display}: ${why}`);
  note(`Linting ${usable.length} files (${kb(usable.reduce((sum, file) => sum + file.bytes, 0))}), texts in memory, one lintText() call per file.`);
  const importing = usable.filter((file) => /(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"]\.{1,2}\//.test(file.text)).length;
  note(`${importing} of them import a relative module (what following imports can read).`);
  note(`Runs alternate over the configs below, forward and backward by turns: ${warmup} warm-up round(s), then ${reps} timed.`);

  const timing = await alternate(
    Object.fromEntries(Object.entries(variants).map(([name, { label, eslint }]) => [name, () => lintAll(eslint, usable, context(label))])),
    { warmup, reps },
  );
  const base = timing.none.median;
  table(
    ['config', 'median', 'min', 'vs no rules', 'runs (ms)'],
    Object.entries(variants).map(([name, { label }]) => timingRow(label, timing[name], base)),
  );
  const added = timing.all.median / base - 1;
  budget(
    'corpus, configs.all adds <= 10% to ESLint',
    added <= BUDGET,
    `added ${percent(added)} = ${ms(timing.all.median - base)} on ${ms(base)} (median of ${reps})`,
  );
  // Following imports costs a few points at most: whole runs spread too much to resolve that, so it is measured
  // paired, per file (each file with the three configs back to back; see alternatePerItem).
  const paired = await alternatePerItem(
    Object.fromEntries(['none', 'local', 'all'].map((name) => [name, (file) => lintFile(variants[name].eslint, file, context(variants[name].label))])),
    usable,
    { warmup: 1, reps },
  );
  const crossModule = (paired.all.total - paired.local.total) / paired.none.total;
  note(
    `\nPaired per file (each file with no rules, followImports: false and configs.all back to back, median of ${reps} per file, summed):\n` +
      `no rules ${ms(paired.none.total)}, followImports: false ${ms(paired.local.total)} (${percent(paired.local.total / paired.none.total - 1)}), ` +
      `configs.all ${ms(paired.all.total)} (${percent(paired.all.total / paired.none.total - 1)}).`,
  );
  const costliest = usable
    .map((file, index) => ({ file, added: paired.all.perItem[index] - paired.local.perItem[index] }))
    .sort((x, y) => y.added - x.added)
    .slice(0, 6);
  note('Files where following imports cost the most (per-file medians, configs.all minus followImports: false):');
  table(
    ['file', 'added'],
    costliest.map(({ file, added }) => [file.display, ms(added)]),
  );
  budget(
    'corpus, following imports adds <= 3 points to that',
    crossModule <= CROSS_MODULE_BUDGET,
    `${(crossModule * 100).toFixed(1)} points = ${ms(paired.all.total - paired.local.total)} on ${ms(paired.none.total)} (paired per file; whole runs above: ${percent(timing.all.median / base - 1)} vs ${percent(timing.local.median / base - 1)})`,
  );
  // Paired per round (each round runs every config back to back): steadier when the machine drifts.
  const perRound = median(timing.all.samples.map((time, round) => time / timing.none.samples[round] - 1));
  note(`Cross-check, median of per-round ratios (all / no rules): ${percent(perRound)}.`);
  const fixed = timing.debugger.median / base - 1;
  const marginal = timing.both.median / timing.recommended.median - 1;
  note(
    `For scale (not budgets): running any rule at all (no-debugger) costs ESLint ${percent(fixed)} over no rules;\n` +
      `on top of @eslint/js recommended, configs.all adds ${percent(marginal)} (${ms(timing.both.median - timing.recommended.median)}).`,
  );

  const stats = await ruleTimes(createESLint(cwd, [...language, plugin.configs.all], { stats: true }), usable, statsRuns);
  printRuleTimes(stats, timing.all.median - base);
  return { usable, findings, timing };
}

function printRuleTimes(stats, wallAdded) {
  note('\nPer-rule time (ESLint `stats: true`, summed over files, median of the stats runs):');
  const ordered = [...stats.perRule].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  const ours = ordered.reduce((sum, [, total]) => sum + total, 0);
  table(['rule', 'time'], [['(parse, for scale)', ms(stats.parse)], ...ordered.map(([rule, total]) => [rule, ms(total)]), ['all rules, sum', ms(ours)]]);
  note(
    'Note: our rules share one analysis per file. The first of our rules ESLint creates for a file\n' +
      'records the traversal for all of them, and the first to ask for an analysis computes it, so\n' +
      'per-rule times attribute that shared work to one rule; the sum is what the rule set costs.',
  );
  note(
    `Rule listeners' own time (${ms(ours)}) vs wall time added (${ms(wallAdded)}): the rest is ESLint calling\n` +
      'our listeners (event dispatch, selector matching) and garbage collection of what they allocate.',
  );
  const slowest = [...stats.perFile].sort((x, y) => y.ours - x.ours).slice(0, 8);
  note('\nFiles where our rules spent the most time (per KB shows size-independent hot spots):');
  table(
    ['file', 'size', 'our rules', 'per KB'],
    slowest.map(({ file, ours: time }) => [file.display, kb(file.bytes), ms(time), ms(time / (file.bytes / 1024))]),
  );
}
