/**
 * Section 9: peak memory of one fresh Node process linting the whole-package
 * corpus (section 8) with no rules and with `configs.all`; processes run one
 * at a time, variants alternating (none, all, all, none, ...), median per
 * variant.
 *
 * Measured: the peak resident set size the kernel reports for the process
 * (`process.resourceUsage().maxRSS`). It is the high-water mark of all the
 * process's memory (V8's heap with its unused but reserved space, code,
 * parser buffers), measured by the OS at no cost and with no sampling gap: a
 * sampled `process.memoryUsage().heapUsed` misses peaks between samples, and
 * the sampling timer itself would run inside the lint loop. What a CI job or
 * an editor runs out of is RSS too. Printed next to it: RSS before the first
 * file (Node, ESLint and the plugin loaded) and the heap still used after the
 * last file and a full GC (what outlives the files).
 *
 * Budget: peak RSS with `configs.all` at most 1.10x the peak with no rules.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchDir, sourceRoot } from './corpus.mjs';
import { median } from './measure.mjs';
import { budget, heading, note, ratio, table } from './report.mjs';

const run = promisify(execFile);
const BUDGET = 1.1;
const child = fileURLToPath(new URL('./memory-child.mjs', import.meta.url));
const listFile = join(benchDir, '.cache', 'memory-files.json');

async function measure(variant) {
  const { stdout } = await run(process.execPath, ['--expose-gc', child, variant, listFile], { maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
  const last = stdout.trim().split('\n').at(-1);
  return JSON.parse(last);
}

function mib(value) {
  return `${value.toFixed(0)} MiB`;
}

export async function runMemory(whole, { reps }) {
  heading('9. Peak memory: one fresh process linting the whole-package corpus, no rules vs configs.all');
  mkdirSync(join(benchDir, '.cache'), { recursive: true });
  const list = whole.files.map(({ path, display, sourceType }) => ({ path, display, sourceType }));
  writeFileSync(listFile, JSON.stringify({ cwd: sourceRoot, files: list }));
  note(`${list.length} files; peak RSS (getrusage maxRSS) of each process, ${reps} process(es) per variant, one at a time, alternating.`);
  const samples = { none: [], all: [] };
  for (let round = 0; round < reps; round++) {
    for (const variant of round % 2 === 0 ? ['none', 'all'] : ['all', 'none']) samples[variant].push(await measure(variant));
  }
  const summary = (variant, field) => median(samples[variant].map((sample) => sample[field]));
  const rows = [
    ['no rules', 'none'],
    ['fearless configs.all', 'all'],
  ].map(([label, variant]) => [
    label,
    mib(summary(variant, 'peak')),
    mib(summary(variant, 'before')),
    mib(summary(variant, 'retained')),
    samples[variant].map((sample) => sample.peak.toFixed(0)).join(' '),
  ]);
  table(['config', 'peak RSS', 'RSS before linting', 'heap after, full GC', 'peaks (MiB)'], rows);
  const peak = summary('all', 'peak') / summary('none', 'peak');
  budget(
    `whole packages, peak memory with configs.all <= ${BUDGET}x no rules`,
    peak <= BUDGET,
    `${ratio(peak)}: ${mib(summary('all', 'peak'))} against ${mib(summary('none', 'peak'))} (peak RSS, median of ${reps} fresh processes)`,
  );
  const retained = summary('all', 'retained') - summary('none', 'retained');
  note(`Heap still used after the last file and a full GC, ours minus none: ${retained.toFixed(1)} MiB (per-file state that outlives its file shows here).`);
}
