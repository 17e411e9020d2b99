/**
 * A CPU profile of our rules on the whole-package corpus (section 8's files):
 *
 *   node bench/profile.mjs [--passes=N] [--config=all|none] [--out=<file.cpuprofile>]
 *   node bench/profile.mjs --report=<file.cpuprofile>
 *
 * The first form lints every file of the whole packages N times (default 2)
 * with `configs.all` (or no rules) and profiles the last pass only (the
 * earlier ones warm up the JIT and the cross-module summary cache, as in a
 * long lint run); the second reads the profile and prints
 * where the plugin's time goes: samples by the plugin area of their innermost
 * plugin frame (recording, reference map, model matching, analyses, ...), and
 * the plugin functions with the most inclusive time. Not part of `npm run
 * bench`: a tool for finding what to make cheaper (bench/README.md has the
 * figures it gave).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadCorpusList, prepareCorpus, sourceRoot, wholePackages } from './lib/corpus.mjs';
import { createESLint, languageConfigs, lintAll, loadPlugin, textGate } from './lib/lint.mjs';
import { MAX_BYTES } from './lib/whole.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=')));

/** Plugin files grouped into the areas the README names; the first matching prefix wins. */
const areas = [
  ['recording (core/flow.ts listeners)', /engine\/core\/flow\.js$/],
  ['dataflow solver (core/dataflow.ts)', /engine\/core\/dataflow\.js$/],
  ['lock analysis', /engine\/analyses\/locks\//],
  ['lock classification', /engine\/classify\/locks\.js$/],
  ['send classification', /engine\/classify\/sends\.js$/],
  ['other classification', /engine\/classify\//],
  ['ownership analysis', /engine\/analyses\/ownership\//],
  ['sendability analysis', /engine\/analyses\/sendability\//],
  ['channel analysis', /engine\/analyses\/channels\//],
  ['shared-memory analysis', /engine\/analyses\/shared-memory\//],
  ['blocking analysis', /engine\/analyses\/blocking\//],
  ['module loader (facts/modules: reading, resolving imports)', /engine\/facts\/modules\//],
  ['facts (resolve, places, runtime, ast)', /engine\/facts\//],
  ['file analysis (gate, reference map)', /engine\/file-analysis\.js$/],
  ['imports (module linter)', /engine\/(imported-modules|module-linter)\.js$/],
  ['model', /src\/model\//],
  ['other plugin code', /dist\/src\//],
];

function report(path) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const deltas = profile.timeDeltas;
  const area = new Map();
  const inclusive = new Map();
  const self = new Map();
  let total = 0;
  let plugin = 0;
  const frameName = (node) =>
    `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/.*dist\/src\//, '')}:${node.callFrame.lineNumber + 1}`;
  const ours = (node) => node.callFrame.url.includes('/dist/src/');
  profile.samples.forEach((id, index) => {
    const time = (deltas[index + 1] ?? 0) / 1000;
    total += time;
    const leaf = byId.get(id);
    let innermost;
    const seen = new Set();
    for (let node = leaf; node; node = byId.get(parent.get(node.id))) {
      if (!ours(node)) continue;
      innermost ??= node;
      const name = frameName(node);
      if (!seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + time);
      }
    }
    if (!innermost) return;
    plugin += time;
    const label = areas.find(([, pattern]) => pattern.test(innermost.callFrame.url))?.[0] ?? 'other plugin code';
    area.set(label, (area.get(label) ?? 0) + time);
    if (leaf === innermost || !ours(leaf)) self.set(frameName(innermost), (self.get(frameName(innermost)) ?? 0) + time);
  });
  const print = (title, map, count) => {
    console.log(`\n${title}`);
    for (const [name, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
      console.log(`  ${time.toFixed(0).padStart(7)} ms ${((time / plugin) * 100).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  console.log(`profile ${total.toFixed(0)} ms, samples under a plugin frame ${plugin.toFixed(0)} ms (${((plugin / total) * 100).toFixed(1)}%)`);
  print('By area of the innermost plugin frame (with the non-plugin code it calls):', area, areas.length);
  print('Innermost plugin function (with the non-plugin code it calls):', self, 30);
  print('Inclusive time per plugin function:', inclusive, 40);
}

async function lint() {
  const passes = Number(args.passes ?? 2);
  const files = await prepareCorpus(wholePackages(loadCorpusList()), () => {}, { skipMinified: true, maxBytes: MAX_BYTES });
  const language = languageConfigs(sourceRoot, files);
  const plugin = loadPlugin();
  const eslint = createESLint(sourceRoot, args.config === 'none' ? language : [...language, plugin.configs.all]);
  const gate = textGate();
  console.log(`${files.length} files, ${files.filter((file) => gate(file.text)).length} admitted; ${passes} passes, config ${args.config ?? 'all'}`);
  const session = new Session();
  session.connect();
  for (let pass = 0; pass < passes; pass++) {
    const last = pass === passes - 1;
    if (last) {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const started = process.cpuUsage();
    await lintAll(eslint, files, { section: 'profile', config: args.config ?? 'all' });
    const { user, system } = process.cpuUsage(started);
    console.log(`pass ${pass + 1}: ${((user + system) / 1000).toFixed(0)} ms CPU`);
    if (last) {
      const { profile } = await session.post('Profiler.stop');
      const out = args.out ?? 'bench/.cache/profile.cpuprofile';
      writeFileSync(out, JSON.stringify(profile));
      console.log(`profile of pass ${pass + 1} written to ${out}`);
    }
  }
}

if (args.report) report(args.report);
else await lint();
