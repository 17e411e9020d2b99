/**
 * What one module tells its importers, as plain data (no AST node of the
 * module survives its analysis): for every exported function, what it does
 * to its parameters, plus where the module's re-exports lead.
 *
 *   // transport.ts
 *   export function ship(buf) { worker.postMessage({ buf }, [buf]); }
 *   export { ship as send };
 *   export * from './pool';
 *
 * summarizes as `{ functions: { ship: { transfers: [{ param: 0, definite:
 * true, label: 'worker.postMessage', file: '/abs/transport.ts', line: 2 }] },
 * send: {...} }, reexports: {}, stars: ['./pool'] }`. Each analysis that
 * follows imported functions adds its own field to `ExportedFunction`
 * (computed by that analysis on the module, in FileAnalysis#moduleSummary):
 * ownership's parameter transfers, sendability's parameter sends, the
 * channel effects on parameters, the blocking waits a call runs, the locks it acquires, the racy accesses to
 * shared memory passed in.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { LockRef } from '../../classify/lock-effects';

/** A parameter the function leaves moved when it returns, with the transfer that moved it (possibly in a module it imports). */
export interface ParamTransfer {
  readonly param: number;
  /** True when every path through the function moves it. */
  readonly definite: boolean;
  /** The transferring call, as messages name it: `worker.postMessage`. */
  readonly label: string;
  /** The absolute path of the file where the transfer is written. */
  readonly file: string;
  readonly line: number;
}

/**
 * A send whose payload is a parameter (or what calling it returns), and
 * whose crossing to another thread the function decides or leaves to its
 * caller's receiver argument:
 *
 *   export function notify(body) { worker.postMessage(body); }       // crosses: `receiver` undefined
 *   export function forward(port, body) { port.postMessage(body); }  // crosses when argument 0 is an endpoint
 *   export function check(make) { structuredClone(make()); }         // mode 'result'
 */
export interface ParamSend {
  readonly param: number;
  readonly mode: 'value' | 'result';
  /** How messages name the payload inside the function: `body`, `make()`. */
  readonly root: string;
  /** The sending call, as messages name it: `worker.postMessage`. */
  readonly label: string;
  /** The function's own name (`notify`), as messages name the helper. */
  readonly helper: string;
  /** True when the send lists nothing to transfer where the platform takes a list (`postMessage(body)`). */
  readonly listsNothing: boolean;
  /** The parameter the send takes its transfer list from (`post(body, list) { worker.postMessage(body, list) }`): the caller's argument tells. */
  readonly transferParam?: number;
  /** The parameter that is the send's receiver, when the caller decides whether it crosses, and what it must be. */
  readonly receiver?: { readonly param: number; readonly platform: boolean; readonly createdBy: readonly string[] };
  readonly file: string;
  readonly line: number;
}

/**
 * What a function does to an endpoint (a port, a channel, a worker, a stream
 * reader) its caller passes as parameter `param`, in terms the caller's
 * channel model interprets (it knows the endpoint's kind; the module does not):
 *
 *   export function retire(port) { port.postMessage('bye'); port.close(); }   // methods: ['postMessage', 'close']
 *   export function adopt(port) { registry.push(port); }                      // handsOff: true
 */
export interface ParamChannelEffect {
  readonly param: number;
  /** The methods it calls on the parameter itself (`port.close()`), outside nested functions. */
  readonly methods: readonly string[];
  /** It hands the parameter off on some path: transfers it, stores it where it outlives the call, returns it. */
  readonly handsOff: boolean;
}

/**
 * A blocking wait that calling the function runs on the caller's thread, in its own body or in functions it calls
 * (of its module or of modules it imports), outside branches that test which thread they are on:
 *
 *   export function sleep(ms) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); }
 */
export interface FunctionWait {
  /** The waiting call, as messages name it: `Atomics.wait`. */
  readonly label: string;
  /** The call that waits without blocking: `Atomics.waitAsync`. */
  readonly asyncAlternative: string;
  /** The absolute path of the file where the wait is written. */
  readonly file: string;
  readonly line: number;
}

