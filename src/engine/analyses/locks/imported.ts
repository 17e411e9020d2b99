/**
 * Locks across modules: the identity a lock has in every file (LockAcquire#id in facts/modules/summary.ts), and
 * the lock an importing file's analysis sees when an imported function acquires one.
 *
 *   // db-lock.ts
 *   export const dbLock = new Mutex();                                  // '/abs/db-lock.ts#dbLock'
 *   export function withDb(fn) { return dbLock.runExclusive(fn); }
 *   // main.ts
 *   import { dbLock as db, withDb } from './db-lock';                    // `db` is '/abs/db-lock.ts#dbLock' too
 *   cacheLock.runExclusive(() => withDb(work));                          // cacheLock -> db, through withDb
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isShareable, type Acquisition, type LockRef } from '../../classify/lock-effects';
import { skipWrappers, type FunctionNode } from '../../facts/ast';
import type { Resolver } from '../../facts/resolve';
import type { ImportedFunctions, ImportedLockAcquire, LockAcquire, LockCallback } from '../../facts/modules/summary';
import type { LockAcquired, LockAnalysis } from './findings';

export { importedFunctionName, type ImportedFunctionName } from './imported-callee';

/** The key prefix of a lock known only through an imported function (the importing file does not name it). */
const importedKeyPrefix = 'imported:';

/** What identifying a lock needs to know of the file it is seen in. */
export interface LockIdentityContext {
  /** The file's absolute path. */
  readonly file: string;
  /** The name the file exports a module-level binding by (`export const dbLock`, `export { m as dbLock }`), if it does. */
  exportedName(binding: string): string | undefined;
  /** The module and exported name an import leads to (`./db-lock`, `dbLock`), following re-exports; undefined for a module not found. */
  origin(specifier: string, name: string): { readonly file: string; readonly name: string } | undefined;
}

/** The identity of a lock in every file, or undefined for a lock local to one function (it cannot meet another file). */
export function lockIdentity(lock: LockRef, context: LockIdentityContext): string | undefined {
  switch (lock.scope) {
    case 'weblock':
      return `weblock:${lock.origin?.name ?? lock.display}`;
    case 'field':
      return `${context.file}#${lock.origin?.name ?? lock.display}`;
    case 'module': {
      // `dbLock`, or `locks.db` (a lock in a property of a module-level object): the root binding is what is exported.
      const name = lock.origin?.name ?? lock.display;
      const dot = name.indexOf('.');
      const root = dot === -1 ? name : name.slice(0, dot);
      const exported = context.exportedName(root);
      return exported === undefined ? `${context.file}#local:${name}` : `${context.file}#${exported}${dot === -1 ? '' : name.slice(dot)}`;
    }
    case 'import': {
      if (lock.key.startsWith(importedKeyPrefix)) return lock.key.slice(importedKeyPrefix.length);
      const module = lock.origin?.module;
      if (module === undefined || lock.origin === undefined) return undefined;
      // `import * as db from './db-lock'; db.dbLock`: the namespace's member is the module's export.
      const name = lock.origin.name.replace(/^\*\./, '');
      const dot = name.indexOf('.');
      const origin = context.origin(module, dot === -1 ? name : name.slice(0, dot));
      return origin && `${origin.file}#${origin.name}${dot === -1 ? '' : name.slice(dot)}`;
    }
    default:
      return undefined;
  }
}

/**
 * The lock an imported function acquires, as the importing file's analysis holds it: the file's own lock of the
 * same identity when it acquires one itself (`import { dbLock } from './db-lock'; dbLock.runExclusive(...)`),
 * a Web Lock by its name, otherwise a lock the file knows only through the function.
 */
export function importedLockRef(acquire: LockAcquire, own: ReadonlyMap<string, LockRef>): LockRef {
  const known = own.get(acquire.id);
  if (known) return known;
  const traits = { reentrant: acquire.reentrant, blocksThread: acquire.blocksThread, kindLabel: acquire.kindLabel };
  if (acquire.id.startsWith('weblock:')) {
    const name = acquire.id.slice('weblock:'.length);
    return { ...traits, key: acquire.id, display: name, scope: 'weblock', origin: { name } };
  }
  // No `origin`: the project-wide graph (`globalLockId`) leaves it out, it follows modules its own way.
  return { ...traits, key: `${importedKeyPrefix}${acquire.id}`, display: acquire.display, scope: 'import' };
}

