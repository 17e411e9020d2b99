/**
 * Module summaries, once per process: the imported module is resolved
 * (relative specifiers only, never `node_modules`), read, and handed to the
 * caller's `analyse` (the same engine, run on it through ESLint's Linter: see
 * engine/module-linter.ts), and its summary is kept, keyed by absolute path
 * and content hash (and by the hashes of the modules its summary read).
 *
 * Bounds, so a lint run's cost stays close to linting the files alone:
 * - depth: a linted file follows its imports, their functions follow theirs,
 *   down to `maxDepth` levels; deeper calls are unknown calls, as today;
 * - modules: at most `maxAnalysesPerFile` modules are analysed for one linted
 *   file, and at most `maxCached` summaries are kept (the oldest go first);
 *   modules over `maxModuleLength` characters (bundles) are not analysed;
 * - cycles: a module asked for while it is being analysed (`a` imports `b`
 *   imports `a`) counts as summarizing nothing. Summaries cut short by a cycle
 *   back into the linted file, or by the per-file bound, are used for that
 *   file only, never cached for the next one. Within a cycle of imported
 *   modules, the summaries are kept: which module of the cycle was reached
 *   first decides where the cycle is cut.
 * An unreadable or unparsable module has no summary: calls of its functions
 * stay unknown calls, quietly.
 *
 * Each linted file starts a session that looks at the file system afresh, but
 * a module whose stamp (modification and change times, size, inode) is what it
 * was is not read again: its hash and relative specifiers are kept from the
 * last read, and its text is read only if it is to be analysed.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isRelativeSpecifier, resolveRelativeSpecifier } from './specifier';
import type { ExportedFunction, ModuleSummary } from './summary';

export const maxDepth = 3;
const maxAnalysesPerFile = 24;
const maxCached = 1000;
const maxReexportHops = 8;
const maxGateHops = 6;
const maxGateFiles = 64;
/** Larger modules are bundles or generated code (a 9 MB `typescriptServices.js`): not parsed for their importers. */
const maxModuleLength = 1_000_000;

/** Reading the file system (injected in tests). */
export interface ModuleFiles {
  readFile(file: string): string | undefined;
  isFile(file: string): boolean;
  /**
   * What changes when the file's content does (modification and change times, size, inode), or undefined when
   * it cannot be had. Optional: without it every session reads every module it needs again.
   */
  stamp?(file: string): string | undefined;
}

