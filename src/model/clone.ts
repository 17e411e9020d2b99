/**
 * The API model of what the structured clone algorithm cannot carry (Send);
 * shared memory (Sync) has model/shared-memory.ts. Data, not code: the
 * sendability analysis interprets it.
 */
import type { QualifiedName } from './names';

/** What a value that cannot cross is, and what happens when it is posted. */
export interface Unsendable {
  /** "a function", "a WeakMap": how messages name it. */
  readonly what: string;
  /** "DataCloneError when it is posted", "it arrives without its methods". */
  readonly consequence: string;
  /** A factory whose call returns a Promise of this value: unawaited, what is posted is the Promise. */
  readonly async?: boolean;
  /** Methods whose result is the same kind of value (`blob.slice()` of a file-backed Blob). */
  readonly keptBy?: readonly string[];
}

const throws = 'DataCloneError when it is posted';

/** `new X()` of these makes a value that cannot be cloned. */
export const uncloneableConstructors: ReadonlyMap<QualifiedName, Unsendable> = new Map<QualifiedName, Unsendable>([
  ['global:WeakMap', { what: 'a WeakMap', consequence: throws }],
  ['global:WeakSet', { what: 'a WeakSet', consequence: throws }],
  ['global:WeakRef', { what: 'a WeakRef', consequence: throws }],
  ['global:FinalizationRegistry', { what: 'a FinalizationRegistry', consequence: throws }],
  ['global:Promise', { what: 'a Promise', consequence: throws }],
  ['global:Proxy', { what: 'a Proxy', consequence: throws }],
  ['global:AbortController', { what: 'an AbortController', consequence: throws }],
  ['net:Socket', { what: 'a network socket', consequence: throws }],
  ['net:Server', { what: 'a network server', consequence: throws }],
  ['events:EventEmitter', { what: 'an EventEmitter', consequence: 'it arrives as a plain object without its methods and listeners' }],
  ['events:default', { what: 'an EventEmitter', consequence: 'it arrives as a plain object without its methods and listeners' }],
  // `new Function('a', 'return a')` is a function like any other.
  ['global:Function', { what: 'a function', consequence: throws }],
  // Not serializable on the web platform (browsers and Deno throw; Node 20 sends an empty object).
  ['global:URL', { what: 'a URL', consequence: `${throws} (send \`url.href\`)` }],
  ['global:URLSearchParams', { what: 'a URLSearchParams', consequence: `${throws} (send \`params.toString()\`)` }],
  ['global:Request', { what: 'a Request', consequence: throws }],
  ['global:Response', { what: 'a Response', consequence: throws }],
  ['global:Headers', { what: 'a Headers object', consequence: throws }],
  ['url:URL', { what: 'a URL', consequence: `${throws} (send \`url.href\`)` }],
  ['url:URLSearchParams', { what: 'a URLSearchParams', consequence: `${throws} (send \`params.toString()\`)` }],
  // A whole channel: its ports must be transferred one by one.
  ['global:MessageChannel', { what: 'a MessageChannel', consequence: `${throws} (post a port, and list it in the transfer list)` }],
  ['worker_threads:MessageChannel', { what: 'a MessageChannel', consequence: `${throws} (post a port, and list it in the transfer list)` }],
  ['child_process:ChildProcess', { what: 'a child process', consequence: throws }],
]);

