/**
 * Two builds of the plugin side by side on the whole-package corpus (section 8's files), in one process:
 *
 *   node bench/compare.mjs <dist-dir-a> <dist-dir-b> [--rounds=N]
 *
 * e.g. `main`'s dist copied aside against this worktree's `dist`. Each round lints every file with no rules,
 * with configs.all of build a and of build b, in an order that turns each round; one warm-up round first.
 * Printed: CPU time (user + system) and wall time per variant, median of the rounds, and each build's ratio
 * over no rules. Each build is a separate copy of the plugin's modules, so their per-process caches (the
 * module summaries) do not mix. Not part of `npm run bench`: a tool for measuring a change.
 *
 * Caution (bench/README.md, 2026-12-02): on the whole-package files the build given first came out slower by
 * 10 to 15% whichever it was; run it both ways round and believe only a difference larger than that.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCorpusList, prepareCorpus, sourceRoot, wholePackages } from './lib/corpus.mjs';
import { createESLint, languageConfigs, lintAll } from './lib/lint.mjs';
import { median } from './lib/measure.mjs';
import { MAX_BYTES } from './lib/whole.mjs';

const load = createRequire(import.meta.url);
const [a, b] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const rounds = Number(process.argv.find((arg) => arg.startsWith('--rounds='))?.slice('--rounds='.length) ?? 5);
if (!a || !b) {
  console.error('usage: node bench/compare.mjs <dist-dir-a> <dist-dir-b> [--rounds=N]');
  process.exit(2);
}
const files = await prepareCorpus(wholePackages(loadCorpusList()), () => {}, { skipMinified: true, maxBytes: MAX_BYTES });
const language = languageConfigs(sourceRoot, files);
const plugin = (dist) => load(resolve(dist, 'src/index.js'));
const variants = {
  none: createESLint(sourceRoot, language),
  [a]: createESLint(sourceRoot, [...language, plugin(a).configs.all]),
  [b]: createESLint(sourceRoot, [...language, plugin(b).configs.all]),
};
const names = Object.keys(variants);
const samples = Object.fromEntries(names.map((name) => [name, { cpu: [], wall: [] }]));
console.log(`${files.length} files; 1 warm-up round, then ${rounds}, order turning each round`);
for (let round = 0; round <= rounds; round++) {
  const order = names.map((_, index) => names[(index + round) % names.length]);
  for (const name of order) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await lintAll(variants[name], files, { section: 'compare', config: name });
    const wall = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    if (round > 0) {
      samples[name].cpu.push((user + system) / 1000);
      samples[name].wall.push(wall);
    }
  }
}
const base = { cpu: median(samples.none.cpu), wall: median(samples.none.wall) };
for (const name of names) {
  const cpu = median(samples[name].cpu);
  const wall = median(samples[name].wall);
  console.log(
    `${name.padEnd(28)} CPU ${cpu.toFixed(0)} ms (${(cpu / base.cpu).toFixed(3)}x), wall ${wall.toFixed(0)} ms (${(wall / base.wall).toFixed(3)}x); ` +
      `CPU runs ${samples[name].cpu.map((value) => value.toFixed(0)).join(' ')}`,
  );
}
