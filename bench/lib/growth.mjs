/**
 * Section 3: growth. Generated inputs at 1x and 4x size, for the shapes that
 * make dataflow analyses blow up: many facts in one function, many
 * sequential branches (2^n paths), deep loop nests (fixpoints around
 * loops inside loops), many small functions (per-function setup costs).
 *
 * Budget: time(4x) / time(1x) <= 4.5 with configs.all: linear, with some
 * room for noise and for what ESLint itself does. A quadratic step shows as
 * ~16x, an exponential one never finishes: the style guide's "never
 * enumerate paths; propagate facts over segments to a fixpoint".
 */
import { join } from 'node:path';
import { benchDir } from './corpus.mjs';
import { createESLint, fatalMessage, findingsOf, languageConfigs, lintFile } from './lint.mjs';
import { alternate, median } from './measure.mjs';
import { budget, heading, ms, note, ratio, table } from './report.mjs';

const BUDGET = 4.5;

const header = `import { Worker, MessageChannel } from 'node:worker_threads';
import { Mutex } from 'async-mutex';
const worker = new Worker(new URL('./worker.js', import.meta.url));
const mutex = new Mutex();
`;

/** (a) n transfers in one function, every fourth inside an `if`, each buffer used after its transfer. */
function manyTransfers(n) {
  const body = [];
  for (let i = 0; i < n; i++) {
    body.push(`  const b${i} = new ArrayBuffer(8);`);
    if (i % 4 === 3) body.push(`  if (flags[${i}]) {\n    worker.postMessage(b${i}, [b${i}]);\n  }`);
    else body.push(`  worker.postMessage(b${i}, [b${i}]);`);
    body.push(`  total += b${i}.byteLength;`);
  }
  return `${header}export function sendAll(flags) {\n  let total = 0;\n${body.join('\n')}\n  return total;\n}\n`;
}

/** (b) 20 functions, each with n sequential conditional transfers of one buffer and uses between. */
function sequentialConditions(n) {
  const functions = [];
  for (let f = 0; f < 20; f++) {
    const body = [];
    for (let i = 0; i < n; i++) {
      body.push(`  if (c[${i}]) worker.postMessage(buf, [buf]);`);
      body.push(`  total += buf.byteLength + ${i};`);
    }
    functions.push(`export function conditions${f}(c) {\n  const buf = new ArrayBuffer(64);\n  let total = 0;\n${body.join('\n')}\n  return total;\n}`);
  }
  return `${header}${functions.join('\n\n')}\n`;
}

/** (c) 20 functions, each a `for` nest `depth` deep: a transfer at every level, uses of the enclosing level's buffer, an outer buffer transferred in the innermost loop. */
function loopNests(depth) {
  const functions = [];
  for (let f = 0; f < 20; f++) {
    let open = '';
    let close = '';
    for (let d = 0; d < depth; d++) {
      const pad = '  '.repeat(d + 1);
      open += `${pad}for (let i${d} = 0; i${d} < n; i${d}++) {\n`;
      open += `${pad}  const a${d} = new ArrayBuffer(8);\n`;
      open += `${pad}  worker.postMessage(a${d}, [a${d}]);\n`;
      if (d > 0) open += `${pad}  total += a${d - 1}.byteLength;\n`;
      close = `${pad}  total += a${d}.byteLength;\n${pad}}\n${close}`;
    }
    const inner = `${'  '.repeat(depth + 1)}if (total > n) worker.postMessage(outer, [outer]);\n`;
    functions.push(
      `export function nest${f}(n) {\n  const outer = new ArrayBuffer(8);\n  let total = 0;\n${open}${inner}${close}  return total + outer.byteLength;\n}`,
    );
  }
  return `${header}${functions.join('\n\n')}\n`;
}

/** (d) n small functions: a MessageChannel, a mutex held in try/finally, a SharedArrayBuffer with Atomics, a transfer. */
function smallFunctions(n) {
  const functions = [];
  for (let i = 0; i < n; i++) {
    functions.push(`export async function task${i}(data) {
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ port: port2, id: ${i} }, [port2]);
  const release = await mutex.acquire();
  try {
    port1.postMessage(data);
  } finally {
    release();
  }
  const shared = new SharedArrayBuffer(16);
  const view = new Int32Array(shared);
  Atomics.add(view, 0, ${i});
  Atomics.notify(view, 0);
  const buf = new ArrayBuffer(8);
  port1.postMessage({ buf, shared }, [buf]);
  port1.close();
  return buf.byteLength;
}`);
  }
  return `${header}${functions.join('\n\n')}\n`;
}

/** The shapes, their size parameter at 1x (4x multiplies it), and what the parameter is. */
const shapes = [
  { name: 'transfers in one function', unit: 'transfers', size: 1000, generate: manyTransfers },
  { name: 'sequential conditions', unit: 'conditions/fn', size: 50, generate: sequentialConditions },
  { name: 'deep loop nests', unit: 'depth', size: 6, generate: loopNests },
  { name: 'many small functions', unit: 'functions', size: 200, generate: smallFunctions },
];

function inputFile(shape, scale) {
  const text = shape.generate(shape.size * scale);
  const slug = shape.name.replace(/\W+/g, '-');
  return {
    path: join(benchDir, 'growth', `${slug}-${scale}x.mjs`),
    display: `growth: ${shape.name} ${scale}x`,
    text,
    lines: text.split('\n').length,
    sourceType: 'module',
    typescript: false,
  };
}