/**
 * What an exported function's summary tells importers: the locks it may acquire and the parameters it runs
 * holding locks, those locks that have an identity across files, each where it is written (in this file, or in
 * the module of the imported function it calls).
 */
export function exportedLocks(
  analysis: Pick<LockAnalysis, 'summaryOf' | 'parameterRuns'>,
  fn: FunctionNode,
  file: string,
  idOf: (lock: LockRef) => string | undefined,
): { acquires: LockAcquire[]; callbacks: LockCallback[] } {
  const acquisitionsOf = (acquired: Iterable<LockAcquired>): LockAcquire[] => {
    const acquires: LockAcquire[] = [];
    for (const { lock, node, shared, at } of acquired) {
      const id = idOf(lock);
      if (id === undefined) continue;
      const { display, kindLabel, reentrant, blocksThread } = lock;
      const where = at ?? { file, line: node.loc.start.line };
      acquires.push({ id, display, kindLabel, reentrant, blocksThread, shared, file: where.file, line: where.line });
    }
    return acquires;
  };
  // The summary first: computing it finds the parameters the function runs holding locks.
  const acquires = acquisitionsOf(analysis.summaryOf(fn).acquires.values());
  const callbacks = analysis
    .parameterRuns(fn)
    .map(({ param, locks }) => ({ param, locks: acquisitionsOf(locks) }))
    .filter((run) => run.locks.length > 0);
  return { acquires, callbacks };
}

/** The locks imported functions acquire, per call, as one linted file's lock analysis holds them. */
export class ImportedLocks {
  private readonly byCall = new Map<TSESTree.CallExpression, readonly LockAcquired[]>();
  private readonly callbacksByCall = new Map<TSESTree.CallExpression, readonly ImportedRun[]>();
  private readonly entered = new Map<TSESTree.Node, readonly Acquisition[]>();
  /** The file's own shareable locks by identity (built on the first imported function that acquires a lock). */
  private ownById: Map<string, LockRef> | undefined;

  /** `imports` is undefined in a file without local imports: then nothing is asked, per call or otherwise. */
  constructor(
    private readonly imports: ImportedFunctions | undefined,
    private readonly acquisitions: () => readonly Acquisition[],
  ) {}

  /**
   * The locks the imported function a call invokes may acquire (`withDb(work)`, `db.withDb(work)`), as this
   * file's locks: its own lock of the same identity when it has one (`import { dbLock } from './db-lock'`);
   * `node` is the call, `at` where the module acquires it.
   */
  at(call: TSESTree.CallExpression): readonly LockAcquired[] {
    const imports = this.imports;
    if (!imports) return noAcquires;
    let found = this.byCall.get(call);
    if (!found) {
      const acquires = imports.lockAcquiresOf(call);
      found = noAcquires;
      if (acquires && acquires.length > 0) {
        const own = this.ownLocks(imports);
        found = acquires.map((acquire) => ({
          lock: importedLockRef(acquire, own),
          node: call,
          shared: acquire.shared,
          at: atOf(acquire),
        }));
      }
      this.byCall.set(call, found);
    }
    return found;
  }

  /** The arguments the imported function a call invokes runs holding locks (`withDb(async () => ...)`: argument 0 holding dbLock). */
  callbacksAt(call: TSESTree.CallExpression): readonly ImportedRun[] {
    const imports = this.imports;
    if (!imports) return noRuns;
    let found = this.callbacksByCall.get(call);
    if (!found) {
      const callbacks = imports.lockCallbacksOf(call);
      found = noRuns;
      if (callbacks && callbacks.length > 0) {
        const own = this.ownLocks(imports);
        found = callbacks.map(({ param, locks }) => ({
          param,
          locks: locks.map((acquire) => ({ lock: importedLockRef(acquire, own), node: call, shared: acquire.shared, at: atOf(acquire) })),
        }));
      }
      this.callbacksByCall.set(call, found);
    }
    return found;
  }

