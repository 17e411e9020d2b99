/**
 * The module-summary loader (src/engine/facts/modules/loader.ts) on an in-memory file system, with an `analyse`
 * that reads a tiny made-up format instead of running the engine: each line of a module is `fn NAME PARAM`
 * (NAME transfers parameter PARAM), `call from 'SPECIFIER'` (the module's analysis asks for SPECIFIER's `f`, as an
 * imported call would, and exports the answer as `g`), `reexport NAME ORIGINAL from 'SPECIFIER'` or
 * `star from 'SPECIFIER'`; `fn` and `postMessage` in the text are what the gate looks for. What is asserted: what
 * is analysed when, and what each request resolves to.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModuleSummaries, displayPath, relativeSpecifiersIn, type ModuleFiles, type ModuleRequester } from '../../src/engine/facts/modules/loader';
import type { ExportedFunction, ModuleSummary } from '../../src/engine/facts/modules/summary';

const root = path.resolve('/project/src');
const at = (name: string): string => path.join(root, name);

class MemoryFiles implements ModuleFiles {
  readonly files = new Map<string, string>();
  reads: string[] = [];
  constructor(files: Record<string, string>) {
    for (const [name, text] of Object.entries(files)) this.files.set(at(name), text);
  }
  readFile(file: string): string | undefined {
    this.reads.push(path.relative(root, file));
    return this.files.get(file);
  }
  isFile(file: string): boolean {
    return this.files.has(file);
  }
}

/** A requester whose analysis of a module is the made-up format above; `analysed` lists each analysis as `file@depth`. */
function requester(loader: ModuleSummaries, analysed: string[], session: object = {}): ModuleRequester {
  const self: ModuleRequester = {
    settingsKey: 'default',
    mentions: (text) => /postMessage|^fn /m.test(text),
    session,
    analyse: (file, text, depth) => {
      analysed.push(`${path.relative(root, file)}@${depth}`);
      if (text.includes('SYNTAX ERROR')) return undefined;
      const functions: Record<string, ExportedFunction> = {};
      const reexports: Record<string, { specifier: string; name: string }> = {};
      const stars: string[] = [];
      text.split('\n').forEach((line, index) => {
        const [verb, a, b] = line.trim().split(/\s+/);
        const specifier = /from '([^']+)'/.exec(line)?.[1];
        if (verb === 'fn') functions[a!] = { transfers: [{ param: Number(b), definite: true, label: 'worker.postMessage', file, line: index + 1 }] };
        if (verb === 'call') {
          const found = loader.exportedFunction(self, file, depth, specifier!, 'f');
          functions.g = { transfers: found ? found.summary.transfers : [] };
        }
        if (verb === 'reexport') reexports[a!] = { specifier: specifier!, name: b! };
        if (verb === 'star') stars.push(specifier!);
      });
      return { functions, reexports, stars } satisfies ModuleSummary;
    },
  };
  return self;
}

describe('relativeSpecifiersIn', () => {
  it('finds relative imports, re-exports and requires, and nothing in a file without them', () => {
    const text = `import { a } from './a';\nexport * from "../b";\nconst c = require('./c/index.js');\nimport 'lodash';\nconst d = import('./d');`;
    expect(relativeSpecifiersIn(text)).toEqual(['./a', '../b', './c/index.js', './d']);
    expect(relativeSpecifiersIn(`import { Worker } from 'node:worker_threads';\nnew Worker('./w.js');`)).toEqual([]);
  });
});

