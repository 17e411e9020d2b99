/**
 * The API model of channel endpoints: what creates one and what closes it.
 * `settings.fearless.channels` adds entries of the same shape.
 */
import type { CallMatch } from './sends';
import type { QualifiedName } from './names';
import { collectionInserts } from './holders';

export interface ChannelKind {
  readonly id: string;
  /** How messages name the endpoint's kind: "MessageChannel", "BroadcastChannel". */
  readonly label: string;
  readonly create: CallMatch;
  /** Properties of the created object that are the endpoints (`port1`, `port2`); empty when the object itself is one. */
  readonly endpoints: readonly string[];
  /** Methods that discharge an endpoint. */
  readonly close: readonly string[];
  /** Methods that keep the endpoint open but stop it from holding the process (Node's `unref`). */
  readonly unref: readonly string[];
  /** What an endpoint left open does, for messages. */
  readonly symptom: string;
  /** Closing one endpoint closes them all (a MessagePort's `close()` disentangles the pair). */
  readonly closesTogether: boolean;
  /** Closing twice is harmless (ports, channels), so `finally { x.close() }` is a safe suggestion; a writer's second `close()` rejects. */
  readonly closeIsIdempotent: boolean;
  /**
   * How the endpoint starts receiving, when only a receiving endpoint holds anything: a MessagePort that is never
   * started (no `onmessage`, no `'message'` listener, no `start()`) holds no event-loop reference and is collected
   * with its channel (Node documents that a port is ref'ed while a `'message'` listener exists; Deno does the same).
   * Absent: the endpoint holds the process or the stream from its creation (a BroadcastChannel, a writer's lock).
   */
  readonly listening?: ListeningModel;
  /** Methods that return the endpoint itself, so a call can be chained on them (`port.on('message', f).unref()`). */
  readonly chainable: readonly string[];
  /**
   * Option properties whose array sends an endpoint to a thread started by the call (`new Worker(file, { transferList })`,
   * `module.register(url, { transferList })`, a library's `workerOpts: { transferList }`). For a pair that closes
   * together, the kept end then lives as long as that thread: Node closes it when the thread exits or is terminated.
   */
  readonly threadTransferKeys: readonly string[];
  /**
   * Methods of a receiver that end the thread behind it (`worker.terminate()`): for a pair that closes together, an
   * endpoint posted to a receiver that the same function ends this way takes the kept ends with it.
   */
  readonly threadEndMethods: readonly string[];
  /** How messages say it was discharged: "closed", "terminated", "released". */
  readonly closedWord: string;
  /**
   * The rule option that turns the checks of this kind on (`workers`, `streamReaders`, `comlinkRemotes`); absent: always
   * checked. Kinds added after the first release are opt-in until measured on the judged corpus.
   */
  readonly check?: string;
  /**
   * Only an endpoint local to a function is reported: one stored at module level or in a field, or created and dropped,
   * lives as long as the process or the object by design (a CLI's module-level Worker, a pool's `this.worker`, a
   * fire-and-forget `new Worker(file)` that ends itself).
   */
  readonly localOnly?: boolean;
  /** Computed-key methods that discharge it: `remote[Comlink.releaseProxy]()` with comlink imported under any name. */
  readonly closeKeys?: readonly QualifiedName[];
  /**
   * Events whose listener or awaiting discharges it: the endpoint's end is handled (`worker.on('exit', f)`,
   * `worker.once('exit', f)`, `await once(worker, 'exit')`).
   */
  readonly endEvents?: EndEvents;
  /** Reading it to the end releases what it holds (a stream reader whose `read()` resolved `{ done: true }`). */
  readonly readToEnd?: ReadToEnd;
  /** Properties whose use discharges it: `await reader.closed` / `reader.closed.then(f)` waits for the end. */
  readonly endProperties?: readonly string[];
}

export interface EndEvents {
  readonly events: readonly string[];
  /** `worker.on('exit', f)`. */
  readonly listenerMethods: readonly string[];
  /** `once(worker, 'exit')` (events.once): the endpoint first, the event second. */
  readonly waitFunctions: readonly QualifiedName[];
}

/**
 * `const { done, value } = await reader.read(); if (done) break;`: on the path through the branch taken when `done`
 * is true, the stream was read to its end. In a loop test (`while (!done)`) the test's read stands for the end.
 * `reader.read().then(f)`: the callback reads on and owns the reader.
 */
export interface ReadToEnd {
  readonly method: string;
  readonly doneProperty: string;
}

export interface ListeningModel {
  /** The event that delivers messages (`'message'`). */
  readonly event: string;
  /** Assigning one of these properties starts delivery (`port.onmessage = f`); assigning `null` stops it. */
  readonly handlerProperties: readonly string[];
  /** Methods that add a listener for `event` (`on`, `addEventListener`). */
  readonly addListener: readonly string[];
  /** Methods that remove a listener for `event`: removing the last one unrefs a Node port again. */
  readonly removeListener: readonly string[];
  /** Methods that start delivery without a listener of their own (`start()`). */
  readonly start: readonly string[];
  /**
   * Listeners that receive nothing until the endpoint is started (browsers: `addEventListener('message', f)` on a
   * MessagePort needs `start()`; assigning `onmessage` starts it), and the creations for which that does not hold
   * (Node delivers to `addEventListener` without `start()`).
   */
  readonly needsStart?: { readonly listeners: readonly string[]; readonly notForCreatedBy: readonly string[] };
}

