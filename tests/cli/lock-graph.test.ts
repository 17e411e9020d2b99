/**
 * `fearless lock-graph` end to end: the built command (`dist/src/cli/fearless.js`; `npm test` builds first) on a
 * temporary project with a deadlock no single file shows.
 *
 *   src/locks.ts          declares `accounts` and `ledger`
 *   src/bank.ts           accounts, then ledger                      (edge accounts -> ledger)
 *   src/books.ts          exports closeBooks(), which takes accounts
 *   src/audit.ts          ledger held, calls closeBooks()            (edge ledger -> accounts, through books.ts)
 *   src/web/sync.js       Web Lock 'settings', then 'cache'
 *   src/web/evict.mjs     the same order, in another file            (one edge pair, two sites)
 *   src/broken.ts         does not parse
 *   src/util.js           no locks
 *   node_modules/, dist/  a cycle of their own, never read
 *
 * Each CLI run is a child process; warm runs take their summaries from the cache and do not load ESLint, so only
 * the first runs pay for the analysis.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';

const bin = resolve(__dirname, '..', '..', 'dist', 'src', 'cli', 'fearless.js');

const cyclicNesting = (first: string, second: string): string => `import { Mutex } from 'async-mutex';
const ${first} = new Mutex();
const ${second} = new Mutex();
export async function one() {
  await ${first}.runExclusive(() => ${second}.runExclusive(async () => {}));
}
export async function two() {
  await ${second}.runExclusive(() => ${first}.runExclusive(async () => {}));
}
`;

const project: Record<string, string> = {
  'src/locks.ts': `import { Mutex } from 'async-mutex';

export const accounts = new Mutex();
export const ledger = new Mutex();
`,
  'src/bank.ts': `import { accounts, ledger } from './locks';

export async function transfer(amount: number): Promise<void> {
  await accounts.runExclusive(async () => {
    await ledger.runExclusive(async () => {
      console.log('moved', amount);
    });
  });
}
`,
  'src/books.ts': `import { accounts } from './locks';

export async function closeBooks(): Promise<void> {
  await accounts.runExclusive(async () => {
    console.log('closing');
  });
}
`,
  'src/audit.ts': `import { ledger } from './locks';
import { closeBooks } from './books';

export async function audit(): Promise<void> {
  await ledger.runExclusive(async () => {
    await closeBooks();
  });
}
`,
  'src/web/sync.js': `export async function sync() {
  await navigator.locks.request('settings', async () => {
    await navigator.locks.request('cache', async () => {});
  });
}
`,
  'src/web/evict.mjs': `export async function evict() {
  await navigator.locks.request('settings', async () => {
    await navigator.locks.request('cache', async () => {});
  });
}
`,
  'src/broken.ts': `import { Mutex } from 'async-mutex';
const mutex = new Mutex(;
`,
  'src/util.js': `export function add(a, b) {
  return a + b;
}
`,
  'node_modules/dep/index.js': cyclicNesting('depA', 'depB'),
  'dist/bundle.js': cyclicNesting('distA', 'distB'),
};

let root: string;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], cwd = root): Run {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface GraphJson {
  files: { total: number; analysed: number; cached: number; skipped: number };
  locks: Array<{ id: string; label: string; orderName: string; file?: string; kind: string }>;
  edges: Array<{
    from: string;
    to: string;
    file: string;
    line: number;
    column: number;
    through?: string;
    callee?: { file: string; line: number };
    cycle?: number;
  }>;
  cycles: Array<{ id: number; locks: string[]; files: string[]; crossFile: boolean; edges: unknown[] }>;
  lockOrder: string[];
  againstOrder: Array<{ file: string; line: number }>;
  errors: Array<{ file: string; kind: string; line?: number; message: string }>;
}

function json(args: readonly string[] = [], cwd = root): GraphJson & { run: Run } {
  const result = run(['lock-graph', '--format', 'json', ...args], cwd);
  return { ...(JSON.parse(result.stdout) as GraphJson), run: result };
}

function write(base: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(base, name)), { recursive: true });
    writeFileSync(join(base, name), text);
  }
}

/** The first, cold run (in this thread: a handful of files), shared by the tests that read its graph. */
let cold: GraphJson & { run: Run };

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first (npm test does).`);
  root = mkdtempSync(join(tmpdir(), 'fearless-lock-graph-'));
  write(root, project);
  cold = json();
}, 60_000);

afterAll(() => {
  if (root && !process.env.FEARLESS_KEEP_FIXTURE) rmSync(root, { recursive: true, force: true });
});

const accounts = 'src/locks.ts#accounts';
const ledger = 'src/locks.ts#ledger';

describe('the graph across files', () => {
  it('resolves imported locks to the file that declares them, and Web Locks by name', () => {
    expect(cold.locks.find((lock) => lock.id === accounts)).toMatchObject({ label: 'accounts', orderName: 'accounts', file: 'src/locks.ts', kind: 'file' });
    // Two files, one lock pair: one node per Web Lock name, an edge site in each file.
    const web = cold.edges.filter((edge) => edge.from === 'weblock:settings' && edge.to === 'weblock:cache');
    expect(web.map((edge) => `${edge.file}:${edge.line}:${edge.column}`)).toEqual(['src/web/evict.mjs:3:11', 'src/web/sync.js:3:11']);
    expect(web.every((edge) => edge.cycle === undefined)).toBe(true);
  });

  it('finds the cycle through a call into a third file, with the file and line of each edge', () => {
    expect(cold.cycles).toHaveLength(1);
    const [cycle] = cold.cycles;
    expect([...cycle!.locks].sort()).toEqual([accounts, ledger]);
    // Nested directly in bank.ts; in audit.ts through closeBooks(), which books.ts exports.
    expect(
      cold.edges
        .filter((edge) => edge.cycle === 1)
        .map(({ from, to, file, line, column, through, callee }) => ({ from, to, file, line, column, through, callee })),
    ).toEqual([
      { from: accounts, to: ledger, file: 'src/bank.ts', line: 5, column: 11, through: undefined, callee: undefined },
      { from: ledger, to: accounts, file: 'src/audit.ts', line: 6, column: 11, through: 'closeBooks', callee: { file: 'src/books.ts', line: 3 } },
    ]);
    // Edges from two files: no lint run of one file can see it.
    expect(cycle!.files).toEqual(['src/audit.ts', 'src/bank.ts']);
    expect(cycle!.crossFile).toBe(true);
  });

  it('suggests an order for settings.fearless.lockOrder: components in topological order', () => {
    expect(cold.lockOrder).toEqual(['accounts', 'ledger', 'settings', 'cache']);
    // Within the cycle one acquisition has to change; the order names it.
    expect(cold.againstOrder.map((edge) => `${edge.file}:${edge.line}`)).toEqual(['src/audit.ts:6']);
  });

  it('reports the unparsable file on stderr and analyses the rest', () => {
    expect(cold.errors).toEqual([{ file: 'src/broken.ts', kind: 'parse', line: 2, column: 24, message: expect.stringMatching(/^Parsing error: /) }]);
    expect(cold.run.stderr).toMatch(/^src\/broken\.ts:2:24: Parsing error: .+$/m);
    expect(cold.run.stderr).toContain('1 file skipped (1 unparsable); the graph is built from the other 7.');
    // Everything under src/ but nothing under node_modules/ or dist/.
    expect(cold.files).toEqual({ total: 8, analysed: 7, cached: 0, skipped: 1 });
    expect(cold.locks.some((lock) => /dep|dist/.test(lock.id))).toBe(false);
  });
});

describe('output formats', () => {
  it('text: edges with their sites, the cycle marked as crossing files, the order ready to paste', () => {
    const { status, stdout } = run(['lock-graph']);
    expect(status).toBe(1);
    expect(stdout).toMatch(/^Lock graph of 8 files \(8 from the cache\): 7 analysed, 1 skipped; 4 locks, 4 nested acquisitions\.$/m);
    expect(stdout).toContain('  accounts -> ledger  [cycle 1]\n      src/bank.ts:5:11\n');
    expect(stdout).toContain('  ledger -> accounts  [cycle 1]\n      src/audit.ts:6:11 through closeBooks (src/books.ts:3)\n');
    expect(stdout).toMatch(/1\. ledger -> accounts -> ledger {3}across 2 files: src\/audit\.ts, src\/bank\.ts/);
    expect(stdout).toContain('  ["accounts","ledger","settings","cache"]\n');
  });

  it('mermaid: a flowchart, cycle arrows thick and red', () => {
    const { stdout } = run(['lock-graph', '--format', 'mermaid', '--no-fail']);
    expect(stdout.startsWith('flowchart LR\n')).toBe(true);
    expect(stdout).toContain('L0["accounts<br/>src/locks.ts"]');
    expect(stdout).toContain(`L2["Web Lock 'settings'"]`);
    expect(stdout).toContain('L0 ==>|"src/bank.ts:5"| L1');
    expect(stdout).toContain('L1 ==>|"src/audit.ts:6 via closeBooks"| L0');
    expect(stdout).toContain('L2 -->|"src/web/evict.mjs:3<br/>src/web/sync.js:3"| L3');
    expect(stdout).toMatch(/^ {2}linkStyle 0,1 stroke:#d62728/m);
  });

  it('dot: a digraph, cycle edges and locks in red', () => {
    const { stdout } = run(['lock-graph', '--format', 'dot', '--no-fail']);
    expect(stdout.startsWith('digraph lock_graph {\n')).toBe(true);
    expect(stdout).toContain(`"${accounts}" [label="accounts\\nsrc/locks.ts", color="#d62728"`);
    expect(stdout).toContain(`"${ledger}" -> "${accounts}" [label="src/audit.ts:6 via closeBooks", color="#d62728"`);
    expect(stdout).toContain('"weblock:settings" -> "weblock:cache" [label="src/web/evict.mjs:3\\nsrc/web/sync.js:3"];');
    expect(stdout.trimEnd().endsWith('}')).toBe(true);
  });
});

describe('exit codes and usage', () => {
  it('1 for a cycle, 0 with --no-fail or without a cycle', () => {
    expect(run(['lock-graph', '--no-fail']).status).toBe(0);
    const clean = run(['lock-graph', 'src/web', 'src/util.js']);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('No cycles');
  });

  it('2 for usage errors, with a message on stderr', () => {
    const cases: Array<[string[], RegExp]> = [
      [['lock-graph', '--format', 'svg'], /--format must be one of text, json, mermaid, dot/],
      [['lock-graph', '--jobs', '0'], /--jobs must be a positive integer/],
      [['lock-graph', '--frobnicate'], /unknown option --frobnicate/],
      [['lock-graph', 'no/such/dir'], /no\/such\/dir: no such file or directory/],
      [['lock-graph', '--settings', 'missing.json'], /--settings missing\.json: ENOENT/],
      [['graph'], /unknown command 'graph'[\s\S]*Usage: fearless <command>/],
      [[], /no command given[\s\S]*Usage: fearless <command>/],
    ];
    for (const [args, message] of cases) {
      const result = run(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });

  it('--help for the command and for lock-graph', () => {
    const top = run(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toContain('lock-graph [paths...]');
    const command = run(['lock-graph', '--help']);
    expect(command.status).toBe(0);
    expect(command.stdout).toMatch(/^Usage: fearless lock-graph \[options\] \[paths\.\.\.\]/);
    expect(command.stdout).toContain('--no-cache');
  });
});

describe('settings', () => {
  const gate = `import { SpinLock } from './spin-lock';
const inbox = new SpinLock();
const outbox = new SpinLock();
export function forward() {
  inbox.lock();
  try {
    outbox.lock();
    outbox.unlock();
  } finally {
    inbox.unlock();
  }
}
export function drain() {
  outbox.lock();
  try {
    inbox.lock();
    inbox.unlock();
  } finally {
    outbox.unlock();
  }
}
`;

  it('declares lock classes with --settings (validated like the plugin: exit 2 naming the bad key)', () => {
    const base = mkdtempSync(join(tmpdir(), 'fearless-lock-graph-settings-'));
    onTestFinished(() => rmSync(base, { recursive: true, force: true }));
    write(base, {
      'src/gate.js': gate,
      'good.json': JSON.stringify({ fearless: { locks: [{ class: 'SpinLock', module: './spin-lock', acquire: ['lock'], release: ['unlock'] }] } }),
      'bad.json': JSON.stringify({ fearless: { locks: [{ class: 'SpinLock', acquire: 'lock' }] } }),
    });
    // Without the setting, SpinLock is not a lock: no graph, and the cached summary must not leak into the next run.
    expect(json(['src'], base).edges).toEqual([]);
    const configured = json(['src', '--settings', 'good.json'], base);
    expect(configured.files.cached).toBe(0);
    expect(configured.run.status).toBe(1);
    expect(configured.cycles[0]?.locks.sort()).toEqual(['src/gate.js#inbox', 'src/gate.js#outbox']);
    expect(configured.cycles[0]?.crossFile).toBe(false);
    const bad = run(['lock-graph', 'src', '--settings', 'bad.json'], base);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('invalid setting `settings.fearless.locks[0].acquire`: must be an array of strings');
  });
});

describe('cache and workers', () => {
  it('a second run takes every summary from the cache; a changed file misses', () => {
    const warm = json();
    expect(warm.files.cached).toBe(8);
    expect(warm.edges).toEqual(cold.edges);
    expect(warm.errors).toEqual(cold.errors);
    writeFileSync(join(root, 'src/util.js'), `${project['src/util.js']}// changed\n`);
    expect(json().files.cached).toBe(7);
    expect(json(['--no-cache']).files.cached).toBe(0);
  });

  it('--ignore skips files and folders', () => {
    const ignored = json(['--ignore', 'broken.ts', '--ignore', 'src/web/**']);
    expect(ignored.errors).toEqual([]);
    expect(ignored.files.total).toBe(5);
    expect(ignored.edges.some((edge) => edge.from.startsWith('weblock:'))).toBe(false);
    expect(ignored.run.stderr).toBe('');
  });

  it('the worker pool gives the same graph as the in-thread run', () => {
    const pooled = json(['--no-cache', '--jobs', '2']);
    expect(pooled.edges).toEqual(cold.edges);
    expect(pooled.cycles).toEqual(cold.cycles);
    expect(pooled.errors).toEqual(cold.errors);
  });

  it('--progress reports files done and cache hits on stderr', () => {
    const { stderr } = run(['lock-graph', '--progress', '--no-fail']);
    expect(stderr).toMatch(/^fearless lock-graph: 8\/8 files \(8 from the cache\)$/m);
  });
});

