/**
 * The pieces of `fearless lock-graph` that need no ESLint: module resolution, the merge of summaries into one
 * graph, the order within a cycle, ignore globs, argument parsing. Summaries are written by hand in the shape
 * `lockSummaryOf` produces.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args';
import { globToRegExp, IgnoreMatcher } from '../../src/cli/discover';
import { createModuleResolver, mergeSummaries, orderWithin } from '../../src/cli/merge';
import { lockSummaryVersion, type LockFileSummary } from '../../src/engine/analyses/locks/summary';

function summary(file: string, parts: Partial<Omit<LockFileSummary, 'file' | 'version'>>): LockFileSummary {
  return { version: lockSummaryVersion, file, locks: [], edges: [], exports: [], externalCalls: [], ...parts };
}

const lock = (id: string, label: string, orderName = label.split('.').pop()!) => ({ id, label, orderName });
const edge = (from: string, to: string, line: number) => ({ from, to, line, column: 3, shared: false });

describe('createModuleResolver', () => {
  const files = new Set(['src/locks.ts', 'src/db/index.js', 'src/esm.mts', 'lib/old.cjs']);
  const resolve = createModuleResolver((file) => files.has(file));

  it('tries the path as written, then each extension, then a folder index', () => {
    expect(resolve('src/bank.ts', './locks')).toEqual({ file: 'src/locks.ts' });
    expect(resolve('src/a/b.ts', '../locks')).toEqual({ file: 'src/locks.ts' });
    expect(resolve('src/bank.ts', './db')).toEqual({ file: 'src/db/index.js' });
    expect(resolve('src/x.js', '../lib/old.cjs')).toEqual({ file: 'lib/old.cjs' });
  });

  it('finds the TypeScript source of a compiled-extension specifier (node16 style)', () => {
    expect(resolve('src/bank.ts', './locks.js')).toEqual({ file: 'src/locks.ts' });
    expect(resolve('src/bank.ts', './esm.mjs')).toEqual({ file: 'src/esm.mts' });
  });

  it('keeps packages unresolved, and names a missing relative module by its path', () => {
    expect(resolve('src/bank.ts', 'async-mutex')).toEqual({ package: 'async-mutex' });
    expect(resolve('src/bank.ts', '@scope/locks')).toEqual({ package: '@scope/locks' });
    expect(resolve('src/bank.ts', './gone')).toEqual({ missing: 'src/gone' });
  });
});

describe('mergeSummaries', () => {
  const resolve = createModuleResolver((file) => ['src/locks.ts', 'src/bank.ts', 'src/audit.ts', 'src/books.ts'].includes(file));

  it('gives an imported lock the id of its declaring file, whatever the importer calls the module', () => {
    const graph = mergeSummaries(
      [
        summary('src/locks.ts', {
          locks: [lock('src/locks.ts#accounts', 'accounts'), lock('src/locks.ts#ledger', 'ledger')],
          edges: [edge('src/locks.ts#accounts', 'src/locks.ts#ledger', 9)],
        }),
        // `import * as locks from './locks'` then `locks.ledger`: the engine writes `*.ledger`.
        summary('src/bank.ts', {
          locks: [lock('import:./locks:*.ledger', 'locks.ledger'), lock('import:./locks.js:accounts', 'accounts')],
          edges: [edge('import:./locks:*.ledger', 'import:./locks.js:accounts', 4)],
        }),
      ],
      resolve,
    );
    expect(graph.locks.map(({ id, label, orderName, file }) => ({ id, label, orderName, file }))).toEqual([
      { id: 'src/locks.ts#accounts', label: 'accounts', orderName: 'accounts', file: 'src/locks.ts' },
      { id: 'src/locks.ts#ledger', label: 'ledger', orderName: 'ledger', file: 'src/locks.ts' },
    ]);
    expect(graph.cycles).toHaveLength(1);
    expect(graph.cycles[0]).toMatchObject({ files: ['src/bank.ts', 'src/locks.ts'], crossFile: true });
  });

  it('adds an edge per held lock and per lock the called function acquires, at the call', () => {
    const graph = mergeSummaries(
      [
        summary('src/audit.ts', {
          locks: [lock('import:./locks:ledger', 'ledger'), lock('weblock:audit', "Web Lock 'audit'", 'audit')],
          externalCalls: [{ held: ['weblock:audit', 'import:./locks:ledger'], module: './books', name: 'closeBooks', line: 6, column: 11 }],
        }),
        summary('src/books.ts', {
          locks: [lock('import:./locks:accounts', 'accounts')],
          exports: [{ name: 'closeBooks', acquires: ['import:./locks:accounts'], line: 3 }],
        }),
      ],
      resolve,
    );
    expect(graph.edges.map((e) => `${e.from} -> ${e.to} @ ${e.file}:${e.line} via ${e.through} (${e.callee?.file}:${e.callee?.line})`)).toEqual([
      'src/locks.ts#ledger -> src/locks.ts#accounts @ src/audit.ts:6 via closeBooks (src/books.ts:3)',
      'weblock:audit -> src/locks.ts#accounts @ src/audit.ts:6 via closeBooks (src/books.ts:3)',
    ]);
    expect(graph.unresolvedCalls).toBe(0);
  });

  it('reports a lock re-acquired through a call into another file, and counts calls it cannot follow', () => {
    const graph = mergeSummaries(
      [
        summary('src/audit.ts', {
          locks: [lock('import:./locks:accounts', 'accounts')],
          externalCalls: [
            { held: ['import:./locks:accounts'], module: './books', name: 'closeBooks', line: 6, column: 11 },
            { held: ['import:./locks:accounts'], module: './books', name: 'notExported', line: 7, column: 11 },
            { held: ['import:./locks:accounts'], module: './nowhere', name: 'f', line: 8, column: 11 },
          ],
        }),
        summary('src/books.ts', { exports: [{ name: 'closeBooks', acquires: ['import:./locks:accounts'], line: 3 }] }),
      ],
      resolve,
    );
    expect(graph.edges).toEqual([]);
    expect(graph.reacquisitions).toEqual([
      { lock: 'src/locks.ts#accounts', edge: expect.objectContaining({ file: 'src/audit.ts', line: 6, through: 'closeBooks' }) },
    ]);
    expect(graph.unresolvedCalls).toBe(2);
  });

  it('follows re-exports that loop back, star modules that are missing, and call cycles, to an end', () => {
    const withBarrels = createModuleResolver((file) => ['src/a.ts', 'src/b.ts', 'src/audit.ts', 'src/books.ts', 'src/locks.ts'].includes(file));
    const graph = mergeSummaries(
      [
        // a.ts and b.ts re-export `ledger` from each other; a.ts also stars a module that is not there.
        summary('src/a.ts', { reexports: { ledger: { module: './b', name: 'ledger' } }, stars: ['./gone', './books'] }),
        summary('src/b.ts', { reexports: { ledger: { module: './a', name: 'ledger' } } }),
        summary('src/audit.ts', {
          locks: [lock('import:./a:ledger', 'ledger'), lock('weblock:audit', "Web Lock 'audit'", 'audit')],
          externalCalls: [{ held: ['weblock:audit'], module: './a', name: 'closeBooks', line: 6, column: 11 }],
        }),
        // closeBooks and settle call each other; settle takes the lock.
        summary('src/books.ts', {
          exports: [
            { name: 'closeBooks', acquires: [], calls: [{ module: './books', name: 'settle', line: 4 }], line: 3 },
            { name: 'settle', acquires: ['import:./locks:accounts'], calls: [{ module: './books', name: 'closeBooks', line: 9 }], line: 8 },
          ],
        }),
      ],
      withBarrels,
    );
    // The loop ends where it began (a.ts): the lock stays a.ts's, one id.
    expect(graph.locks.map((entry) => entry.id)).toEqual(['weblock:audit', 'src/locks.ts#accounts', 'src/a.ts#ledger']);
    expect(graph.edges.map((e) => `${e.from} -> ${e.to} @ ${e.file}:${e.line} via ${e.through} (${e.callee?.file}:${e.callee?.line})`)).toEqual([
      'weblock:audit -> src/locks.ts#accounts @ src/audit.ts:6 via closeBooks (src/books.ts:3)',
    ]);
    expect(graph.unresolvedCalls).toBe(0);
  });

  it('an export named like an Object.prototype member (toString) is an export like any other', () => {
    const graph = mergeSummaries(
      [
        summary('src/audit.ts', {
          locks: [lock('weblock:audit', "Web Lock 'audit'", 'audit')],
          externalCalls: [{ held: ['weblock:audit'], module: './books', name: 'toString', line: 6, column: 11 }],
        }),
        summary('src/books.ts', {
          reexports: { constructor: { module: './locks', name: 'accounts' } },
          exports: [{ name: 'toString', acquires: ['weblock:books'], line: 3 }],
        }),
      ],
      resolve,
    );
    expect(graph.edges.map((e) => `${e.from} -> ${e.to} via ${e.through}`)).toEqual(['weblock:audit -> weblock:books via toString']);
    expect(graph.unresolvedCalls).toBe(0);
  });

  it('keeps shared-mode edges out of cycles and of the order', () => {
    const graph = mergeSummaries(
      [
        summary('src/bank.ts', {
          locks: [lock('weblock:a', "Web Lock 'a'", 'a'), lock('weblock:b', "Web Lock 'b'", 'b')],
          edges: [
            { ...edge('weblock:a', 'weblock:b', 2), shared: true },
            { ...edge('weblock:b', 'weblock:a', 5), shared: true },
          ],
        }),
      ],
      resolve,
    );
    expect(graph.edges).toHaveLength(2);
    expect(graph.cycles).toEqual([]);
    expect(graph.lockOrder).toEqual([]);
  });

  it('orders components topologically and names locks that share a name once', () => {
    const graph = mergeSummaries(
      [
        summary('src/bank.ts', {
          locks: [lock('src/bank.ts#Bank.mutex', 'Bank.mutex'), lock('pkg:shared-locks:mutex', 'mutex'), lock('weblock:z', "Web Lock 'z'", 'z')],
          edges: [edge('weblock:z', 'src/bank.ts#Bank.mutex', 3), edge('src/bank.ts#Bank.mutex', 'pkg:shared-locks:mutex', 4)],
        }),
      ],
      resolve,
    );
    expect(graph.order).toEqual(['weblock:z', 'src/bank.ts#Bank.mutex', 'pkg:shared-locks:mutex']);
    expect(graph.lockOrder).toEqual(['z', 'mutex']);
    expect(graph.ambiguousNames).toEqual([{ name: 'mutex', locks: ['src/bank.ts#Bank.mutex', 'pkg:shared-locks:mutex'] }]);
  });
});

describe('orderWithin', () => {
  it('puts first the lock most often taken first, so that the fewest acquisitions go against the order', () => {
    const weights: Record<string, number> = { 'a>b': 1, 'b>a': 5, 'b>c': 2, 'c>a': 1 };
    expect(orderWithin(['a', 'b', 'c'], (from, to) => weights[`${from}>${to}`] ?? 0)).toEqual(['b', 'c', 'a']);
  });
});

describe('ignore globs', () => {
  it('matches names at any depth without a slash, paths from the root with one', () => {
    const ignore = new IgnoreMatcher(['fixtures', '*.test.ts', 'src/generated/**', './vendor/']);
    expect(ignore.ignores('tests/fixtures')).toBe(true);
    expect(ignore.ignores('src/a.test.ts')).toBe(true);
    expect(ignore.ignores('src/a.ts')).toBe(false);
    expect(ignore.ignores('src/generated')).toBe(true);
    expect(ignore.ignores('src/generated/deep/x.ts')).toBe(true);
    expect(ignore.ignores('vendor')).toBe(true);
    expect(ignore.ignores('lib/vendor')).toBe(false);
  });

  it('supports *, **, ? and {a,b}', () => {
    expect(globToRegExp('src/**/*.{ts,js}').test('src/x.ts')).toBe(true);
    expect(globToRegExp('src/**/*.{ts,js}').test('src/a/b/x.js')).toBe(true);
    expect(globToRegExp('src/**/*.{ts,js}').test('src/a/x.mjs')).toBe(false);
    expect(globToRegExp('file?.js').test('file1.js')).toBe(true);
    expect(globToRegExp('*.js').test('a/b.js')).toBe(false);
  });
});

describe('parseArgs', () => {
  const specs = { format: { value: true }, ignore: { value: true, repeatable: true }, jobs: { value: true, short: 'j' }, 'no-cache': {} };

  it('reads values, repeated options, flags, short aliases and positionals', () => {
    const args = parseArgs(['src', '--format=json', '--ignore', 'a', '--ignore', 'b', '-j', '3', '--no-cache', '--', '--weird'], specs);
    expect(args.options.get('format')).toEqual(['json']);
    expect(args.options.get('ignore')).toEqual(['a', 'b']);
    expect(args.options.get('jobs')).toEqual(['3']);
    expect(args.flags.has('no-cache')).toBe(true);
    expect(args.positionals).toEqual(['src', '--weird']);
  });

  it('rejects unknown options, missing values, repeated single options and values on flags', () => {
    expect(() => parseArgs(['--nope'], specs)).toThrow(new UsageError('unknown option --nope'));
    expect(() => parseArgs(['--format'], specs)).toThrow('--format needs a value');
    expect(() => parseArgs(['--format', 'a', '--format', 'b'], specs)).toThrow('--format is given more than once');
    expect(() => parseArgs(['--no-cache=1'], specs)).toThrow('--no-cache takes no value');
  });
});