export const diskFiles: ModuleFiles = {
  readFile: (file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  isFile: (file) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false,
  stamp: (file) => {
    const stat = statSync(file, { throwIfNoEntry: false, bigint: true });
    return stat?.isFile() ? `${stat.mtimeNs}:${stat.ctimeNs}:${stat.size}:${stat.ino}` : undefined;
  },
};

/** What a linted file's analysis brings to a request: how to analyse a module the way it is analysed itself. */
export interface ModuleRequester {
  /** Partitions the cache: summaries computed under other settings are not reused. */
  readonly settingsKey: string;
  /** Whether a module's own text can matter (the analysis's text gate). */
  readonly mentions: (text: string) => boolean;
  /** Parse, record and summarize a module at nesting `depth` (1: imported by a linted file); undefined when it does not parse. */
  readonly analyse: (file: string, text: string, depth: number) => ModuleSummary | undefined;
  /** The linted file's analysis (a token: a new one starts a new per-file budget). */
  readonly session: object;
  /**
   * Where bare specifiers lead (`@app/transport` through tsconfig `paths`, a workspace package's source), from
   * the linted file's type information; absent without it: only relative specifiers are resolved then. The
   * modules it imports use it too (they share its compiler options): see ModuleSummaries#sessionBare.
   */
  readonly bare?: BareResolution;
}

export interface BareResolution {
  resolve(fromFile: string, specifier: string): string | undefined;
  /** Identifies the compiler options (summaries that followed bare specifiers hold under them only). */
  readonly options: string;
}

export interface ResolvedExport {
  /** The module that defines the function. */
  readonly file: string;
  readonly summary: ExportedFunction;
}

/**
 * A module as read in this session. The text is read on first need: the gate and the summary cache need only
 * the hash and the specifiers, which are kept across sessions for a file whose stamp has not changed.
 */
interface Read {
  readonly hash: string;
  readonly length: number;
  /** Its relative specifiers (`relativeSpecifiersIn`). */
  readonly specifiers: readonly string[];
  /** All its specifiers, bare ones too (`specifiersIn`): followed in sessions that resolve bare specifiers. */
  readonly anySpecifiers: readonly string[];
  text(): string;
}

/** What is kept of a module between sessions (no text: a thousand modules' texts would weigh on memory). */
interface ReadFacts {
  readonly stamp: string;
  readonly hash: string;
  readonly length: number;
  readonly specifiers: readonly string[];
  readonly anySpecifiers: readonly string[];
}

interface Entry {
  readonly hash: string;
  readonly summary: ModuleSummary | undefined;
  /** The other modules read while summarizing this one, with their hashes then. */
  readonly deps: ReadonlyMap<string, string>;
}

interface Frame {
  truncated: boolean;
  /** Something it imports was not followed because of the depth bound: the summary holds at this depth only. */
  depthLimited: boolean;
  readonly deps: Map<string, string>;
}

/** Relative `import ... from './x'`, `export ... from '../x'`, `require('./x')`, `import('./x')`. */
const relativeSpecifier = /(?:\bfrom|\bimport|\brequire\s*\()\s*\(?\s*(['"])(\.\.?\/[^'"\n]*)\1/g;

/** Any `import ... from 'x'`, `export ... from 'x'`, `require('x')`, `import('x')`. */
const anySpecifier = /(?:\bfrom|\bimport|\brequire\s*\()\s*\(?\s*(['"])([^'"\n]+)\1/g;

/** The relative specifiers a file's text names (a cheap over-approximation of its relative imports). */
export function relativeSpecifiersIn(text: string): string[] {
  if (!text.includes('./')) return [];
  return [...text.matchAll(relativeSpecifier)].map((match) => match[2]!);
}

/** Every specifier a file's text names, bare ones too (for a file whose type information resolves them). */
export function specifiersIn(text: string): string[] {
  return [...text.matchAll(anySpecifier)].map((match) => match[2]!);
}

export class ModuleSummaries {
  private readonly cache = new Map<string, Entry>();
  private readonly mentionsByContent = new Map<string, boolean>();
  /** Per file: its stamp then and what was read (hash, length, specifiers); at most `maxCached * 4`, oldest first out. */
  private readonly factsByFile = new Map<string, ReadFacts>();
  private session: object | undefined;
  private sessionEntries = new Map<string, Entry>();
  private sessionReads = new Map<string, Read | null>();
  private sessionGate = new Map<string, true>();
  private sessionResolved = new Map<string, string | undefined>();
  private analyses = 0;
  private readonly active = new Set<string>();
  /** The file ESLint is linting (depth 0) in this session. */
  private lintedFile: string | undefined;
  private readonly frames: Frame[] = [];

  private readonly isFile: (file: string) => boolean;
  /** The session's resolution of bare specifiers: the linted file's (ModuleRequester#bare), for every module it reaches. */
  sessionBare: BareResolution | undefined;

  constructor(private readonly files: ModuleFiles = diskFiles) {
    this.isFile = (file) => files.isFile(file);
  }

  /**
   * Whether a file at `depth` has a relative import that leads, within a few
   * hops, to a module whose text `mentions` (the gate: a file that imports
   * nothing local, or nothing that can matter, is not analysed for imports).
   */
  importsMention(requester: ModuleRequester, fromFile: string, text: string, depth: number): boolean {
    this.enter(requester, depth);
    const specifiers = this.sessionBare ? specifiersIn(text) : relativeSpecifiersIn(text);
    if (specifiers.length === 0) return false;
    if (depth >= maxDepth) {
      for (const frame of this.frames) frame.depthLimited = true;
      return false;
    }
    return this.reaches(requester, fromFile, specifiers, new Set([fromFile]), 1);
  }

  /**
   * Whether a module asked for can matter: it mentions what `requester` looks for, or has relative imports
   * (its own analysis then asks for what it calls, gated the same way).
   */
  private canMatter(requester: ModuleRequester, read: Read, anyText: boolean): boolean {
    if (read.length > maxModuleLength) return false;
    return anyText || this.mentions(requester, read) || this.specifiersOf(read).length > 0;
  }

  /** The specifiers of a module that this session follows: relative ones, and bare ones when it resolves them. */
  private specifiersOf(read: Read): readonly string[] {
    return this.sessionBare ? read.anySpecifiers : read.specifiers;
  }

  /** Whether a module's own text mentions what `requester` looks for (once per content and settings). */
  private mentions(requester: ModuleRequester, read: Read): boolean {
    const key = `${requester.settingsKey}\0${read.hash}`;
    let mentions = this.mentionsByContent.get(key);
    if (mentions === undefined) {
      mentions = requester.mentions(read.text());
      this.mentionsByContent.set(key, mentions);
      if (this.mentionsByContent.size > maxCached * 4) this.mentionsByContent.delete(this.mentionsByContent.keys().next().value!);
    }
    return mentions;
  }

  private reaches(requester: ModuleRequester, from: string, specifiers: readonly string[], visited: Set<string>, hops: number): boolean {
    for (const specifier of specifiers) {
      const file = this.resolve(from, specifier);
      if (file === undefined || visited.has(file)) continue;
      // A file importing half its package: past this many modules, assume one of them matters.
      if (visited.size >= maxGateFiles) return true;
      visited.add(file);
      // Only "yes" is remembered: a "no" found with part of a cycle cut off may not hold from elsewhere.
      // Per question (the requester's key): a module that names transfers says nothing of locks.
      const gateKey = `${requester.settingsKey}\0${file}`;
      if (this.sessionGate.get(gateKey)) return true;
      const read = this.read(file);
      if (!read) continue;
      if (this.mentions(requester, read) || (hops < maxGateHops && this.reaches(requester, file, this.specifiersOf(read), visited, hops + 1))) {
        this.sessionGate.set(gateKey, true);
        return true;
      }
    }
    return false;
  }

  /**
   * The function `name` that `specifier`, written in `fromFile` (analysed at
   * `depth`), exports, following re-exports (`export { a as b } from`,
   * `export * from`) to the module that defines it. With `anyText`, modules
   * whose text mentions nothing of the model are analysed too (what a
   * function does to a port passed to it needs no API of its own: `port.close()`).
   */
  exportedFunction(requester: ModuleRequester, fromFile: string, depth: number, specifier: string, name: string, anyText = false): ResolvedExport | undefined {
    if (depth >= maxDepth) {
      for (const frame of this.frames) frame.depthLimited = true;
      return undefined;
    }
    this.enter(requester, depth);
    if (depth === 0) this.lintedFile = fromFile;
    const added = !this.active.has(fromFile);
    if (added) this.active.add(fromFile);
    try {
      return this.follow(requester, fromFile, depth + 1, specifier, name, 0, new Set(), anyText);
    } finally {
      if (added) this.active.delete(fromFile);
    }
  }

  /**
   * Where the binding `name` that `specifier`, written in `fromFile`, exports is defined: the module that
   * declares it, through `export { dbLock } from './db-lock'` and `import { dbLock } from './db-lock'; export {
   * dbLock }` (not through `export *`: a summary lists the functions a module exports, not its other values).
   * Undefined when the specifier leads to no local module. Used for the identity of an imported lock.
   */
  exportOrigin(requester: ModuleRequester, fromFile: string, depth: number, specifier: string, name: string): { file: string; name: string } | undefined {
    this.enter(requester, depth);
    const resolved = this.resolve(fromFile, specifier);
    if (resolved === undefined) return undefined;
    let file: string = resolved;
    let exported = name;
    if (depth === 0) this.lintedFile = fromFile;
    const added = !this.active.has(fromFile);
    if (added) this.active.add(fromFile);
    try {
      // Within the depth bound, as for functions; a module being analysed further up (a cycle) ends the walk.
      for (let hops = 0; hops < maxReexportHops && depth < maxDepth; hops++) {
        const summary = this.summaryOf(requester, file, depth + 1, false);
        const next = summary && Object.hasOwn(summary.reexports, exported) ? summary.reexports[exported]! : undefined;
        const nextFile: string | undefined = next && this.resolve(file, next.specifier);
        if (!next || nextFile === undefined) break;
        file = nextFile;
        exported = next.name;
      }
    } finally {
      if (added) this.active.delete(fromFile);
    }
    return { file, name: exported };
  }

  private follow(
    requester: ModuleRequester,
    fromFile: string,
    depth: number,
    specifier: string,
    name: string,
    hops: number,
    visited: Set<string>,
    anyText: boolean,
  ): ResolvedExport | undefined {
    const file = this.resolve(fromFile, specifier);
    if (file === undefined) return undefined;
    const key = `${file}\0${name}`;
    if (visited.has(key)) return undefined; // `export * from './a'` in both a and b
    visited.add(key);
    const summary = this.summaryOf(requester, file, depth, anyText);
    if (!summary) return undefined;
    if (Object.hasOwn(summary.functions, name)) return { file, summary: summary.functions[name]! };
    if (hops >= maxReexportHops) return undefined;
    // `Pool#run` re-exported as its class: `export { Pool as WorkerPool } from './pool'` passes on WorkerPool#run.
    const [exported, method] = splitMethod(name);
    if (Object.hasOwn(summary.reexports, exported)) {
      const next = summary.reexports[exported]!;
      return this.follow(requester, file, depth, next.specifier, method === undefined ? next.name : `${next.name}#${method}`, hops + 1, visited, anyText);
    }
    if (exported === 'default' || exported === '*') return undefined; // `export *` passes on neither
    for (const star of summary.stars) {
      const found = this.follow(requester, file, depth, star, name, hops + 1, visited, anyText);
      if (found) return found;
    }
    return undefined;
  }

  /** A module's summary at `depth`, from the cache when its text (and what its summary read) is unchanged. */
  private summaryOf(requester: ModuleRequester, file: string, depth: number, anyText: boolean): ModuleSummary | undefined {
    const read = this.read(file);
    if (!read) return undefined;
    for (const frame of this.frames) frame.deps.set(file, read.hash);
    if (this.active.has(file)) {
      // A cycle: the module is being analysed further up. Back into the linted file, the summaries on the way
      // hold for this linted file only; within the imported modules, they are kept (cycles are common in large
      // packages, and analysing them again for every importer would cost more than the cut-off calls are worth).
      if (file === this.lintedFile) this.truncate();
      return undefined;
    }
    // A summary that followed everything it imports holds at any depth; one cut by the depth bound, at its depth only.
    const anyDepth = `${requester.settingsKey}\0${file}`;
    const atDepth = `${requester.settingsKey}\0${file}\0${depth}`;
    const key = this.sessionEntries.has(anyDepth) || this.cache.has(anyDepth) ? anyDepth : atDepth;
    const cached = this.sessionEntries.get(key) ?? this.cache.get(key);
    if (cached && cached.hash === read.hash && this.depsUnchanged(cached)) {
      for (const frame of this.frames) {
        for (const [dep, hash] of cached.deps) frame.deps.set(dep, hash);
        if (key === atDepth) frame.depthLimited = true;
      }
      if (this.cache.get(key) === cached) {
        // Most recently used last: the oldest entries are dropped first.
        this.cache.delete(key);
        this.cache.set(key, cached);
      }
      return cached.summary;
    }
    // A module that neither mentions nor imports anything that can matter summarizes to nothing: not parsed.
    if (!this.canMatter(requester, read, anyText)) return undefined;
    if (this.analyses >= maxAnalysesPerFile) {
      this.truncate();
      return undefined;
    }
    this.analyses += 1;
    const frame: Frame = { truncated: false, depthLimited: false, deps: new Map() };
    this.frames.push(frame);
    this.active.add(file);
    let summary: ModuleSummary | undefined;
    try {
      summary = requester.analyse(file, read.text(), depth);
    } finally {
      this.active.delete(file);
      this.frames.pop();
    }
    const entry: Entry = { hash: read.hash, summary, deps: frame.deps };
    for (const outer of this.frames) {
      for (const [dep, hash] of frame.deps) outer.deps.set(dep, hash);
      if (frame.depthLimited) outer.depthLimited = true;
    }
    const storeAs = frame.depthLimited ? atDepth : anyDepth;
    if (frame.truncated) {
      this.sessionEntries.set(storeAs, entry);
    } else {
      this.cache.delete(storeAs);
      this.cache.set(storeAs, entry);
      if (this.cache.size > maxCached) this.cache.delete(this.cache.keys().next().value!);
    }
    return summary;
  }

  private depsUnchanged(entry: Entry): boolean {
    for (const [dep, hash] of entry.deps) if (this.read(dep)?.hash !== hash) return false;
    return true;
  }

  /** Every summary being computed depends on something cut short. */
  private truncate(): void {
    for (const frame of this.frames) frame.truncated = true;
  }

  /** A linted file (depth 0) starts a new session: a new budget, fresh stamps of the files. */
  private enter(requester: ModuleRequester, depth: number): void {
    if (depth !== 0 || this.session === requester.session) return;
    this.session = requester.session;
    this.sessionBare = requester.bare;
    this.sessionEntries = new Map();
    this.sessionReads = new Map();
    this.sessionGate = new Map();
    this.sessionResolved = new Map();
    this.analyses = 0;
  }

  /** Where a specifier leads, resolved once per directory and session (the file system does not change under a linted file). */
  private resolve(fromFile: string, specifier: string): string | undefined {
    const key = `${path.dirname(fromFile)}\0${specifier}`;
    if (this.sessionResolved.has(key)) return this.sessionResolved.get(key);
    const file = isRelativeSpecifier(specifier) ? resolveRelativeSpecifier(fromFile, specifier, this.isFile) : this.sessionBare?.resolve(fromFile, specifier);
    this.sessionResolved.set(key, file);
    return file;
  }

  /**
   * A module's hash and specifiers, once per session: from the facts kept for it when its stamp is unchanged
   * (a stat instead of reading and hashing the file: the import gate of every linted file walks up to
   * `maxGateFiles` modules), read and hashed otherwise.
   */
  private read(file: string): Read | undefined {
    let read = this.sessionReads.get(file);
    if (read === undefined) {
      read = this.readAgain(file) ?? null;
      this.sessionReads.set(file, read);
    }
    return read ?? undefined;
  }

  private readAgain(file: string): Read | undefined {
    const stamp = this.files.stamp?.(file);
    const known = stamp === undefined ? undefined : this.factsByFile.get(file);
    if (known && known.stamp === stamp) {
      let text: string | undefined;
      // Read when an analysis needs the text; a file changed since its stamp is read as it is now, hash and all.
      const { hash, length, specifiers, anySpecifiers } = known;
      return { hash, length, specifiers, anySpecifiers, text: () => (text ??= this.files.readFile(file) ?? '') };
    }
    const text = this.files.readFile(file);
    if (text === undefined) return undefined;
    const facts: ReadFacts = {
      stamp: stamp ?? '',
      hash: createHash('sha1').update(text).digest('hex'),
      length: text.length,
      specifiers: relativeSpecifiersIn(text),
      anySpecifiers: specifiersIn(text),
    };
    if (stamp !== undefined) {
      this.factsByFile.delete(file);
      this.factsByFile.set(file, facts);
      if (this.factsByFile.size > maxCached * 4) this.factsByFile.delete(this.factsByFile.keys().next().value!);
    }
    return { ...facts, text: () => text };
  }
}

/** A path as an importing file's messages show it: relative to the file's directory, with forward slashes. */
/** `Pool#run` -> ['Pool', 'run']; `ship` -> ['ship', undefined]. */
function splitMethod(name: string): [exported: string, method: string | undefined] {
  const hash = name.indexOf('#');
  return hash === -1 ? [name, undefined] : [name.slice(0, hash), name.slice(hash + 1)];
}

export function displayPath(fromFile: string, file: string): string {
  return path.relative(path.dirname(fromFile), file).split(path.sep).join('/');
}