describe('calls and re-exports followed across files, to any depth', () => {
  // audit() holds ledger and calls monthEnd() (report.ts), which calls prepare() (same file), which calls
  // closeBooks() through the barrel's `export *` (books.ts), which takes accounts: ledger -> accounts, three files
  // away. bank.ts takes accounts under the barrel's renamed re-export, then ledger: the other direction.
  const chain: Record<string, string> = {
    'src/locks.ts': `import { Mutex } from 'async-mutex';
export const accounts = new Mutex();
export const ledger = new Mutex();
`,
    'src/index.ts': `export { accounts as accountsLock } from './locks';
export * from './books';
`,
    'src/books.ts': `import { accounts } from './locks';
export async function closeBooks(): Promise<void> {
  await accounts.runExclusive(async () => {});
}
`,
    'src/report.ts': `import { closeBooks } from './index';
export async function monthEnd(): Promise<void> {
  await prepare();
}
async function prepare(): Promise<void> {
  await closeBooks();
}
`,
    'src/audit.ts': `import { ledger } from './locks';
import { monthEnd } from './report';
export async function audit(): Promise<void> {
  await ledger.runExclusive(async () => {
    await monthEnd();
  });
}
`,
    'src/bank.ts': `import { accountsLock } from './index';
import { ledger } from './locks';
export async function transfer(): Promise<void> {
  await accountsLock.runExclusive(async () => {
    await ledger.runExclusive(async () => {});
  });
}
`,
    // A cycle of calls between two files ends; what pong() takes still counts.
    'src/ping.ts': `import { pong } from './pong';
export async function ping(depth: number): Promise<void> {
  if (depth > 0) await pong(depth - 1);
}
`,
    'src/pong.ts': `import { ping } from './ping';
export async function pong(depth: number): Promise<void> {
  await navigator.locks.request('pong', async () => {});
  await ping(depth);
}
`,
    'src/serve.ts': `import { ping } from './ping';
export async function serve(): Promise<void> {
  await navigator.locks.request('serve', async () => {
    await ping(3);
  });
}
`,
    // A lock class declared re-entrant (settings) re-acquired through a call into another file: no deadlock.
    // (`bigLock` is a lock in outer.ts by its name: the class of an imported instance is not known there.)
    'src/monitor.ts': `import { Monitor } from './monitor-lib';
export const bigLock = new Monitor();
export async function inner(): Promise<void> {
  await bigLock.acquire();
  try {
    console.log('inner');
  } finally {
    bigLock.release();
  }
}
`,
    'src/outer.ts': `import { bigLock, inner } from './monitor';
export async function outer(): Promise<void> {
  await bigLock.acquire();
  try {
    await inner();
  } finally {
    bigLock.release();
  }
}
`,
  };
  const monitorSettings = (reentrant: boolean) =>
    JSON.stringify({ fearless: { locks: [{ class: 'Monitor', module: './monitor-lib', acquire: ['acquire'], release: ['release'], reentrant }] } });

  let base = '';
  let graph: GraphJson & { run: Run };
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'fearless-lock-graph-chain-'));
    write(base, { ...chain, 'reentrant.json': monitorSettings(true), 'plain.json': monitorSettings(false) });
    graph = json(['src', '--settings', 'reentrant.json'], base);
  }, 60_000);
  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  const edgesOf = (found: GraphJson, from: string, to: string) =>
    found.edges
      .filter((edge) => edge.from === from && edge.to === to)
      .map(({ file, line, column, through, callee }) => ({ file, line, column, through, callee }));

  it('an imported lock is the declaring file’s lock through a renamed re-export (one lock, not two)', () => {
    expect(graph.locks.filter((lock) => /accounts/.test(lock.id)).map(({ id, label, file }) => ({ id, label, file }))).toEqual([
      { id: accounts, label: 'accounts', file: 'src/locks.ts' },
    ]);
    expect(edgesOf(graph, accounts, ledger)).toEqual([{ file: 'src/bank.ts', line: 5, column: 11, through: undefined, callee: undefined }]);
  });

  it('a call made under a lock adds what the callee acquires through further files (report.ts -> index.ts -> books.ts)', () => {
    expect(edgesOf(graph, ledger, accounts)).toEqual([
      { file: 'src/audit.ts', line: 5, column: 11, through: 'monthEnd', callee: { file: 'src/report.ts', line: 2 } },
    ]);
    expect(graph.cycles.map((cycle) => ({ locks: [...cycle.locks].sort(), files: cycle.files, crossFile: cycle.crossFile }))).toEqual([
      { locks: [accounts, ledger], files: ['src/audit.ts', 'src/bank.ts'], crossFile: true },
    ]);
    expect(graph.run.status).toBe(1);
  });

  it('a cycle of calls between files ends, and keeps what it acquires', () => {
    expect(edgesOf(graph, 'weblock:serve', 'weblock:pong')).toEqual([
      { file: 'src/serve.ts', line: 4, column: 11, through: 'ping', callee: { file: 'src/ping.ts', line: 2 } },
    ]);
  });

  it('a re-entrant lock class re-acquired through another file is not a deadlock; a plain one is', () => {
    const reentrant = run(['lock-graph', 'src', '--settings', 'reentrant.json', '--format', 'json'], base);
    expect((JSON.parse(reentrant.stdout) as { reacquisitions: unknown[] }).reacquisitions).toEqual([]);
    expect(graph.locks.find((lock) => lock.id === 'src/monitor.ts#bigLock')).toMatchObject({ reentrant: true });
    const plain = run(['lock-graph', 'src', '--settings', 'plain.json', '--format', 'json'], base);
    const reacquisitions = (JSON.parse(plain.stdout) as { reacquisitions: Array<{ lock: string; edge: { file: string; line: number; through?: string } }> })
      .reacquisitions;
    expect(reacquisitions.map(({ lock, edge }) => ({ lock, file: edge.file, line: edge.line, through: edge.through }))).toEqual([
      { lock: 'src/monitor.ts#bigLock', file: 'src/outer.ts', line: 5, through: 'inner' },
    ]);
  });

  it('summaries stay per file: a second run takes every one from the cache and gives the same graph', () => {
    const warm = json(['src', '--settings', 'reentrant.json'], base);
    expect(warm.files.cached).toBe(warm.files.total);
    expect(warm.edges).toEqual(graph.edges);
  });
});
