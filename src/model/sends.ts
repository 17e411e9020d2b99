/**
 * The API model of sends: which calls carry a value to another thread, where
 * the message is, and where the transfer list is. Data, not code: the engine
 * (engine/sends.ts) interprets it, and `settings.fearless.transfers` adds
 * entries of the same shape.
 */
import type { QualifiedName } from './names';

/** Where a call names what it transfers. */
export type TransferSlot =
  /** An array of transferables: `postMessage(msg, [a, b])`. Only an array (literal, or a const bound to one) counts. */
  | { readonly kind: 'list'; readonly arg: number }
  /** An options object with a list under `key`: `postMessage(msg, { transfer: [a] })`. */
  | { readonly kind: 'options'; readonly arg: number; readonly key: string }
  /** The argument itself moves: `Piscina.move(buf)`, threads.js `Transfer(buf)`. `onlyWithArgs`: only when called with exactly that many arguments. */
  | { readonly kind: 'value'; readonly arg: number; readonly onlyWithArgs?: number }
  /** The value under `key` of an options object moves: pdf.js `getDocument({ data })`. */
  | { readonly kind: 'optionValue'; readonly arg: number; readonly key: string }
  /** The receiver moves: `buf.transfer()`. */
  | { readonly kind: 'receiver' };

/** Where the message (the structured-cloned value) is. */
export type PayloadSlot =
  | { readonly kind: 'arg'; readonly arg: number }
  | { readonly kind: 'option'; readonly arg: number; readonly key: string }
  /** Every argument is cloned (a call on a Comlink or threads.js remote). */
  | { readonly kind: 'allArgs' };

export type CallMatch =
  /** `x.name(...)` for any of the names. */
  | { readonly kind: 'method'; readonly names: readonly string[] }
  /** A call of one of these (`structuredClone(...)`, `Comlink.transfer(...)`). */
  | { readonly kind: 'call'; readonly callee: readonly QualifiedName[] }
  /** `new` of one of these (`new Worker(file, { transferList })`). */
  | { readonly kind: 'new'; readonly callee: readonly QualifiedName[] }
  /**
   * From settings: a function (or with `construct`, a class) known by the
   * name it was declared or imported under, from `module` when given.
   */
  | { readonly kind: 'named'; readonly name: string; readonly module?: string; readonly construct: boolean };

/**
 * What must be known about the receiver of a method send before the call is
 * believed to be one. Common method names (`run`, `exec`, `transfer`,
 * `writeFile`) are sends only on the right objects.
 */
export interface ReceiverRequirement {
  /** The receiver was created by `new X()` or `X()` for one of these. */
  readonly createdBy?: readonly QualifiedName[];
  /** The receiver is known to be an ArrayBuffer (by its definition or its type). */
  readonly arrayBuffer?: boolean;
  /** A transfer slot written out in the call (an options object with the transfer key) is evidence enough. */
  readonly transferSyntaxSuffices?: boolean;
}

export interface SendSignature {
  /** Stable id, for tests and debugging. */
  readonly id: string;
  readonly match: CallMatch;
  readonly receiver?: ReceiverRequirement;
  readonly payload?: PayloadSlot;
  readonly transfer: readonly TransferSlot[];
  /**
   * A marker: the transfer happens at the call that carries the marker's
   * result (`api.process(Comlink.transfer(data, [data.buffer]))`), or at the
   * marker itself when nothing carries it.
   */
  readonly marker?: boolean;
  /** The message crosses to another thread; false for in-thread moves. */
  readonly crossesThread: boolean;
  /** The message is structured-cloned (no-unsendable-message checks it): every send that crosses a thread, and `structuredClone`. */
  readonly clonesPayload?: boolean;
  /**
   * The platform's `postMessage` (Worker, MessagePort, window, `self`): with
   * type information its receiver must be a platform endpoint, and a missing
   * transfer list can be added as a second argument.
   */
  readonly platformPostMessage?: boolean;
  /**
   * A method name that other libraries use too (`postMessage`, `run`,
   * `exec`): an unsendable value in the message means DataCloneError only when
   * the receiver is known to be a thread endpoint (or `receiver.createdBy`), a
   * transfer list is written out, or the checker confirms it.
   */
  readonly clonesOnlyOnKnownReceiver?: boolean;
}