  /**
   * The locks a function passed to an imported function starts with, held by that function around it:
   * `withDb(async () => cache.runExclusive(...))` runs the arrow holding dbLock. Each is an acquisition at the
   * call (its line is where the lock is held from, in messages), scoped to the callback like `runExclusive`'s.
   */
  callbackAcquisitions(fn: TSESTree.Node): readonly Acquisition[] {
    const call = fn.parent;
    if (!this.imports || call?.type !== 'CallExpression') return noAcquisitions;
    let found = this.entered.get(fn);
    if (!found) {
      const index = call.arguments.indexOf(fn as TSESTree.CallExpressionArgument);
      const locks = index === -1 ? [] : this.callbacksAt(call).flatMap((run) => (run.param === index ? run.locks : []));
      found = locks.map(({ lock, shared }): Acquisition => ({
        node: call,
        lock,
        form: 'scoped',
        waits: true,
        shared,
        callback: fn,
        completes: call,
        returns: 'nothing',
        discarded: false,
        floats: false,
        handedOn: false,
      }));
      this.entered.set(fn, found);
    }
    return found;
  }

  private ownLocks(imports: ImportedFunctions): ReadonlyMap<string, LockRef> {
    if (!this.ownById) {
      this.ownById = new Map();
      for (const acquisition of this.acquisitions()) {
        if (!isShareable(acquisition.lock)) continue;
        const id = imports.lockIdOf(acquisition.lock);
        if (id !== undefined && !this.ownById.has(id)) this.ownById.set(id, acquisition.lock);
      }
    }
    return this.ownById;
  }
}

/**
 * Per function, the parameters it runs while holding locks, for its module summary:
 *
 *   export function withDb(fn) { return dbLock.runExclusive(fn); }              // fn: dbLock
 *   export function both(fn) { return a.runExclusive(() => b.runExclusive(fn)); }  // fn: a, b
 *   export function viaDb(fn) { return withDb(fn); }                               // fn: what withDb holds
 *   export async function held(fn) { const release = await m.acquire(); try { return await fn(); } finally { release(); } }
 */
export class ParameterRuns {
  private readonly runs = new Map<FunctionNode, Map<number, Map<string, LockAcquired>>>();

  constructor(private readonly resolver: Resolver) {}

  /** `argument` run (or handed to a lock or a function that runs it) holding `locks`; nothing unless it is a parameter. */
  note(argument: TSESTree.Node, locks: readonly LockAcquired[]): void {
    if (locks.length === 0) return;
    const node = skipWrappers(argument);
    const variable = node.type === 'Identifier' ? this.resolver.variableOf(node) : undefined;
    const definition = variable && this.resolver.singleDefinition(variable);
    if (definition?.kind !== 'parameter') return;
    let byParam = this.runs.get(definition.node);
    if (!byParam) this.runs.set(definition.node, (byParam = new Map()));
    let held = byParam.get(definition.index);
    if (!held) byParam.set(definition.index, (held = new Map()));
    for (const acquired of locks) if (!held.has(acquired.lock.key)) held.set(acquired.lock.key, acquired);
  }

  of(fn: FunctionNode): Array<{ param: number; locks: LockAcquired[] }> {
    return [...(this.runs.get(fn) ?? [])].map(([param, locks]) => ({ param, locks: [...locks.values()] }));
  }
}

/** An argument an imported function runs holding locks, as this file's locks. */
export interface ImportedRun {
  readonly param: number;
  readonly locks: readonly LockAcquired[];
}

/** Where an imported function's module acquires a lock: `db-lock.ts:7` in messages. */
function atOf(acquire: ImportedLockAcquire): NonNullable<LockAcquired['at']> {
  return { file: acquire.file, line: acquire.line, where: `${acquire.where}:${acquire.line}` };
}

const noAcquires: readonly LockAcquired[] = [];
const noRuns: readonly ImportedRun[] = [];
const noAcquisitions: readonly Acquisition[] = [];
