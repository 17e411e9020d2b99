/**
 * `fearless lock-graph` text output at scale: 200 files, each with a cycle of its own between a lock named `mutex`
 * (a name all 200 share) and one of its own (`w1` ... `w200`). The text stays a few screens long: cycles first,
 * locks sorted by name then file (`w2` before `w10`), a count and the first few items wherever a list is long, and
 * everything in `--format json`.
 */
import { describe, expect, it } from 'vitest';
import { formatGraph } from '../../src/cli/format';
import { createModuleResolver, mergeSummaries } from '../../src/cli/merge';
import { lockSummaryVersion, type LockFileSummary } from '../../src/engine';

const count = 200;
const summaries: LockFileSummary[] = Array.from({ length: count }, (_, index) => {
  const file = `src/f${index + 1}.js`;
  const mutex = `${file}#mutex`;
  const own = `${file}#w${index + 1}`;
  return {
    version: lockSummaryVersion,
    file,
    locks: [
      { id: mutex, label: 'mutex', orderName: 'mutex' },
      { id: own, label: `w${index + 1}`, orderName: `w${index + 1}` },
    ],
    edges: [
      { from: mutex, to: own, line: 5, column: 34, shared: false },
      { from: own, to: mutex, line: 8, column: 31, shared: false },
    ],
    exports: [],
    externalCalls: [],
  };
});
const graph = mergeSummaries(
  summaries,
  createModuleResolver(() => false),
);
const stats = { files: count, analysed: count, cached: 0, errors: [] };
const text = formatGraph('text', graph, stats);
const lines = text.split('\n');

describe('lock-graph text output on 200 files', () => {
  it('stays short: a count and the first few of every long list', () => {
    expect(lines.length).toBeLessThan(220);
    expect(text).toContain('  ... and 190 more cycles, each within one file, in 190 files: src/f11.js, src/f12.js, src/f13.js and 187 more.\n');
    expect(text).toContain('  ... and 151 more lines of locks (--format json lists them all)\n');
    expect(text).toContain('  ... and 350 more pairs of locks (--format json lists them all)\n');
  });

  it('puts the cycles first, then the locks, then the edges', () => {
    const cycles = lines.indexOf('Cycles: 200 (0 across files)');
    const locks = lines.indexOf('Locks: 400');
    const edges = lines.indexOf('Acquired-before edges (A -> B: B is acquired while A is held): 400 pairs');
    expect(cycles).toBe(2);
    expect(locks).toBeGreaterThan(cycles);
    expect(edges).toBeGreaterThan(locks);
    expect(lines.slice(cycles + 1, cycles + 4)).toEqual([
      '  1. w1 -> mutex (f1.js) -> w1   in src/f1.js (fearless/consistent-lock-order reports it there too)',
      '       w1 -> mutex (f1.js)  src/f1.js:8:31',
      '       mutex (f1.js) -> w1  src/f1.js:5:34',
    ]);
  });

  it('lists the locks by name then file, in natural order, a name shared by many on one line', () => {
    const locks = lines.indexOf('Locks: 400');
    expect(lines.slice(locks + 1, locks + 13)).toEqual([
      '  mutex  200 locks: src/f1.js, src/f2.js, src/f3.js and 197 more',
      '  w1     src/f1.js',
      '  w2     src/f2.js',
      '  w3     src/f3.js',
      '  w4     src/f4.js',
      '  w5     src/f5.js',
      '  w6     src/f6.js',
      '  w7     src/f7.js',
      '  w8     src/f8.js',
      '  w9     src/f9.js',
      '  w10    src/f10.js',
      '  w11    src/f11.js',
    ]);
  });

  it('summarizes the shared-name note, and orders unrelated locks by name', () => {
    expect(text).toContain(
      '  Note: 200 locks share the name `mutex` (src/f1.js#mutex, src/f2.js#mutex, src/f3.js#mutex and 197 more); lockOrder names them once.\n',
    );
    expect(graph.lockOrder.slice(0, 12)).toEqual(['mutex', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10', 'w11']);
    expect(text).toContain('    src/f10.js:8:31  mutex (f10.js) while holding w10\n    ... and 190 more\n');
  });

  it('keeps everything in --format json', () => {
    const document = JSON.parse(formatGraph('json', graph, stats)) as {
      locks: unknown[];
      edges: unknown[];
      cycles: unknown[];
      ambiguousNames: Array<{ locks: unknown[] }>;
    };
    expect(document.locks).toHaveLength(400);
    expect(document.edges).toHaveLength(400);
    expect(document.cycles).toHaveLength(200);
    expect(document.ambiguousNames[0]!.locks).toHaveLength(200);
  });
});