/** Calls of these return a value that cannot be cloned. */
export const uncloneableFactories: ReadonlyMap<QualifiedName, Unsendable> = new Map<QualifiedName, Unsendable>([
  ['global:Symbol', { what: 'a symbol', consequence: throws }],
  ['global:Symbol.for', { what: 'a symbol', consequence: throws }],
  ['global:fetch', { what: 'a Promise (the call is not awaited)', consequence: throws }],
  ['global:Promise.resolve', { what: 'a Promise', consequence: throws }],
  ['global:Promise.reject', { what: 'a Promise', consequence: throws }],
  ['global:Promise.all', { what: 'a Promise', consequence: throws }],
  ['global:Promise.allSettled', { what: 'a Promise', consequence: throws }],
  ['global:Promise.race', { what: 'a Promise', consequence: throws }],
  ['global:Promise.any', { what: 'a Promise', consequence: throws }],
  ['global:document.createElement', { what: 'a DOM element', consequence: throws }],
  ['global:document.querySelector', { what: 'a DOM element', consequence: throws }],
  ['global:document.getElementById', { what: 'a DOM element', consequence: throws }],
  ['net:createConnection', { what: 'a network socket', consequence: throws }],
  ['net:connect', { what: 'a network socket', consequence: throws }],
  ['net:createServer', { what: 'a network server', consequence: throws }],
  ['http:createServer', { what: 'an HTTP server', consequence: throws }],
  ['https:createServer', { what: 'an HTTPS server', consequence: throws }],
  ['fs:createReadStream', { what: 'a Node stream', consequence: throws }],
  ['fs:createWriteStream', { what: 'a Node stream', consequence: throws }],
  ['child_process:spawn', { what: 'a child process', consequence: throws }],
  ['child_process:fork', { what: 'a child process', consequence: throws }],
  ['child_process:exec', { what: 'a child process', consequence: throws }],
  ['child_process:execFile', { what: 'a child process', consequence: throws }],
  // File-backed Blobs cannot be cloned (Node: TypeError; Deno: DataCloneError).
  ['fs:openAsBlob', { what: 'a file-backed Blob', consequence: throws, async: true, keptBy: ['slice'] }],
  // Framework reactive state is a Proxy (rancher/dashboard#11541): post `toRaw(state)` or a plain copy.
  ['vue:reactive', { what: 'a reactive Proxy', consequence: throws }],
  ['vue:shallowReactive', { what: 'a reactive Proxy', consequence: throws }],
  ['vue:readonly', { what: 'a reactive Proxy', consequence: throws }],
  ['vue:ref', { what: 'a reactive ref', consequence: throws }],
  ['vue:computed', { what: 'a computed ref', consequence: throws }],
  ['mobx:observable', { what: 'an observable Proxy', consequence: throws }],
]);

/** Well-known symbols read as values (`Symbol.iterator`). */
export const symbolValues: ReadonlySet<QualifiedName> = new Set([
  'global:Symbol.iterator',
  'global:Symbol.asyncIterator',
  'global:Symbol.toStringTag',
  'global:Symbol.dispose',
  'global:Symbol.asyncDispose',
]);

/** Platform objects read as values: `postMessage({ doc: document })`. */
export const uncloneableGlobals: ReadonlyMap<QualifiedName, Unsendable> = new Map<QualifiedName, Unsendable>([
  ['global:document', { what: 'the document', consequence: throws }],
  ['global:document.body', { what: 'a DOM element', consequence: throws }],
  ['global:document.head', { what: 'a DOM element', consequence: throws }],
  ['global:document.documentElement', { what: 'a DOM element', consequence: throws }],
  ['global:window', { what: 'the window', consequence: throws }],
  ['global:globalThis', { what: 'the global object', consequence: throws }],
  ['global:self', { what: 'the global object', consequence: throws }],
  ['global:navigator', { what: 'the navigator', consequence: throws }],
  ['global:location', { what: 'the location object', consequence: `${throws} (send \`location.href\`)` }],
  ['global:window.location', { what: 'the location object', consequence: `${throws} (send \`location.href\`)` }],
  ['global:history', { what: 'the history object', consequence: throws }],
  ['global:localStorage', { what: 'a Storage object', consequence: throws }],
  ['global:sessionStorage', { what: 'a Storage object', consequence: throws }],
  ['global:indexedDB', { what: 'the IDBFactory', consequence: throws }],
  ['global:process', { what: 'the process object', consequence: throws }],
]);

/** Calls whose (awaited) result is a Node FileHandle: transferable, and it must be listed when posted. */
export const fileHandleFactories: readonly QualifiedName[] = ['fs:promises.open', 'fs/promises:open'];

/** Collections built from entries: their entries are cloned one by one (`new Map([['k', fn]])`). */
export const entryCollections: ReadonlySet<QualifiedName> = new Set(['global:Map', 'global:Set']);