/**
 * A lock an exported function may acquire (blocking), directly or through the calls it makes, imported ones
 * included, by an identity that holds in every file:
 *
 *   // db-lock.ts
 *   export const dbLock = new Mutex();
 *   export function withDb(fn) { return dbLock.runExclusive(fn); }   // id '/abs/db-lock.ts#dbLock'
 *   export function audit(fn) { return navigator.locks.request('ledger', fn); }   // id 'weblock:ledger'
 *
 * Ids (see LockIdentity in imported-modules.ts): `weblock:<name>`; `<abs file>#<exported name>` for a lock a
 * module exports (an importer's `import { dbLock as db } from './db-lock'` has the same id); `<abs
 * file>#local:<binding>` for a module-level lock it keeps to itself; `<abs file>#<Class>.<field>` for a field.
 * Locks local to one function (a parameter, a local) cannot meet another file: left out.
 */
export interface LockAcquire {
  readonly id: string;
  /** How the module names it: `dbLock`, `ledger` (a Web Lock's name), `this.accounts`. */
  readonly display: string;
  /** `Mutex`, `Web Lock`: what messages call its kind. */
  readonly kindLabel: string;
  readonly reentrant: boolean;
  readonly blocksThread: boolean;
  /** A shared (read) acquisition: two shared holders do not exclude each other. */
  readonly shared: boolean;
  /** The absolute path of the file where the acquisition is written (possibly a module the function imports). */
  readonly file: string;
  readonly line: number;
}

/**
 * A parameter the function runs while holding locks (the lock's callback, or handed to another function that
 * runs it so):
 *
 *   export function withDb(fn) { return dbLock.runExclusive(fn); }   // { param: 0, locks: [dbLock] }
 */
export interface LockCallback {
  readonly param: number;
  readonly locks: readonly LockAcquire[];
}

/** A racy access, in the shared-memory analysis's terms (its AccessKind, as plain data). */
export type SharedAccessKind =
  | { readonly kind: 'update'; readonly operator: string }
  | { readonly kind: 'write' }
  | { readonly kind: 'bulkWrite'; readonly method: string }
  | { readonly kind: 'spinRead' };

/**
 * A plain, unsynchronized access the function makes to memory its caller passes as parameter `param` (or reaches
 * at `path` under it). Whether that memory is shared is the caller's to say (the module does not know):
 *
 *   export function bump(counts, i) { counts[i]++; }          // { param: 0, path: [], access: { kind: 'update', operator: '++' } }
 *   export function clear(state) { state.flags.fill(0); }     // { param: 0, path: ['flags'], access: { kind: 'bulkWrite', method: 'fill' } }
 *   export function bumpAll(counts) { bump(counts, 0); }      // bump's access, `through: 'bump'`
 *
 * Accesses the analysis does not count as racy are not listed: through `Atomics`, while a lock is held, in a
 * function that runs its own Atomics protocol, plain writes published afterwards by an Atomics write, plain reads
 * that no loop spins on.
 */
export interface ParamSharedAccess {
  readonly param: number;
  readonly path: readonly string[];
  readonly access: SharedAccessKind;
  /** The memory as the accessing function writes it: `counts`, `state.flags`. */
  readonly name: string;
  /** The function that makes the access, when the exported function reaches it through a call (`bump`). */
  readonly through?: string;
  /** The absolute path of the file where the access is written. */
  readonly file: string;
  readonly line: number;
}

/** What one exported function does, per analysis. */
export interface ExportedFunction {
  /** Ownership: the parameters it leaves transferred. */
  readonly transfers: readonly ParamTransfer[];
  /** Sendability: the parameters it sends (cloned) to another thread. */
  readonly sends?: readonly ParamSend[];
  /** Channels: what it does to the parameters it is given. */
  readonly channels?: readonly ParamChannelEffect[];
  /** Blocking: the waits a call of it runs on the caller's thread. */
  readonly waits?: readonly FunctionWait[];
  /** Locks: the locks it may acquire. */
  readonly locks?: readonly LockAcquire[];
  /** Locks: the parameters it runs while holding locks. */
  readonly lockCallbacks?: readonly LockCallback[];
  /** Shared memory: the racy accesses it makes to memory passed to it. */
  readonly sharedAccesses?: readonly ParamSharedAccess[];
}

