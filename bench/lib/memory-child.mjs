/**
 * One fresh process of the memory section (memory.mjs):
 * `node --expose-gc memory-child.mjs <none|all> <files.json>`.
 *
 * Lints every file of the list, read from disk one at a time, with no rules
 * or with `configs.all` (the plugin is loaded only then, as in a project
 * without it), and prints one JSON line: the process's peak resident set
 * size, RSS before the first file, and the heap still in use after the last
 * file and a full garbage collection (what outlives the files).
 */
import { readFileSync } from 'node:fs';
import { createESLint, languageConfigs, lintAll, loadPlugin } from './lint.mjs';

const MiB = 1024 * 1024;

const [variant, listFile] = process.argv.slice(2);
const { cwd, files: list } = JSON.parse(readFileSync(listFile, 'utf8'));
const language = languageConfigs(cwd, list);
const configs = variant === 'all' ? [...language, loadPlugin().configs.all] : language;
const eslint = createESLint(cwd, configs);
const before = process.memoryUsage().rss;
// Texts are read lazily, so the list does not hold every file in memory at once.
const files = list.map((file) => ({
  ...file,
  get text() {
    return readFileSync(file.path, 'utf8');
  },
}));
await lintAll(eslint, files, { section: 'memory', config: variant });
globalThis.gc();
const retained = process.memoryUsage().heapUsed;
// resourceUsage().maxRSS is in kilobytes (getrusage's ru_maxrss).
const peak = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`${JSON.stringify({ peak: peak / MiB, before: before / MiB, retained: retained / MiB })}\n`);
