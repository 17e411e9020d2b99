/**
 * Where a file runs, read off the globals it uses: data that the runtime
 * classifier (engine/classify/runtime.ts) interprets. A name counts only
 * when it is unbound (the global itself) and not read behind a `typeof`
 * probe, which is how isomorphic code tests for it.
 */
import type { QualifiedName } from './names';

/**
 * Globals only a browser's main thread has (`document.body`, `window.addEventListener`):
 * there a blocking wait throws TypeError.
 */
export const mainThreadGlobals: ReadonlySet<string> = new Set(['document', 'window']);

/**
 * Names only browser threads have: a page (the main-thread globals above), a
 * dedicated or shared worker (`importScripts(url)`, `location.href`) or a
 * service worker (`clients.claim()`, `skipWaiting()`, `registration.scope`),
 * and the page's `navigator.serviceWorker`. Matched as the qualified name of
 * a call's callee or of a member read, or a prefix of it.
 *
 * A file that uses one runs in a browser, where an endpoint created at
 * module level lives exactly as long as its page or worker: closing it is
 * not expected, and no event loop waits for it to drain.
 */
export const browserThreadNames: readonly QualifiedName[] = [
  'global:location',
  'global:importScripts',
  'global:clients',
  'global:skipWaiting',
  'global:registration',
  'global:navigator.serviceWorker',
];

/**
 * Events only a service worker's global fires: `self.addEventListener('fetch', f)`
 * (or `addEventListener('install', f)` on the unqualified global) is service
 * worker code, a browser thread whose module-level endpoints live as long as it.
 */
export const serviceWorkerEvents: ReadonlySet<string> = new Set([
  'install',
  'activate',
  'fetch',
  'push',
  'sync',
  'periodicsync',
  'notificationclick',
  'notificationclose',
  'backgroundfetchsuccess',
]);

/**
 * Globals only a worker has (`importScripts(url)`, `self instanceof WorkerGlobalScope`).
 * Unlike the names above, a `typeof` probe of one counts too: a file that asks
 * whether it runs in a worker (Emscripten's `ENVIRONMENT_IS_WORKER = typeof
 * importScripts == 'function'`) is built to run in one, whatever else it holds.
 */
export const workerGlobals: ReadonlySet<string> = new Set([
  'importScripts',
  'WorkerGlobalScope',
  'DedicatedWorkerGlobalScope',
  'SharedWorkerGlobalScope',
  'ServiceWorkerGlobalScope',
]);

/** Handlers a worker assigns on its own global: `self.onmessage = f`, `onmessage = f` (not through `window`). */
export const workerGlobalHandlers: ReadonlySet<string> = new Set(['onmessage', 'onmessageerror', 'onconnect']);

/** Node's `worker_threads` exports that only a worker uses, or that tell the threads apart (`isMainThread`). */
export const workerThreadExports: readonly QualifiedName[] = ['worker_threads:parentPort', 'worker_threads:workerData', 'worker_threads:isMainThread'];

/**
 * Module specifiers that show a file runs on Node (or is isomorphic code that
 * does): `node:`-prefixed ones, and Node's built-in module names (taken from
 * `node:module`'s `builtinModules` at run time).
 */
export const nodeModulePrefix = 'node:';
