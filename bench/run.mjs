/**
 * The benchmark: `npm run bench` (builds the plugin first), or
 * `node bench/run.mjs [--quick] [--only=<section>,...]`.
 *
 *   1. corpus: pinned worker/lock/channel packages from npm (bench/corpus.json)
 *   2. untyped timing on the corpus, no rules vs configs.all (budget +10%)
 *   3. growth on generated inputs, 1x vs 4x (budget 4.5x)
 *   4. typed timing on the corpus (budget: no more than no-floating-promises)
 *   5. findings of configs.all on the corpus (also bench/.cache/findings.txt)
 *   6. crashes: files on which ESLint or a rule threw
 *   7. judged findings: configs.all and strict on the findings corpus
 *      (bench/real-corpus.json) against the verdicts in bench/judged.json
 *   8. whole: every file of the corpus packages, no rules vs configs.all (budget 1.05x)
 *   9. memory: peak RSS of a fresh process on those files (budget 1.10x)
 *  10. listeners: our listener time vs core no-useless-assignment on those
 *      files (budget: no more), and ours vs parse time per admitted file
 *  11. editor: lintText on one ~300-line worker file, 20 calls, median
 *  12. modules: lintText on a ~300-line file importing 5 local modules,
 *      following imports vs not, 20 calls, median (budget 1.5x)
 *
 * Budget verdicts are printed, not turned into an exit code: timings on a
 * shared machine are too noisy to fail a build on. The exit code is non-zero
 * only when the bench itself could not run (no corpus, bad arguments).
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CorpusError, loadCorpusList, prepareCorpus } from './lib/corpus.mjs';
import { allCrashes } from './lib/crashes.mjs';
import { reportFindings } from './lib/findings.mjs';
import { runGrowth } from './lib/growth.mjs';
import { runJudged } from './lib/judged.mjs';
import { eslintVersion, loadPlugin } from './lib/lint.mjs';
import { heading, kb, note, table, verdicts } from './lib/report.mjs';
import { runTyped } from './lib/typed.mjs';
import { runUntyped } from './lib/untyped.mjs';
import { runEditor } from './lib/editor.mjs';
import { runModules } from './lib/modules.mjs';
import { runListeners } from './lib/listeners.mjs';
import { runMemory } from './lib/memory.mjs';
import { prepareWhole, runWhole } from './lib/whole.mjs';

const sections = ['corpus', 'growth', 'typed', 'findings', 'whole', 'memory', 'listeners', 'editor', 'modules'];

/** A bad command line: printed without a stack. */
class UsageError extends Error {}

function parseArgs(argv) {
  const options = { quick: false, only: new Set(sections) };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg.startsWith('--only=')) {
      const wanted = arg.slice('--only='.length).split(',');
      const unknown = wanted.filter((name) => !sections.includes(name));
      if (unknown.length > 0) throw new UsageError(`--only: unknown section ${unknown.join(', ')} (one of ${sections.join(', ')})`);
      options.only = new Set(wanted);
    } else if (arg === '--help' || arg === '-h') {
      note(`usage: node bench/run.mjs [--quick] [--only=<section>,...], sections: ${sections.join(', ')}`);
      process.exit(0);
    } else throw new UsageError(`unknown argument ${arg} (try --help)`);
  }
  // Repetitions: enough for a stable median in a full run; --quick is a smoke test of the whole bench.
  options.untyped = options.quick ? { warmup: 1, reps: 3, statsRuns: 1 } : { warmup: 2, reps: 10, statsRuns: 3 };
  options.growth = options.quick ? { warmup: 1, reps: 3, statsRuns: 1 } : { warmup: 2, reps: 7, statsRuns: 3 };
  options.typed = options.quick ? { warmup: 1, reps: 1 } : { warmup: 2, reps: 7 };
  // The whole-package corpus is ten times the timed one: fewer rounds, and its preflight (every file with
  // no rules, configs.all, recommended + configs.all) is the warm-up.
  options.whole = options.quick ? { warmup: 0, reps: 1 } : { warmup: 0, reps: 5 };
  options.memory = options.quick ? { reps: 1 } : { reps: 3 };
  options.listeners = options.quick ? { warmup: 0, runs: 1 } : { warmup: 1, runs: 3 };
  options.editor = options.quick ? { warmup: 2, reps: 5 } : { warmup: 5, reps: 20 };
  return options;
}