const postMessageTransfer: readonly TransferSlot[] = [
  { kind: 'list', arg: 1 },
  { kind: 'options', arg: 1, key: 'transfer' },
  // window.postMessage(msg, targetOrigin, transfer)
  { kind: 'list', arg: 2 },
];

export const builtinSends: readonly SendSignature[] = [
  {
    // Worker, MessagePort, DedicatedWorkerGlobalScope (self), Window, ServiceWorker, Client, BroadcastChannel,
    // Node's parentPort and MessagePort: every form of postMessage.
    id: 'postMessage',
    match: { kind: 'method', names: ['postMessage'] },
    payload: { kind: 'arg', arg: 0 },
    transfer: postMessageTransfer,
    crossesThread: true,
    clonesPayload: true,
    platformPostMessage: true,
    clonesOnlyOnKnownReceiver: true,
  },
  {
    // A bare `postMessage(msg, [buf])` inside a worker.
    id: 'globalPostMessage',
    match: { kind: 'call', callee: ['global:postMessage'] },
    payload: { kind: 'arg', arg: 0 },
    transfer: postMessageTransfer,
    crossesThread: true,
    clonesPayload: true,
    platformPostMessage: true,
  },
  {
    id: 'structuredClone',
    match: { kind: 'call', callee: ['global:structuredClone', 'v8:deserialize'] },
    payload: { kind: 'arg', arg: 0 },
    transfer: [{ kind: 'options', arg: 1, key: 'transfer' }],
    crossesThread: false,
    clonesPayload: true,
  },
  {
    // Node: new Worker(file, { workerData, transferList })
    id: 'nodeWorker',
    match: { kind: 'new', callee: ['worker_threads:Worker'] },
    payload: { kind: 'option', arg: 1, key: 'workerData' },
    transfer: [{ kind: 'options', arg: 1, key: 'transferList' }],
    crossesThread: true,
    clonesPayload: true,
  },
  {
    // piscina / tinypool: pool.run(task, { transferList })
    id: 'poolRun',
    match: { kind: 'method', names: ['run'] },
    receiver: {
      createdBy: ['piscina:default', 'piscina:Piscina', 'tinypool:default', 'tinypool:Tinypool'],
      transferSyntaxSuffices: true,
    },
    payload: { kind: 'arg', arg: 0 },
    transfer: [{ kind: 'options', arg: 1, key: 'transferList' }],
    crossesThread: true,
    clonesPayload: true,
    clonesOnlyOnKnownReceiver: true,
  },
  {
    // workerpool: pool.exec(method, params, { transfer })
    id: 'workerpoolExec',
    match: { kind: 'method', names: ['exec'] },
    receiver: { createdBy: ['workerpool:pool'], transferSyntaxSuffices: true },
    payload: { kind: 'arg', arg: 1 },
    transfer: [{ kind: 'options', arg: 2, key: 'transfer' }],
    crossesThread: true,
    clonesPayload: true,
    clonesOnlyOnKnownReceiver: true,
  },
  {
    // worker side of workerpool: return new workerpool.Transfer(result, [result.buffer])
    id: 'workerpoolTransfer',
    match: { kind: 'new', callee: ['workerpool:Transfer'] },
    payload: { kind: 'arg', arg: 0 },
    transfer: [{ kind: 'list', arg: 1 }],
    marker: true,
    crossesThread: true,
    clonesPayload: true,
  },
  {
    id: 'comlinkTransfer',
    match: { kind: 'call', callee: ['comlink:transfer'] },
    payload: { kind: 'arg', arg: 0 },
    transfer: [{ kind: 'list', arg: 1 }],
    marker: true,
    crossesThread: true,
    clonesPayload: true,
  },
  {
    id: 'piscinaMove',
    match: { kind: 'call', callee: ['piscina:move', 'piscina:Piscina.move', 'tinypool:move', 'tinypool:Tinypool.move'] },
    payload: { kind: 'arg', arg: 0 },
    transfer: [{ kind: 'value', arg: 0 }],
    marker: true,
    crossesThread: true,
    clonesPayload: true,
  },
  {
    // threads.js: Transfer(buffer) or Transfer(payload, transferables)
    id: 'threadsTransfer',
    match: { kind: 'call', callee: ['threads:Transfer'] },
    payload: { kind: 'arg', arg: 0 },
    transfer: [
      { kind: 'value', arg: 0, onlyWithArgs: 1 },
      { kind: 'list', arg: 1 },
    ],
    marker: true,
    crossesThread: true,
    clonesPayload: true,
  },
  {
    id: 'arrayBufferTransferToFixedLength',
    match: { kind: 'method', names: ['transferToFixedLength'] },
    transfer: [{ kind: 'receiver' }],
    crossesThread: false,
  },
  {
    // `transfer` is a common method name (payments, tokens): only on a known ArrayBuffer.
    id: 'arrayBufferTransfer',
    match: { kind: 'method', names: ['transfer'] },
    receiver: { arrayBuffer: true },
    transfer: [{ kind: 'receiver' }],
    crossesThread: false,
  },
  {
    id: 'moveMessagePortToContext',
    match: { kind: 'call', callee: ['worker_threads:moveMessagePortToContext'] },
    transfer: [{ kind: 'value', arg: 0 }],
    crossesThread: false,
  },
  {
    // pdf.js transfers the bytes it is given to its worker (mozilla/pdf.js#19509).
    id: 'pdfjsGetDocument',
    match: { kind: 'call', callee: ['pdfjs-dist:getDocument'] },
    transfer: [{ kind: 'optionValue', arg: 0, key: 'data' }],
    crossesThread: true,
    clonesPayload: true,
  },
  {
    // ffmpeg.wasm transfers the data written to its virtual file system (ffmpegwasm/ffmpeg.wasm#911).
    id: 'ffmpegWriteFile',
    match: { kind: 'method', names: ['writeFile'] },
    receiver: { createdBy: ['@ffmpeg/ffmpeg:FFmpeg'] },
    transfer: [{ kind: 'value', arg: 1 }],
    crossesThread: true,
    clonesPayload: true,
  },
];

