/**
 * The API model of round trips to another thread: threads started from a
 * script (which script, and where that thread receives what its creator
 * posts), how a file names its own script, and the shapes of code that wait
 * for a reply from an endpoint. Data, not code: the round-trip classifier
 * (engine/classify/round-trips.ts) interprets it.
 *
 * Why it matters for locks: Web Lock names are shared by every thread of an
 * origin, so a lock held while waiting for a reply from a thread whose
 * handler requests the same name before it replies waits forever (Infer's
 * ARBITRARY_CODE_EXECUTION_UNDER_LOCK, SpotBugs' TLW_TWO_LOCK_WAIT).
 */
import type { QualifiedName } from './names';

export interface ScriptThread {
  readonly id: string;
  /** How messages name the thread: "Worker", "SharedWorker". */
  readonly label: string;
  /** The constructors that start it (`new Worker(url)`). */
  readonly create: readonly QualifiedName[];
  /** The argument that names the script the thread runs. */
  readonly scriptArg: number;
  /** The property of the created object that is the creator's endpoint (a SharedWorker's `port`); absent: the object itself. */
  readonly endpoint?: string;
  /**
   * Receivers, by qualified name, whose `message` handlers receive what the creator posts, in the started thread:
   * its global scope (`self.onmessage`, `addEventListener('message', f)`, bare `onmessage = f`), Node's `parentPort`.
   */
  readonly insideReceivers: readonly QualifiedName[];
  /**
   * A SharedWorker receives on the port of each connection: its `message` handlers are registered inside the handler of
   * this event of the global scope, on the event's port (`e.ports[0]`, `e.source`).
   */
  readonly connectEvent?: string;
}

export const builtinScriptThreads: readonly ScriptThread[] = [
  { id: 'worker', label: 'Worker', create: ['global:Worker'], scriptArg: 0, insideReceivers: ['global:globalThis'] },
  {
    id: 'sharedWorker',
    label: 'SharedWorker',
    create: ['global:SharedWorker'],
    scriptArg: 0,
    endpoint: 'port',
    insideReceivers: ['global:globalThis'],
    connectEvent: 'connect',
  },
  { id: 'nodeWorker', label: 'Worker', create: ['worker_threads:Worker'], scriptArg: 0, insideReceivers: ['worker_threads:parentPort'] },
];

/**
 * Expressions whose value is the running file's own script: `import.meta.url`, CommonJS `__filename`, a classic
 * page script's `document.currentScript.src`, a worker's `location.href`; and calls that name the same file as their
 * argument (`new URL(import.meta.url)`, `fileURLToPath(import.meta.url)`). `new URL('./w.js', import.meta.url)` names
 * another file: a URL constructor counts only with the one argument.
 */
export const ownScript: {
  readonly importMetaUrl: boolean;
  readonly names: readonly QualifiedName[];
  readonly sameFile: ReadonlyArray<{ readonly callee: readonly QualifiedName[]; readonly arg: number; readonly arity: number }>;
} = {
  importMetaUrl: true,
  names: ['global:__filename', 'global:location.href', 'global:document.currentScript.src'],
  sameFile: [
    { callee: ['global:URL'], arg: 0, arity: 1 },
    { callee: ['url:fileURLToPath'], arg: 0, arity: 1 },
  ],
};

/** How messages are posted and received, and the shapes of code that wait for one reply. */
export const messaging = {
  event: 'message',
  /** `worker.onmessage = f`. */
  handlerProperties: ['onmessage'] as readonly string[],
  /** `worker.addEventListener('message', f)`, Node's `worker.once('message', f)`. */
  listenerMethods: ['addEventListener', 'on', 'once', 'addListener', 'prependListener', 'prependOnceListener'] as readonly string[],
  /**
   * Failures and the end of the endpoint's thread, whose handlers may settle a reply's promise as well
   * (`worker.onerror = reject`, Node's `worker.once('exit', reject)`): a thread that waits for a lock neither fails
   * nor exits, so the wait stays unbounded.
   */
  failureEvents: ['error', 'messageerror', 'exit'] as readonly string[],
  failureProperties: ['onerror', 'onmessageerror'] as readonly string[],
  /** `endpoint.postMessage(message)`, a worker's bare `postMessage(message)`. */
  postMethod: 'postMessage',
  globalPost: ['global:postMessage'] as readonly QualifiedName[],
  /** `await once(worker, 'message')` (events.once): the endpoint first, the event second. */
  waitFunctions: ['events:once'] as readonly QualifiedName[],
  /** `new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); })`: the executor is the first argument. */
  promiseConstructors: ['global:Promise'] as readonly QualifiedName[],
  /**
   * `const reply = Promise.withResolvers(); worker.on('message', (m) => reply.resolve(m)); await reply.promise`: the
   * promise, and the functions that settle it, as properties of the result.
   */
  resolverFactories: ['global:Promise.withResolvers'] as readonly QualifiedName[],
  resolvers: { promise: 'promise', settle: ['resolve', 'reject'] as readonly string[] },
  /**
   * `request(...).then(f)`: `f` runs only once the promise fulfilled (after the lock was granted and released, for a
   * lock request). Not `.catch`/`.finally` nor `.then`'s second argument: a request aborted by its `signal` rejects
   * without the lock, and what they post then answers the holder.
   */
  continuations: ['then'] as readonly string[],
};
