/**
 * Timing: medians of alternated runs.
 *
 * Variants are run in turn (a, b, a, b, ...) rather than all a's then all b's,
 * so that drift on the machine (another process, thermal limits, the JIT
 * settling) falls on every variant alike. Every other round runs them in
 * reverse order (a, b, c, c, b, a, ...): the run after another pays for some
 * of its garbage, and reversing spreads that over all of them.
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// `--expose-gc` set at run time makes `gc` visible to contexts created afterwards.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

/**
 * A full garbage collection, for runs that each leave a whole TypeScript
 * program behind (the typed section): without it, collecting one run's
 * program lands at random in a later run. Not used for the untyped runs: it
 * shrinks the heap, every run then pays for growing it again, and those runs
 * got ~50% slower and no steadier.
 */
export function collectGarbage() {
  gc();
}

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The q-quantile (0 <= q <= 1) of the values, nearest rank: an actual sample, never an interpolation. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Wall time of one call of `run` (awaited), in milliseconds. */
export async function timeOnce(run) {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/**
 * Runs each variant `warmup` times untimed, then `reps` times timed, variants
 * alternating within each round, forward and backward by turns. Returns
 * `{ name: { median, samples, cpu: { median, samples } } }`: wall time, and
 * the CPU time (user + system, all threads of this process, GC helpers too)
 * of the same runs. CPU time counts only the time this process ran, so other
 * processes on a shared machine disturb it much less than wall time.
 * `beforeEach` runs outside the timing (to clear caches, say).
 */
export async function alternate(variants, { warmup, reps, beforeEach = () => {} }) {
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, { wall: [], cpu: [] }]));
  const forward = Object.entries(variants);
  const backward = [...forward].reverse();
  for (let round = 0; round < warmup + reps; round++) {
    for (const [name, run] of round % 2 === 0 ? forward : backward) {
      await beforeEach(name);
      const cpuStart = process.cpuUsage();
      const elapsed = await timeOnce(run);
      const cpu = process.cpuUsage(cpuStart);
      if (round >= warmup) {
        samples[name].wall.push(elapsed);
        samples[name].cpu.push((cpu.user + cpu.system) / 1000);
      }
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, { wall, cpu }]) => [name, { median: median(wall), samples: wall, cpu: { median: median(cpu), samples: cpu } }]),
  );
}

/**
 * The paired design, for differences too small for whole runs to resolve (a
 * few percent, when whole runs on a shared machine spread by 30%): each item
 * is run with every variant back to back, the order reversed on every other
 * item and round, so that what disturbs one item's runs disturbs all its
 * variants alike. Returns `{ name: { total, perItem } }`: per variant, the sum
 * over items of each item's median wall time over the timed rounds. Garbage
 * collection that one variant's retained memory causes in a later item's runs
 * is spread over all variants by the reversal, so this measures the work,
 * not the garbage: state that next to the figure.
 */
export async function alternatePerItem(variants, items, { warmup, reps }) {
  const names = Object.keys(variants);
  const times = Object.fromEntries(names.map((name) => [name, items.map(() => [])]));
  for (let round = 0; round < warmup + reps; round++) {
    for (let index = 0; index < items.length; index++) {
      const order = (round + index) % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const elapsed = await timeOnce(() => variants[name](items[index]));
        if (round >= warmup) times[name][index].push(elapsed);
      }
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const perItem = times[name].map((samples) => median(samples));
      return [name, { total: perItem.reduce((sum, value) => sum + value, 0), perItem }];
    }),
  );
}