function printCorpus(entries, files) {
  heading('1. Corpus (bench/corpus.json)');
  const rows = entries.map((entry) => {
    const mine = files.filter((file) => file.entry === entry);
    const bytes = mine.reduce((sum, file) => sum + file.bytes, 0);
    const types = [...new Set(mine.map((file) => (file.typescript ? 'ts' : file.sourceType === 'module' ? 'esm' : 'cjs')))].join('+');
    const paths = entry.include.join(' ');
    return [`${entry.package}@${entry.version}`, mine.length, kb(bytes), types, paths.length > 60 ? `${paths.slice(0, 57)}...` : paths];
  });
  table(['package', 'files', 'size', 'kind', 'paths'], rows);
  note(`Total: ${files.length} files, ${kb(files.reduce((sum, file) => sum + file.bytes, 0))}.`);
}

function printCrashes() {
  heading('6. Crashes (ESLint or a rule threw; plugin bugs to fix)');
  const crashes = allCrashes();
  if (crashes.length === 0) note('None.');
  for (const crash of crashes) note(`[${crash.section}, ${crash.config}] ${crash.file}\n    ${crash.text}\n`);
}

/** Seconds each section took, for the summary. */
const sectionTimes = [];

async function timed(name, run) {
  const started = performance.now();
  const value = await run();
  sectionTimes.push(`${name} ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return value;
}

function printSummary(seconds, quick) {
  heading('Summary');
  table(
    ['budget', 'verdict', 'detail'],
    verdicts.map(({ label, verdict, detail }) => [label, verdict, detail]),
  );
  note(`Crashes: ${allCrashes().length}. Bench time: ${seconds.toFixed(0)} s (${sectionTimes.join(', ')}).`);
  if (quick) note('--quick: too few runs for these verdicts to mean much; run the full bench before trusting them.');
}

async function main() {
  const started = performance.now();
  const options = parseArgs(process.argv.slice(2));
  const plugin = loadPlugin();
  note(
    `eslint-plugin-fearless ${plugin.meta.version}, ESLint ${eslintVersion}, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'})${options.quick ? ', --quick' : ''}`,
  );

  const needsCorpus = options.only.has('corpus') || options.only.has('typed');
  let files = [];
  if (needsCorpus) {
    const entries = loadCorpusList();
    files = await prepareCorpus(entries, note);
    printCorpus(entries, files);
  }

  let untyped;
  let typed;
  if (options.only.has('corpus')) untyped = await timed('corpus', () => runUntyped(files, { plugin, ...options.untyped }));
  if (options.only.has('growth')) await timed('growth', () => runGrowth({ plugin, ...options.growth }));
  if (options.only.has('typed')) typed = await timed('typed', () => runTyped(files, { plugin, ...options.typed }));
  if (untyped || typed) reportFindings(untyped?.findings, typed);
  if (options.only.has('findings')) await timed('findings', () => runJudged({ plugin }));

  const wholeSections = ['whole', 'memory', 'listeners'].filter((name) => options.only.has(name));
  if (wholeSections.length > 0) {
    const whole = await timed('whole-package preflight', () => prepareWhole({ plugin, quick: options.quick }));
    if (options.only.has('whole')) await timed('whole', () => runWhole(whole, { plugin, ...options.whole }));
    if (options.only.has('memory')) await timed('memory', () => runMemory(whole, options.memory));
    if (options.only.has('listeners')) await timed('listeners', () => runListeners(whole, { plugin, ...options.listeners }));
  }
  if (options.only.has('editor')) await timed('editor', () => runEditor({ plugin, ...options.editor }));
  if (options.only.has('modules')) await timed('modules', () => runModules({ plugin, ...options.editor }));
  printCrashes();
  printSummary((performance.now() - started) / 1000, options.quick);
}

main().catch((error) => {
  if (error instanceof CorpusError || error instanceof UsageError) {
    console.error(`\nbench: ${error.message}`);
    process.exit(2);
  }
  console.error(`\nbench failed: ${error.stack ?? error}`);
  process.exit(1);
});
