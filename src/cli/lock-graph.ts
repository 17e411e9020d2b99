/**
 * `fearless lock-graph [paths...]`: the acquired-before graph of a whole
 * project (lockdep's graph, statically), with the cycles that span files,
 * which no lint run of one file at a time can see.
 *
 *   1. discover the sources under the paths (discover.ts);
 *   2. read each file once, and take its summary from the content-hash cache
 *      if it is there (cache.ts);
 *   3. summarize the rest with the engine: in this thread for a handful of
 *      files, otherwise in a pool of worker threads, in batches (pool.ts,
 *      worker.ts, summarize.ts);
 *   4. merge the summaries into one graph, find its cycles and an order
 *      (merge.ts), and print it (format.ts).
 *
 * Exit code: 1 if the graph has a cycle (unless --no-fail), 0 otherwise,
 * 2 for usage errors (bad options, missing paths, invalid settings).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs, UsageError, type OptionSpec } from './args';
import { SummaryCache } from './cache';
import { discoverFiles, IgnoreMatcher, messageOf, UsagePathError } from './discover';
import { formatGraph, formats, type Format, type RunStats } from './format';
import { createModuleResolver, mergeSummaries } from './merge';
import { runPool } from './pool';
import type { FileOutcome, FileTask } from './summarize';
import { ownVersion } from './version';
import type { LockFileSummary } from '../engine';
import { parseSettings, SettingsError } from '../settings';

export interface CommandIO {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress is shown by default then). */
  readonly stderrIsTTY: boolean;
}

export const lockGraphHelp = `Usage: fearless lock-graph [options] [paths...]

Runs the lock analysis of eslint-plugin-fearless over a whole project and prints
the acquired-before graph across files (lock B is acquired while lock A is held:
A -> B), with the file and line of every edge; its cycles, which can deadlock,
marking those that span files; and a suggested lockOrder for the settings.

Paths are files or folders (default: the current folder). Sources are .js .mjs
.cjs .jsx .ts .mts .cts .tsx, not .d.ts; node_modules, dist, build and .git are
skipped. File names in the output are relative to the current folder.

Options:
  --format <text|json|mermaid|dot>  output format (default: text)
  --settings <file>                 a JSON file with settings.fearless (the
                                    {"fearless": {...}} object, or just its value)
  --ignore <glob>                   skip matching files and folders (repeatable):
                                    'fixtures', '*.test.ts', 'src/generated/**'
  --jobs <n>                        worker threads (default: the number of cores;
                                    1 analyses in this thread)
  --no-cache                        neither read nor write .fearless-cache/
  --no-fail                         exit 0 even if there is a cycle
  --progress                        report progress on stderr (default: when
                                    stderr is a terminal)
  -h, --help                        show this help

Exit code: 1 if there is a cycle, 0 if there is none, 2 on usage errors.
Docs: docs/lock-graph.md in the package.
`;

const optionSpecs: Readonly<Record<string, OptionSpec>> = {
  format: { value: true },
  settings: { value: true },
  ignore: { value: true, repeatable: true },
  jobs: { value: true, short: 'j' },
  'no-cache': {},
  'no-fail': {},
  progress: {},
  help: { short: 'h' },
};

/** Below this many files to analyse, starting worker threads (each loads ESLint and the parsers) costs more than it saves. */
const minFilesForPool = 24;

interface Options {
  readonly paths: readonly string[];
  readonly format: Format;
  readonly settings: Readonly<Record<string, unknown>>;
  /** `settings.fearless` as JSON, part of the cache key. */
  readonly settingsJson: string;
  readonly ignore: IgnoreMatcher;
  readonly jobs: number;
  /** Whether --jobs was given: then the pool is used whatever the number of files. */
  readonly jobsGiven: boolean;
  readonly cache: boolean;
  readonly fail: boolean;
  readonly progress: boolean;
}