/** Node's marker: an object passed to it can never be cloned. */
export const uncloneableMarkers: readonly QualifiedName[] = ['worker_threads:markAsUncloneable'];

/**
 * Values the marker has no effect on (Node documents it for ArrayBuffer and
 * Buffer-like objects; Bun's tests assert buffers, typed arrays and DataViews
 * still clone): `new X()` of these constructors, or calls of these factories.
 */
export const markIgnoredConstructors: ReadonlySet<QualifiedName> = new Set([
  'global:ArrayBuffer',
  'global:SharedArrayBuffer',
  'global:DataView',
  'global:Int8Array',
  'global:Uint8Array',
  'global:Uint8ClampedArray',
  'global:Int16Array',
  'global:Uint16Array',
  'global:Int32Array',
  'global:Uint32Array',
  'global:Float16Array',
  'global:Float32Array',
  'global:Float64Array',
  'global:BigInt64Array',
  'global:BigUint64Array',
  'buffer:Buffer',
]);
export const markIgnoredFactories: ReadonlySet<QualifiedName> = new Set([
  'global:Buffer.from',
  'global:Buffer.alloc',
  'global:Buffer.allocUnsafe',
  'buffer:Buffer.from',
  'buffer:Buffer.alloc',
  'buffer:Buffer.allocUnsafe',
  'global:Uint8Array.from',
  'global:Uint8Array.of',
]);

/**
 * Receivers whose `postMessage` clones for another thread: created with one
 * of these, or one of these globals, or a property of one of these results.
 */
export const threadEndpointConstructors: readonly QualifiedName[] = [
  'global:Worker',
  'global:SharedWorker',
  'global:MessageChannel',
  'global:BroadcastChannel',
  'worker_threads:Worker',
  'worker_threads:MessageChannel',
  'worker_threads:BroadcastChannel',
];

/** Properties that are a window, whatever their object: `iframe.contentWindow.postMessage(m, '*')`. */
export const windowProperties: ReadonlySet<string> = new Set(['contentWindow', 'opener', 'parent', 'top']);

export const threadEndpointGlobals: readonly QualifiedName[] = [
  'global:globalThis',
  'global:self',
  'global:window',
  'global:parent',
  'global:top',
  'global:opener',
  'global:navigator.serviceWorker.controller',
  'worker_threads:parentPort',
];

/** Why the platform refuses an entry of a transfer list (the call throws, and nothing moves). */
export const refusedTransferables = {
  shared: 'a SharedArrayBuffer (shared memory is shared, not moved)',
  sharedWasm: 'a shared WebAssembly memory (shared, not moved)',
  wasm: "a WebAssembly memory's buffer (it cannot be detached)",
  view: 'a typed array view, not a transferable object (list its `.buffer`)',
  primitive: 'not an object (only ArrayBuffers, ports, streams and the like can be transferred)',
  plainObject: 'a plain object, not a transferable one',
  sourcePort: 'the port it is posted on (a port cannot carry itself: DataCloneError)',
  // HTML: the message is dropped and the channel lost ("doomed"); Node 20 warns, Bun throws.
  entangledPeer: 'the other end of the channel it is posted on',
  // Cloned, never transferred: browsers, Deno and Bun throw DataCloneError (Node 20 accepts it).
  blob: 'a Blob, which is cloned, not transferred (DataCloneError in browsers, Deno and Bun)',
  // Node 21+ and Bun throw DataCloneError; Node 20 ignores the entry and clones it.
  // Node: only a signal made transferable (`transferableAbortSignal(signal)`) may be listed.
  abortSignal: 'a plain AbortSignal (wrap it in `transferableAbortSignal()` from `node:util` to send it)',
  untransferable: 'marked untransferable (`markAsUntransferable`; Node 20 ignores the entry and clones it)',
} as const;

/** What listing a refused entry does, where it is not a plain throw. */
export const refusalConsequences: ReadonlyMap<string, string> = new Map([
  [refusedTransferables.entangledPeer, 'loses the channel (Bun throws; Node and browsers drop the message)'],
]);