/**
 * Remotes: objects whose method calls send their arguments to another thread.
 * `const api = Comlink.wrap(worker); api.process(data)` clones `data`.
 */
export interface RemoteFactory {
  readonly id: string;
  readonly callee: readonly QualifiedName[];
  /** Callbacks passed to the remote must be wrapped in one of these (Comlink `proxy`). */
  readonly callbackWrappers: readonly QualifiedName[];
}

export const builtinRemotes: readonly RemoteFactory[] = [
  { id: 'comlinkWrap', callee: ['comlink:wrap'], callbackWrappers: ['comlink:proxy'] },
  { id: 'threadsSpawn', callee: ['threads:spawn'], callbackWrappers: [] },
];

/** Names whose presence in a file's text means the send model may apply (the file gate, see model/index.ts). */
export const sendTriggerWords = [
  'postMessage',
  'structuredClone',
  'transferList',
  'transfer',
  'Transfer',
  'transferToFixedLength',
  'worker_threads',
  'comlink',
  'Comlink',
  'getDocument',
  'writeFile',
  'threads',
  'workerpool',
  'piscina',
  'Piscina',
  'tinypool',
  'Tinypool',
  'moveMessagePortToContext',
];

/**
 * Functions whose answer about a value is the same before and after it is
 * transferred: they read its identity or type, never its contents, so passing
 * a moved value to them is not a use (`Object.getPrototypeOf(buf) ===
 * ArrayBuffer.prototype` still holds for a detached buffer).
 */
export const identityOnlyCalls: readonly string[] = [
  'Object.getPrototypeOf',
  'Reflect.getPrototypeOf',
  'Object.is',
  'ArrayBuffer.isView',
  'Array.isArray',
  'Object.prototype.toString.call',
];

/**
 * Methods the language calls on an object when an operation needs a primitive
 * from it (ToPrimitive): a call that takes a number or a string, such as
 * `view.subarray(start, end)` or `buf.toString('utf8', start)`, runs them
 * while it converts its arguments, after its receiver was read and before it
 * reads the receiver's memory. `'Symbol.toPrimitive'` names the computed key
 * `[Symbol.toPrimitive]`.
 */
export const coercionHooks: readonly string[] = ['Symbol.toPrimitive', 'valueOf', 'toString'];