function parseOptions(argv: readonly string[], io: CommandIO): Options | 'help' {
  const args = parseArgs(argv, optionSpecs);
  if (args.flags.has('help')) return 'help';
  const format = args.options.get('format')?.[0] ?? 'text';
  if (!(formats as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')} (got ${format})`);
  const jobsText = args.options.get('jobs')?.[0];
  const jobs = jobsText === undefined ? availableParallelism() : Number(jobsText);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a positive integer (got ${jobsText})`);
  const { settings, settingsJson } = loadSettings(args.options.get('settings')?.[0], io.cwd);
  return {
    paths: args.positionals.length > 0 ? args.positionals : ['.'],
    format: format as Format,
    settings,
    settingsJson,
    ignore: new IgnoreMatcher(args.options.get('ignore') ?? []),
    jobs,
    jobsGiven: jobsText !== undefined,
    cache: !args.flags.has('no-cache'),
    fail: !args.flags.has('no-fail'),
    progress: args.flags.has('progress') || io.stderrIsTTY,
  };
}

/** `--settings file.json`: `{"fearless": {...}}` or the `fearless` value itself, validated like the plugin does. */
function loadSettings(file: string | undefined, cwd: string): { settings: Readonly<Record<string, unknown>>; settingsJson: string } {
  if (file === undefined) return { settings: {}, settingsJson: 'null' };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(cwd, file), 'utf8'));
  } catch (error) {
    throw new UsageError(`--settings ${file}: ${error instanceof SyntaxError ? `not valid JSON: ${error.message}` : messageOf(error)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`--settings ${file}: must hold a JSON object`);
  const fearless = 'fearless' in raw ? (raw as Record<string, unknown>).fearless : raw;
  const settings = { fearless };
  try {
    parseSettings(settings);
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(`--settings ${file}: ${error.message}`);
    throw error;
  }
  return { settings, settingsJson: JSON.stringify(fearless) };
}

/** Progress on stderr: a line rewritten in place on a terminal, a line per tenth otherwise. */
class Progress {
  private shown = false;
  private lastTenth = -1;
  private lastWrite = 0;
  private lastDone = -1;

  constructor(
    private readonly io: CommandIO,
    private readonly enabled: boolean,
    private readonly total: number,
  ) {}

  update(done: number, cached: number, force = false): void {
    if (!this.enabled || this.total === 0 || done === this.lastDone) return;
    const line = `fearless lock-graph: ${done}/${this.total} files (${cached} from the cache)`;
    if (this.io.stderrIsTTY) {
      const now = Date.now();
      if (!force && now - this.lastWrite < 100) return;
      this.lastWrite = now;
      this.io.stderr(`\r\x1b[K${line}`);
      this.shown = true;
      this.lastDone = done;
    } else {
      const tenth = Math.floor((done * 10) / this.total);
      if (tenth === this.lastTenth && !force) return;
      this.lastTenth = tenth;
      this.lastDone = done;
      this.io.stderr(`${line}\n`);
    }
  }

  /** Clears the in-place line before other output. */
  clear(): void {
    if (this.shown) this.io.stderr('\r\x1b[K');
    this.shown = false;
  }
}

function describeError(file: string, error: FileOutcome['error'] & object): string {
  switch (error.kind) {
    case 'parse':
      return `${file}:${error.line ?? 0}:${error.column ?? 0}: ${error.message}`;
    case 'read':
      return `${file}: cannot read: ${error.message}`;
    case 'internal':
      return `${file}: internal error: ${error.message} (please report it)`;
  }
}

export async function runLockGraph(argv: readonly string[], io: CommandIO): Promise<number> {
  let options: Options | 'help';
  let discovery;
  try {
    options = parseOptions(argv, io);
    if (options === 'help') {
      io.stdout(lockGraphHelp);
      return 0;
    }
    discovery = discoverFiles(io.cwd, options.paths, options.ignore);
  } catch (error) {
    if (error instanceof UsageError || error instanceof UsagePathError) {
      io.stderr(`fearless lock-graph: ${error.message}\nRun \`fearless lock-graph --help\` for usage.\n`);
      return 2;
    }
    throw error;
  }
  for (const problem of discovery.problems) io.stderr(`fearless lock-graph: ${problem.path}: cannot list: ${problem.message}\n`);

  const files = discovery.files;
  const progress = new Progress(io, options.progress, files.length);
  const cache = options.cache ? new SummaryCache(io.cwd, ownVersion(), options.settingsJson) : undefined;
  const outcomes = new Map<string, FileOutcome>();
  const keys = new Map<string, string>();
  const tasks: FileTask[] = [];
  let cached = 0;

  // Read every file once; what the cache has is done.
  for (const { file, path } of files) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      outcomes.set(file, { file, error: { kind: 'read', message: messageOf(error) } });
      continue;
    }
    if (cache) {
      const key = cache.keyOf(file, text);
      const hit = cache.get(key, file);
      if (hit) {
        outcomes.set(file, hit);
        cached++;
        continue;
      }
      keys.set(file, key);
    }
    tasks.push({ file, path, text });
  }
  progress.update(outcomes.size, cached, true);

  let cacheWarning: string | undefined;
  const record = (batch: readonly FileOutcome[]): void => {
    for (const outcome of batch) {
      outcomes.set(outcome.file, outcome);
      const key = keys.get(outcome.file);
      if (cache && key) cacheWarning ??= cache.set(key, outcome);
    }
    progress.update(outcomes.size, cached);
  };

  const workerFile = join(__dirname, 'worker.js');
  const usePool = options.jobs > 1 && tasks.length > 1 && (options.jobsGiven || tasks.length >= minFilesForPool) && existsSync(workerFile);
  if (usePool) {
    // The pool owns the texts from here on: once a batch is sent, nothing here keeps it alive.
    await runPool(tasks.splice(0), { workerFile, workers: options.jobs, settings: options.settings, onOutcomes: record });
  } else if (tasks.length > 0) {
    // Loaded only here: a warm run, or one that uses the pool, never loads ESLint in this thread.
    const { Summarizer } = await import('./summarize.js');
    const summarizer = new Summarizer(options.settings);
    for (const task of tasks) record([summarizer.summarize(task)]);
  }
  progress.update(outcomes.size, cached, true);
  progress.clear();
  if (cacheWarning) io.stderr(`fearless lock-graph: ${cacheWarning}\n`);

  const summaries: LockFileSummary[] = [];
  const errors: Array<{ file: string; error: NonNullable<FileOutcome['error']> }> = [];
  for (const { file } of files) {
    const outcome = outcomes.get(file);
    if (!outcome) continue;
    if (outcome.summary) summaries.push(outcome.summary);
    else errors.push({ file, error: outcome.error });
  }

  const known = new Set(files.map((entry) => entry.file));
  const exists = (file: string): boolean => {
    if (known.has(file)) return true;
    try {
      return statSync(join(io.cwd, file)).isFile();
    } catch {
      return false;
    }
  };
  const graph = mergeSummaries(summaries, createModuleResolver(exists));
  const stats: RunStats = { files: files.length, analysed: summaries.length, cached, errors };
  io.stdout(formatGraph(options.format, graph, stats));

  for (const { file, error } of errors) io.stderr(`${describeError(file, error)}\n`);
  if (errors.length > 0) {
    const unparsable = errors.filter(({ error }) => error.kind === 'parse').length;
    const parts = [
      unparsable > 0 ? `${unparsable} unparsable` : '',
      errors.length - unparsable > 0 ? `${errors.length - unparsable} unreadable or failed` : '',
    ].filter(Boolean);
    io.stderr(
      `fearless lock-graph: ${errors.length} ${errors.length === 1 ? 'file' : 'files'} skipped (${parts.join(', ')}); the graph is built from the other ${summaries.length}.\n`,
    );
  }
  if (files.length === 0) io.stderr(`fearless lock-graph: no JavaScript or TypeScript files found (paths: ${options.paths.join(' ')})\n`);

  const deadlocks = graph.cycles.length > 0 || graph.reacquisitions.length > 0;
  return deadlocks && options.fail ? 1 : 0;
}