/** Why the platform refuses a transfer list as a whole (TypeError, before anything is sent). */
export const refusedTransferLists = {
  string: 'a string, not a transfer list (a target origin belongs to `window.postMessage` only)',
  sparse: 'a sparse array (its holes read as `undefined`, which cannot be transferred)',
} as const;

/** Blobs are cloned, never transferred: `new X()` of these in a transfer list is refused. */
export const blobConstructors: readonly QualifiedName[] = ['global:Blob', 'global:File', 'buffer:Blob', 'buffer:File'];

/**
 * Entries a transfer list accepts but clones instead of moving: Node's
 * `transferableAbortSignal(signal)`. The original stays usable (aborting it
 * reaches the clone), so it is no use after transfer:
 *   const signal = transferableAbortSignal(controller.signal);
 *   new Worker(file, { workerData: { signal }, transferList: [signal] });
 *   signal.addEventListener('abort', ...);   // fine
 */
export const clonedWhenListed: readonly QualifiedName[] = ['util:transferableAbortSignal'];

/**
 * Plain AbortSignals: `controller.signal` of `new AbortController()`, and
 * `AbortSignal.timeout(ms)` / `.abort()` / `.any([...])`. In a transfer list
 * one throws DataCloneError (Node), so nothing in the list moves.
 */
export const abortControllerConstructors: readonly QualifiedName[] = ['global:AbortController'];
export const abortSignalFactories: readonly QualifiedName[] = ['global:AbortSignal.timeout', 'global:AbortSignal.abort', 'global:AbortSignal.any'];

/** Node's marker: an object passed to it cannot be listed in a transfer list. */
export const untransferableMarkers: readonly QualifiedName[] = ['worker_threads:markAsUntransferable'];

/**
 * Receivers whose `postMessage(message, x)` takes a transfer list or options
 * as `x`, never a target origin: a string there is a TypeError. (`self`,
 * `window` and `parent` may be windows, whose second argument is an origin.)
 */
export const transferListReceivers: readonly QualifiedName[] = [
  'global:Worker',
  'global:MessageChannel',
  'worker_threads:Worker',
  'worker_threads:MessageChannel',
];

/**
 * Types the structured clone algorithm carries intact (by name, when declared
 * by the platform's typings): the type walk stops at them.
 */
export const cloneableTypeNames: ReadonlySet<string> = new Set([
  'Date',
  'RegExp',
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Blob',
  'File',
  'FileList',
  'ImageData',
  'ImageBitmap',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'Error',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
  'AggregateError',
  'DOMException',
  'Buffer',
  'String',
  'Number',
  'Boolean',
  'BigInt',
  'MessagePort',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'OffscreenCanvas',
  'VideoFrame',
  'AudioData',
  'CryptoKey',
  'FileSystemHandle',
  'RTCCertificate',
  'FileHandle',
  'KeyObject',
  'X509Certificate',
  'BlockList',
  'SocketAddress',
]);

/** Platform types that cannot be cloned, by name. */
export const uncloneableTypeNames: ReadonlyMap<string, Unsendable> = new Map<string, Unsendable>([
  ['Promise', { what: 'a Promise', consequence: throws }],
  ['PromiseLike', { what: 'a Promise', consequence: throws }],
  ['WeakMap', { what: 'a WeakMap', consequence: throws }],
  ['WeakSet', { what: 'a WeakSet', consequence: throws }],
  ['WeakRef', { what: 'a WeakRef', consequence: throws }],
  ['FinalizationRegistry', { what: 'a FinalizationRegistry', consequence: throws }],
  ['Element', { what: 'a DOM element', consequence: throws }],
  ['HTMLElement', { what: 'a DOM element', consequence: throws }],
  ['Node', { what: 'a DOM node', consequence: throws }],
  ['Window', { what: 'a window', consequence: throws }],
  ['AbortSignal', { what: 'an AbortSignal', consequence: throws }],
  ['AbortController', { what: 'an AbortController', consequence: throws }],
  ['Socket', { what: 'a network socket', consequence: throws }],
  ['Server', { what: 'a server', consequence: throws }],
  ['EventEmitter', { what: 'an EventEmitter', consequence: 'it arrives as a plain object without its methods and listeners' }],
]);

export const unsendableTriggerWords = ['workerData'];