describe('ModuleSummaries', () => {
  it('gates on the imported modules, reading nothing for a file without relative imports', () => {
    const files = new MemoryFiles({ 'transport.ts': 'postMessage\nfn ship 0', 'util.ts': 'const id = 0', 'via.ts': "import './transport'" });
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    const main = at('main.ts');
    expect(loader.importsMention(requester(loader, analysed), main, "import { x } from 'lodash';", 0)).toBe(false);
    expect(files.reads).toEqual([]);
    expect(loader.importsMention(requester(loader, analysed), main, "import { id } from './util';", 0)).toBe(false);
    expect(loader.importsMention(requester(loader, analysed), main, "import { ship } from './via';", 0)).toBe(true);
    expect(analysed).toEqual([]); // the gate reads text; it parses nothing
  });

  it('analyses a module once, and again only when its content changes', () => {
    const files = new MemoryFiles({ 'transport.ts': 'postMessage\nfn ship 0' });
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    const ask = () => loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './transport', 'ship');
    expect(ask()).toEqual({
      file: at('transport.ts'),
      summary: { transfers: [{ param: 0, definite: true, label: 'worker.postMessage', file: at('transport.ts'), line: 2 }] },
    });
    ask();
    expect(analysed).toEqual(['transport.ts@1']);
    files.files.set(at('transport.ts'), 'postMessage\n\nfn ship 1');
    expect(ask()?.summary.transfers[0]).toMatchObject({ param: 1, line: 3 });
    expect(analysed).toEqual(['transport.ts@1', 'transport.ts@1']);
  });

  it('analyses a module again when a module its summary read changes', () => {
    const files = new MemoryFiles({ 'outer.ts': `call from './inner'`, 'inner.ts': `fn f 0` });
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    const ask = () => loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './outer', 'g');
    expect(ask()?.summary.transfers).toMatchObject([{ param: 0, file: at('inner.ts') }]);
    ask();
    expect(analysed).toEqual(['outer.ts@1', 'inner.ts@2']);
    files.files.set(at('inner.ts'), 'fn other 0');
    expect(ask()?.summary.transfers).toEqual([]);
    expect(analysed).toEqual(['outer.ts@1', 'inner.ts@2', 'outer.ts@1', 'inner.ts@2']);
  });

  it('follows renamed re-exports and `export *`, never a default through `export *`', () => {
    const files = new MemoryFiles({
      'index.ts': `reexport post forward from './relay'\nstar from './relay'`,
      'relay.ts': `reexport forward ship from './transport'\nstar from './pool'`,
      'transport.ts': 'fn ship 0\nfn default 0',
      'pool/index.ts': `star from './run'`,
      'pool/run.ts': 'fn run 1',
    });
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    const ask = (name: string) => loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './index', name);
    expect(ask('post')?.file).toBe(at('transport.ts'));
    expect(ask('run')?.summary.transfers).toMatchObject([{ param: 1, file: at('pool/run.ts') }]);
    expect(ask('forward')?.file).toBe(at('transport.ts'));
    expect(ask('default')).toBeUndefined();
    expect(ask('missing')).toBeUndefined();
  });

  it('ends in a cycle of `export *` and of imports', () => {
    const files = new MemoryFiles({ 'a.ts': `star from './b'\ncall from './b'\nfn h 0`, 'b.ts': `star from './a'\ncall from './a'` });
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    expect(loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './a', 'nothing')).toBeUndefined();
    expect(loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './a', 'g')).toEqual({ file: at('a.ts'), summary: { transfers: [] } });
    // a is analysed; its call into b analyses b, whose call into a finds a in progress.
    expect(analysed.slice(0, 2)).toEqual(['a.ts@1', 'b.ts@2']);
  });

  it('does not cache a summary cut short by a cycle for the next linted file', () => {
    const files = new MemoryFiles({ 'b.ts': `call from './main'`, 'main.ts': `fn f 0` });
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    // Linting main.ts: b's call back into main.ts finds main.ts in progress.
    expect(loader.exportedFunction(requester(loader, analysed, {}), at('main.ts'), 0, './b', 'g')?.summary.transfers).toEqual([]);
    // Linting other.ts: b is analysed again, and this time follows main.ts.
    expect(loader.exportedFunction(requester(loader, analysed, {}), at('other.ts'), 0, './b', 'g')?.summary.transfers).toMatchObject([{ file: at('main.ts') }]);
    expect(analysed).toEqual(['b.ts@1', 'b.ts@1', 'main.ts@2']);
  });

  it('bounds the depth: modules are analysed down to three levels below the linted file', () => {
    const files = new MemoryFiles({ 'd1.ts': `call from './d2'`, 'd2.ts': `call from './d3'`, 'd3.ts': `call from './d4'`, 'd4.ts': `fn f 0` });
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    expect(loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './d1', 'g')?.summary.transfers).toEqual([]);
    expect(analysed).toEqual(['d1.ts@1', 'd2.ts@2', 'd3.ts@3']);
    expect(loader.exportedFunction(requester(loader, analysed), at('main.ts'), 3, './d1', 'g')).toBeUndefined();
  });

  it('reuses a summary at any depth, unless the depth bound cut what it follows', () => {
    const files = new MemoryFiles({
      'leaf.ts': `fn f 0`,
      'mid.ts': `call from './leaf'`,
      'd1.ts': `call from './d2'`,
      'd2.ts': `call from './d3'`,
      'd3.ts': `call from './d4'`,
      'd4.ts': `fn f 0`,
    });
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './mid', 'g');
    expect(loader.exportedFunction(requester(loader, analysed), at('other.ts'), 1, './leaf', 'f')?.file).toBe(at('leaf.ts'));
    expect(analysed).toEqual(['mid.ts@1', 'leaf.ts@2']);
    // d3 was analysed at the bound (depth 3) without following d4: asked for one level down, it is analysed again.
    expect(loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './d1', 'g')?.summary.transfers).toEqual([]);
    expect(loader.exportedFunction(requester(loader, analysed), at('other.ts'), 0, './d3', 'g')?.summary.transfers).toMatchObject([{ file: at('d4.ts') }]);
    expect(analysed.slice(2)).toEqual(['d1.ts@1', 'd2.ts@2', 'd3.ts@3', 'd3.ts@1', 'd4.ts@2']);
  });

  it('bounds the modules analysed for one linted file, and starts anew for the next', () => {
    const files = new MemoryFiles(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`m${i}.ts`, 'fn f 0'])));
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    const main = requester(loader, analysed);
    const found = Array.from({ length: 30 }, (_, i) => loader.exportedFunction(main, at('main.ts'), 0, `./m${i}`, 'f'));
    expect(found.filter(Boolean)).toHaveLength(24);
    expect(found[24]).toBeUndefined();
    // The next linted file has its own budget (and the 24 summaries are cached).
    expect(loader.exportedFunction(requester(loader, analysed), at('other.ts'), 0, './m29', 'f')?.file).toBe(at('m29.ts'));
    expect(loader.exportedFunction(requester(loader, analysed), at('other.ts'), 0, './m0', 'f')?.file).toBe(at('m0.ts'));
    expect(analysed).toHaveLength(25);
  });

  it('parses no module that neither mentions what matters nor imports a local module, nor a bundle', () => {
    const files = new MemoryFiles({ 'plain.ts': `export const ship = 1;\nexport * from 'lodash'`, 'bundle.js': `fn ship 0\n${'x'.repeat(1_000_001)}` });
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    expect(loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './plain', 'ship')).toBeUndefined();
    // Nor a bundle of over a million characters.
    expect(loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './bundle.js', 'ship')).toBeUndefined();
    expect(analysed).toEqual([]);
  });

  it('skips a module that does not exist or does not parse', () => {
    const files = new MemoryFiles({ 'broken.ts': 'SYNTAX ERROR\nfn ship 0' });
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    expect(loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './missing', 'ship')).toBeUndefined();
    expect(loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './broken', 'ship')).toBeUndefined();
    expect(analysed).toEqual(['broken.ts@1']);
  });

  it('with stamps, reads a module again only when its stamp changes, and its text only to analyse it', () => {
    // A file system that stamps each file with a version bumped on every write, as a modification time would be.
    class StampedFiles extends MemoryFiles {
      readonly versions = new Map<string, number>();
      write(name: string, text: string): void {
        this.files.set(at(name), text);
        this.versions.set(at(name), (this.versions.get(at(name)) ?? 0) + 1);
      }
      stamp(file: string): string | undefined {
        return this.files.has(file) ? String(this.versions.get(file) ?? 0) : undefined;
      }
    }
    const files = new StampedFiles({ 'via.ts': "import './transport'", 'transport.ts': 'postMessage\nfn ship 0' });
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    const gate = () => loader.importsMention(requester(loader, analysed), at('main.ts'), "import { ship } from './via';", 0);
    expect(gate()).toBe(true);
    expect(files.reads).toEqual(['via.ts', 'transport.ts']);
    // The next linted files: the stamps are unchanged, nothing is read.
    expect(gate()).toBe(true);
    expect(loader.importsMention(requester(loader, analysed), at('other.ts'), "import './via';", 0)).toBe(true);
    expect(files.reads).toEqual(['via.ts', 'transport.ts']);
    // Analysing the module needs its text: read then, once per session.
    const ask = () => loader.exportedFunction(requester(loader, analysed), at('main.ts'), 0, './transport', 'ship');
    expect(ask()?.summary.transfers).toMatchObject([{ param: 0 }]);
    expect(files.reads).toEqual(['via.ts', 'transport.ts', 'transport.ts']);
    expect(ask()?.summary.transfers).toMatchObject([{ param: 0 }]);
    expect(files.reads).toHaveLength(3);
    // A write changes the stamp: read, hashed and analysed again; the gate sees the new text.
    files.write('transport.ts', 'fn ship 1');
    expect(ask()?.summary.transfers).toMatchObject([{ param: 1 }]);
    expect(analysed).toEqual(['transport.ts@1', 'transport.ts@1']);
    files.write('via.ts', 'const nothing = 0');
    expect(gate()).toBe(false);
  });

  it('on disk, a module rewritten between two linted files is read again', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fearless-loader-'));
    try {
      const transport = path.join(dir, 'transport.ts');
      writeFileSync(transport, 'postMessage\nfn ship 0');
      const loader = new ModuleSummaries();
      const analysed: string[] = [];
      const ask = () => loader.exportedFunction(requester(loader, analysed), path.join(dir, 'main.ts'), 0, './transport', 'ship');
      expect(ask()?.summary.transfers).toMatchObject([{ param: 0 }]);
      expect(ask()?.summary.transfers).toMatchObject([{ param: 0 }]);
      expect(analysed).toHaveLength(1);
      // A different size as well as a new modification time: either changes the stamp.
      writeFileSync(transport, 'postMessage\n\nfn ship 1');
      expect(ask()?.summary.transfers).toMatchObject([{ param: 1 }]);
      expect(analysed).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds where an exported binding is declared, through named re-exports only (the identity of an imported lock)', () => {
    const files = new MemoryFiles({
      'locks.ts': 'postMessage\nfn withDb 0',
      'index.ts': "reexport storeLock dbLock from './locks'\nstar from './locks'",
      'loop-a.ts': "reexport x x from './loop-b'",
      'loop-b.ts': "reexport x x from './loop-a'",
    });
    const loader = new ModuleSummaries(files);
    const analysed: string[] = [];
    const self = requester(loader, analysed);
    const origin = (specifier: string, name: string) => loader.exportOrigin(self, at('main.ts'), 0, specifier, name);
    expect(origin('./index', 'storeLock')).toEqual({ file: at('locks.ts'), name: 'dbLock' });
    expect(origin('./locks', 'dbLock')).toEqual({ file: at('locks.ts'), name: 'dbLock' });
    // `export *` lists functions, not other values: a name it may pass on stays the re-exporting module's.
    expect(origin('./index', 'cacheLock')).toEqual({ file: at('index.ts'), name: 'cacheLock' });
    expect(origin('./missing', 'dbLock')).toBeUndefined();
    // Re-exports that go round in a circle end (the hop bound, or the module being analysed further up).
    expect(origin('./loop-a', 'x')?.name).toBe('x');
    // From the depth bound on, the specifier alone: no module is analysed for it.
    analysed.length = 0;
    expect(loader.exportOrigin(requester(loader, analysed, {}), at('deep.ts'), 3, './index', 'storeLock')).toEqual({ file: at('index.ts'), name: 'storeLock' });
    expect(analysed).toEqual([]);
  });

  it('names a module relative to the importing file', () => {
    expect(displayPath(at('main.ts'), at('transport.ts'))).toBe('transport.ts');
    expect(displayPath(at('app/main.ts'), at('lib/pool/index.ts'))).toBe('../lib/pool/index.ts');
  });
});
