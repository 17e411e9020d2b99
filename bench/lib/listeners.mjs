/**
 * Section 10: listener time on the whole-package corpus (section 8), from
 * ESLint's `stats: true` (time in each rule's create() and listeners, and
 * the parse time, per file; ESLint's dispatch to the listeners and GC between
 * them are not in it): our rules together next to ESLint core's
 * `no-useless-assignment` alone (a code-path dataflow over every variable,
 * the nearest thing in core to what our analyses do), on the same files,
 * runs of the two alternating.
 *
 * Budgets:
 * - our listener time (all our rules, summed) at most no-useless-assignment's;
 * - growth, per file: no file the text gate admits costs our rules more than
 *   its own parse time (the least of the runs, per file: see perFileGrowth).
 */
import { sourceRoot } from './corpus.mjs';
import { createESLint, lintFile } from './lint.mjs';
import { median, quantile } from './measure.mjs';
import { budget, heading, kb, ms, note, ratio, table } from './report.mjs';

const CORE_RULE = 'no-useless-assignment';

/** One stats pass over every file: per file, its parse time and the time of each rule. */
async function statsPass(eslint, files, config) {
  const perFile = new Map();
  for (const file of files) {
    const { result } = await lintFile(eslint, file, { section: 'listeners', config });
    const times = { parse: 0, rules: {} };
    for (const pass of result?.stats?.times.passes ?? []) {
      times.parse += pass.parse?.total ?? 0;
      for (const [rule, { total }] of Object.entries(pass.rules ?? {})) times.rules[rule] = (times.rules[rule] ?? 0) + total;
    }
    perFile.set(file, times);
  }
  return perFile;
}

function ourTime(times) {
  let sum = 0;
  for (const [rule, time] of Object.entries(times.rules)) if (rule.startsWith('fearless/')) sum += time;
  return sum;
}

function sumOver(pass, pick) {
  let sum = 0;
  for (const times of pass.values()) sum += pick(times);
  return sum;
}

export async function runListeners(whole, { plugin, warmup, runs }) {
  heading(`10. Listener time on the whole-package corpus: our rules vs core ${CORE_RULE} alone`);
  const cwd = sourceRoot;
  const { files, language, admitted } = whole;
  const variants = {
    all: createESLint(cwd, [...language, plugin.configs.all], { stats: true }),
    core: createESLint(cwd, [...language, { rules: { [CORE_RULE]: 'error' } }], { stats: true }),
  };
  note(`ESLint \`stats: true\`, ${files.length} files; ${warmup} warm-up round(s), then ${runs} runs of each config, alternating.`);
  const passes = { all: [], core: [] };
  for (let round = 0; round < warmup + runs; round++) {
    for (const name of round % 2 === 0 ? ['all', 'core'] : ['core', 'all']) {
      const pass = await statsPass(variants[name], files, name);
      if (round >= warmup) passes[name].push(pass);
    }
  }

  const ours = passes.all.map((pass) => sumOver(pass, ourTime));
  const core = passes.core.map((pass) => sumOver(pass, (times) => times.rules[CORE_RULE] ?? 0));
  const parse = [...passes.all, ...passes.core].map((pass) => sumOver(pass, (times) => times.parse));
  const rules = Object.keys(plugin.configs.all.rules);
  const perRule = rules.map((rule) => [`  ${rule}`, ms(median(passes.all.map((pass) => sumOver(pass, (times) => times.rules[rule] ?? 0)))), '']);
  const runsOf = (values) => values.map((value) => value.toFixed(0)).join(' ');
  table(
    ['listener time (summed over files)', 'median', 'runs (ms)'],
    [
      ['parse, for scale', ms(median(parse)), runsOf(parse)],
      ['fearless configs.all, all rules', ms(median(ours)), runsOf(ours)],
      ...perRule,
      [`core ${CORE_RULE} alone`, ms(median(core)), runsOf(core)],
    ],
  );
  budget(
    `whole packages, our listener time <= ${CORE_RULE}'s`,
    median(ours) <= median(core),
    `${ms(median(ours))} against ${ms(median(core))} = ${ratio(median(ours) / median(core))} (ESLint stats, median of ${runs})`,
  );
  note('Per-rule times charge the shared recording and analyses to the first rule that needs them; the sum is what the rule set costs.');
  perFileGrowth(files, admitted, passes);
}

/**
 * Our time against the file's own parse time, per admitted file: the least of
 * each over the configs.all runs (parse and ours from the same runs). On one
 * file of a few milliseconds, noise only adds (another process preempting
 * this one, a GC pause caught by whichever listener is running), so the
 * minimum is the steadier estimate of what the file costs; sums over all
 * files (above) use medians.
 */
function perFileGrowth(files, admitted, passes) {
  const rows = files
    .filter((file) => admitted.get(file))
    .map((file) => {
      const parse = Math.min(...passes.all.map((pass) => pass.get(file).parse));
      const time = Math.min(...passes.all.map((pass) => ourTime(pass.get(file))));
      return { file, parse, time, share: time / parse };
    });
  if (rows.length === 0) {
    note('\nNo admitted file: nothing to compare with parse time.');
    return;
  }
  const shares = rows.map((row) => row.share);
  note(
    `\nOur time as a share of the file's parse time (least of ${passes.all.length} runs each), on the ${rows.length} admitted files: ` +
      `p50 ${ratio(quantile(shares, 0.5))}, p90 ${ratio(quantile(shares, 0.9))}, p99 ${ratio(quantile(shares, 0.99))}, max ${ratio(Math.max(...shares))}.`,
  );
  const worst = [...rows].sort((x, y) => y.share - x.share).slice(0, 8);
  table(
    ['admitted file', 'size', 'parse', 'our rules', 'ours / parse'],
    worst.map(({ file, parse, time, share }) => [file.display, kb(file.bytes), ms(parse), ms(time), ratio(share)]),
  );
  const over = rows.filter((row) => row.time > row.parse);
  // On a file of a few hundred bytes, parse takes well under a millisecond and timer noise or our fixed per-file setup decides; say how many are over by more.
  const overByMore = over.filter((row) => row.time - row.parse > 1);
  budget(
    'growth, no admitted file costs our rules more than its parse time',
    over.length === 0,
    `${over.length} of ${rows.length} admitted files over (${overByMore.length} by more than 1 ms); worst ${ratio(worst[0].share)} (${worst[0].file.display})`,
  );
}