export const builtinChannels: readonly ChannelKind[] = [
  {
    id: 'messageChannel',
    label: 'MessageChannel',
    create: { kind: 'new', callee: ['global:MessageChannel', 'worker_threads:MessageChannel'] },
    endpoints: ['port1', 'port2'],
    close: ['close'],
    unref: ['unref'],
    symptom: 'it keeps the event loop alive and leaks the port',
    closesTogether: true,
    closeIsIdempotent: true,
    listening: {
      event: 'message',
      handlerProperties: ['onmessage'],
      addListener: ['on', 'once', 'addListener', 'prependListener', 'addEventListener'],
      removeListener: ['off', 'removeListener', 'removeEventListener'],
      start: ['start'],
      needsStart: { listeners: ['addEventListener'], notForCreatedBy: ['worker_threads:MessageChannel'] },
    },
    chainable: ['on', 'once', 'addListener', 'prependListener', 'off', 'removeListener', 'ref', 'unref', 'setMaxListeners'],
    threadTransferKeys: ['transferList'],
    threadEndMethods: ['terminate'],
    closedWord: 'closed',
  },
  {
    id: 'broadcastChannel',
    label: 'BroadcastChannel',
    create: { kind: 'new', callee: ['global:BroadcastChannel', 'worker_threads:BroadcastChannel'] },
    endpoints: [],
    close: ['close'],
    unref: ['unref'],
    symptom: 'it keeps the event loop alive (node --test and Jest never exit)',
    closesTogether: false,
    closeIsIdempotent: true,
    chainable: ['on', 'once', 'addListener', 'off', 'removeListener', 'ref', 'unref'],
    threadTransferKeys: [],
    threadEndMethods: [],
    closedWord: 'closed',
  },
  {
    id: 'streamWriter',
    label: 'stream writer',
    create: { kind: 'method', names: ['getWriter'] },
    endpoints: [],
    close: ['close', 'abort', 'releaseLock'],
    unref: [],
    symptom: 'the stream stays locked and its reader waits forever',
    closesTogether: false,
    closeIsIdempotent: false,
    chainable: [],
    threadTransferKeys: [],
    threadEndMethods: [],
    closedWord: 'closed',
  },
  {
    // Node: a Worker keeps the process alive until it exits, is terminated or unref()ed.
    id: 'nodeWorker',
    label: 'Worker',
    create: { kind: 'new', callee: ['worker_threads:Worker'] },
    endpoints: [],
    close: ['terminate'],
    unref: ['unref'],
    symptom: 'it keeps the process alive after the function returns (a CLI never exits, a test runner hangs)',
    closesTogether: false,
    // A second `terminate()` resolves again: harmless.
    closeIsIdempotent: true,
    chainable: ['on', 'once', 'addListener', 'prependListener', 'off', 'removeListener', 'ref', 'unref', 'setMaxListeners'],
    threadTransferKeys: [],
    threadEndMethods: [],
    closedWord: 'terminated',
    check: 'workers',
    localOnly: true,
    endEvents: { events: ['exit'], listenerMethods: ['on', 'once', 'addListener', 'prependListener'], waitFunctions: ['events:once'] },
  },
  {
    // Comlink: a remote holds a MessagePort and the worker-side object until released.
    id: 'comlinkRemote',
    label: 'Comlink remote',
    create: { kind: 'call', callee: ['comlink:wrap'] },
    endpoints: [],
    close: [],
    unref: [],
    symptom: 'it keeps its MessagePort and the worker-side object alive',
    closesTogether: false,
    // A released proxy throws on every use, a second release included.
    closeIsIdempotent: false,
    chainable: [],
    threadTransferKeys: [],
    threadEndMethods: [],
    closedWord: 'released',
    check: 'comlinkRemotes',
    localOnly: true,
    closeKeys: ['comlink:releaseProxy'],
  },
  {
    id: 'streamReader',
    label: 'stream reader',
    create: { kind: 'method', names: ['getReader'] },
    endpoints: [],
    close: ['releaseLock', 'cancel'],
    unref: [],
    symptom: 'the stream stays locked',
    closesTogether: false,
    // `releaseLock()` on a released reader does nothing.
    closeIsIdempotent: true,
    chainable: [],
    threadTransferKeys: [],
    threadEndMethods: [],
    closedWord: 'released',
    check: 'streamReaders',
    localOnly: true,
    readToEnd: { method: 'read', doneProperty: 'done' },
    endProperties: ['closed'],
  },
];

export const channelTriggerWords = ['MessageChannel', 'BroadcastChannel', 'getWriter', 'MessagePort', 'Worker', 'comlink', 'getReader'];

/**
 * Calls that keep an endpoint passed to them where it outlives the function, whatever `unknownCallIsHandoff` says:
 * a collection's insertion methods (`pool.push(worker)`, `workers.set(id, worker)`, `live.add(port)`), and the
 * `resolve` of a promise's executor (`new Promise((resolve) => resolve(worker))` returns it).
 */
export const storingCalls: { readonly methods: readonly string[]; readonly promiseConstructors: readonly QualifiedName[] } = {
  // One model of collection inserts for every analysis (the ownership analysis's holders read the same table).
  methods: collectionInserts.map((insert) => insert.method),
  promiseConstructors: ['global:Promise'],
};