export interface ModuleSummary {
  /** Exported functions by exported name (`default` for a default export, `*` for `module.exports = fn`). */
  readonly functions: Readonly<Record<string, ExportedFunction>>;
  /** `export { a as b } from './x'` and `import { a } from './x'; export { a as b }`: b -> { specifier: './x', name: 'a' }. */
  readonly reexports: Readonly<Record<string, { readonly specifier: string; readonly name: string }>>;
  /** `export * from './x'` specifiers, in source order. */
  readonly stars: readonly string[];
}

export const emptyModuleSummary: ModuleSummary = { functions: {}, reexports: {}, stars: [] };

/** A transfer made by an imported function, as the importing file's analysis applies it. */
export interface ImportedTransfer extends ParamTransfer {
  /** `file` as the importing file's messages show it: relative to its directory, forward slashes (`transport.ts`, `../lib/pool.ts`). */
  readonly display: string;
}

/** A send made by an imported function, as the importing file's analysis applies it (`display` as for transfers). */
export interface ImportedSend extends ParamSend {
  readonly display: string;
}

/** A wait run by an imported function, as the importing file's analysis applies it (`display` as for transfers). */
export interface ImportedWait extends FunctionWait {
  readonly display: string;
}

/** A lock acquired by an imported function, as the importing file's analysis applies it. */
export interface ImportedLockAcquire extends LockAcquire {
  /** `file` as the importing file's messages show it: `db-lock.ts`. */
  readonly where: string;
}

/** A parameter an imported function runs holding locks, as the importing file's analysis applies it. */
export interface ImportedLockCallback {
  readonly param: number;
  readonly locks: readonly ImportedLockAcquire[];
}

/** A racy access made by an imported function, as the importing file's analysis applies it (`display` as for transfers). */
export interface ImportedSharedAccess extends ParamSharedAccess {
  readonly display: string;
}

/** What the importing file's analyses ask about calls of imported functions. */
export interface ImportedFunctions {
  /** The parameter transfers of the function a call invokes, when it is imported from a local module that was summarized. */
  transfersOf(call: TSESTree.CallExpression): readonly ImportedTransfer[] | undefined;
  /** The parameter sends of the function a call invokes, under the same conditions. */
  sendsOf(call: TSESTree.CallExpression): readonly ImportedSend[] | undefined;
  /**
   * What the function a call invokes does to the endpoints passed to it, when it is imported from a local module
   * (read for this question even if the module mentions nothing of the API model: closing a port needs no import).
   */
  channelEffectsOf(call: TSESTree.CallExpression): readonly ParamChannelEffect[] | undefined;
  /** The blocking waits the function a call invokes runs, when it is imported from a local module that was summarized. */
  waitsOf(call: TSESTree.CallExpression): readonly ImportedWait[] | undefined;
  /** The locks the function a call invokes may acquire, when it is imported from a local module that was summarized. */
  lockAcquiresOf(call: TSESTree.CallExpression): readonly ImportedLockAcquire[] | undefined;
  /** The parameters the function a call invokes runs while holding locks, under the same conditions. */
  lockCallbacksOf(call: TSESTree.CallExpression): readonly ImportedLockCallback[] | undefined;
  /** The identity a lock of this file has in every file (LockAcquire#id), or undefined for one local to a function. */
  lockIdOf(lock: LockRef): string | undefined;
  /**
   * The racy accesses the function a call invokes makes to memory passed to it, when it is imported from a local
   * module (read even if the module mentions nothing of the model: `counts[i]++` needs no API).
   */
  sharedAccessesOf(call: TSESTree.CallExpression): readonly ImportedSharedAccess[] | undefined;
}