/** Our rules' own listener time per rule (ESLint stats), median over `runs` runs. */
async function ruleTimes(eslint, file, runs) {
  const samples = [];
  for (let run = 0; run < runs; run++) {
    const { result } = await lintFile(eslint, file, { section: 'growth stats', config: 'configs.all' });
    const perRule = {};
    for (const pass of result?.stats?.times.passes ?? []) {
      for (const [rule, { total }] of Object.entries(pass.rules ?? {})) perRule[rule] = (perRule[rule] ?? 0) + total;
    }
    samples.push(perRule);
  }
  const rules = [...new Set(samples.flatMap((sample) => Object.keys(sample)))].sort();
  return Object.fromEntries(rules.map((rule) => [rule, median(samples.map((sample) => sample[rule] ?? 0))]));
}

/**
 * One input: wall-time medians with no rules and configs.all alternating,
 * our rules' own time from ESLint's stats, and the number of findings (from
 * an untimed run first, which also catches a rule that throws).
 */
async function measureInput(file, eslints, { warmup, reps, statsRuns }) {
  const check = await lintFile(eslints.all, file, { section: 'growth', config: 'configs.all' });
  if (check.error) return { crashed: true };
  const fatal = fatalMessage(check.result);
  if (fatal) throw new Error(`generated input does not parse (a bench bug): ${file.display} ${fatal.line}:${fatal.column} ${fatal.message}`);
  const context = (config) => ({ section: 'growth', config });
  const timing = await alternate(
    { none: () => lintFile(eslints.none, file, context('no rules')), all: () => lintFile(eslints.all, file, context('configs.all')) },
    { warmup, reps },
  );
  const rules = await ruleTimes(eslints.stats, file, statsRuns);
  const ownTime = Object.values(rules).reduce((sum, time) => sum + time, 0);
  return { none: timing.none.median, all: timing.all.median, rules, ownTime, reports: findingsOf(check.result, file).length };
}

export async function runGrowth({ plugin, warmup, reps, statsRuns }) {
  heading('3. Growth: generated inputs at 1x and 4x, configs.all vs no rules');
  note(`Wall time: median of ${reps} runs each after ${warmup} warm-up round(s), no rules and configs.all alternating.`);
  const cwd = benchDir;
  const language = languageConfigs(cwd, []);
  const eslints = {
    none: createESLint(cwd, language),
    all: createESLint(cwd, [...language, plugin.configs.all]),
    stats: createESLint(cwd, [...language, plugin.configs.all], { stats: true }),
  };

  const measured = [];
  for (const shape of shapes) {
    const one = inputFile(shape, 1);
    const four = inputFile(shape, 4);
    const small = await measureInput(one, eslints, { warmup, reps, statsRuns });
    const large = await measureInput(four, eslints, { warmup, reps, statsRuns });
    measured.push({ shape, one, four, small, large });
  }
  printWall(measured);
  printOwn(measured);
}

function printWall(measured) {
  const rows = [];
  const totals = { one: 0, four: 0 };
  for (const { shape, one, four, small, large } of measured) {
    const input = `${shape.size} -> ${shape.size * 4} ${shape.unit}`;
    if (small.crashed || large.crashed) {
      rows.push([shape.name, input, 'CRASH (see Crashes)']);
      budget(`growth, ${shape.name}, 4x/1x <= ${BUDGET}`, false, 'a rule threw');
      continue;
    }
    totals.one += small.all;
    totals.four += large.all;
    const growth = large.all / small.all;
    rows.push([
      shape.name,
      input,
      `${one.lines} -> ${four.lines}`,
      ms(small.none),
      ms(large.none),
      ratio(large.none / small.none),
      ms(small.all),
      ms(large.all),
      ratio(growth),
    ]);
    budget(
      `growth, ${shape.name}, 4x/1x <= ${BUDGET}`,
      growth <= BUDGET,
      `configs.all ${ms(small.all)} -> ${ms(large.all)} = ${ratio(growth)} (ESLint alone ${ratio(large.none / small.none)})`,
    );
  }
  note('');
  table(['shape', 'input 1x -> 4x', 'lines', 'none 1x', 'none 4x', 'none 4x/1x', 'all 1x', 'all 4x', 'all 4x/1x'], rows);
  note("none = ESLint with no rules; all = with configs.all. The budget is on all 4x/1x; none 4x/1x is ESLint's own growth.");
  if (totals.one > 0) {
    const overall = totals.four / totals.one;
    budget(`growth, overall (sum of shapes), 4x/1x <= ${BUDGET}`, overall <= BUDGET, `${ms(totals.one)} -> ${ms(totals.four)} = ${ratio(overall)}`);
  }
}

/** What our rules add, by wall time (all - none) and by their listeners' own time (stats), per rule too. */
function printOwn(measured) {
  const rows = [];
  for (const { shape, small, large } of measured) {
    if (small.crashed || large.crashed) continue;
    const wall = [small.all - small.none, large.all - large.none];
    rows.push([shape.name, '(wall, all - none)', ms(wall[0]), ms(wall[1]), ratio(wall[1] / wall[0]), `${small.reports} -> ${large.reports}`]);
    rows.push([shape.name, '(listeners, all rules)', ms(small.ownTime), ms(large.ownTime), ratio(large.ownTime / small.ownTime), '']);
    for (const rule of Object.keys(large.rules)) {
      const [before, after] = [small.rules[rule] ?? 0, large.rules[rule]];
      rows.push([shape.name, rule, ms(before), ms(after), ratio(after / before), '']);
    }
  }
  note('\nWhat our rules add, 1x -> 4x (listener times from ESLint `stats: true`, median of the stats runs):');
  table(['shape', 'measure', '1x', '4x', '4x/1x', 'reports'], rows);
  note(
    'Linear is 4x. The wall difference includes ESLint dispatching to our listeners and GC; listener\n' +
      'times are our code alone (the first of our rules on a file also records the traversal for the\n' +
      'others). reports = findings of configs.all on the input (0 would mean the rules did not engage).',
  );
}
