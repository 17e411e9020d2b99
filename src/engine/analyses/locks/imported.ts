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
import type { LockRef } from '../../classify/lock-effects';
import { isShareable, type Acquisition } from '../../classify/lock-effects';
import type { ImportedFunctions, LockAcquire } from '../../facts/modules/summary';
import type { FunctionLockSummary, LockAcquired } from './findings';

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
 * `export const dbLock = new Mutex()`, `export { m as dbLock }`, `export default journal`: module-level bindings
 * by the name they are exported as (the first, for a binding exported twice).
 */
export function exportedBindings(program: TSESTree.Program): Map<string, string> {
  const names = new Map<string, string>();
  for (const statement of program.body) {
    if (statement.type === 'ExportDefaultDeclaration' && statement.declaration.type === 'Identifier') {
      if (!names.has(statement.declaration.name)) names.set(statement.declaration.name, 'default');
      continue;
    }
    if (statement.type !== 'ExportNamedDeclaration' || statement.source || statement.exportKind === 'type') continue;
    const declaration = statement.declaration;
    if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === 'Identifier' && !names.has(declarator.id.name)) names.set(declarator.id.name, declarator.id.name);
      }
    }
    for (const specifier of statement.specifiers) {
      if (specifier.local.type !== 'Identifier' || names.has(specifier.local.name)) continue;
      names.set(specifier.local.name, specifier.exported.type === 'Identifier' ? specifier.exported.name : String(specifier.exported.value));
    }
  }
  return names;
}

/**
 * What an exported function's summary tells importers: the locks it may acquire that have an identity across
 * files, each where it is written (in this file, or in the module of the imported function it calls).
 */
export function exportedLockAcquires(summary: FunctionLockSummary, file: string, idOf: (lock: LockRef) => string | undefined): LockAcquire[] {
  const acquires: LockAcquire[] = [];
  for (const acquired of summary.acquires.values()) {
    const id = idOf(acquired.lock);
    if (id === undefined) continue;
    const { display, kindLabel, reentrant, blocksThread } = acquired.lock;
    const at = acquired.at ?? { file, line: acquired.node.loc.start.line };
    acquires.push({ id, display, kindLabel, reentrant, blocksThread, shared: acquired.shared, file: at.file, line: at.line });
  }
  return acquires;
}

/** The locks imported functions acquire, per call, as one linted file's lock analysis holds them. */
export class ImportedLocks {
  private readonly byCall = new Map<TSESTree.CallExpression, readonly LockAcquired[]>();
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
          at: { file: acquire.file, line: acquire.line, where: `${acquire.where}:${acquire.line}` },
        }));
      }
      this.byCall.set(call, found);
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

const noAcquires: readonly LockAcquired[] = [];
