/**
 * The API model, compiled once per settings object: built-in tables plus the
 * entries declared in `settings.fearless`, indexed for lookup by method name
 * and qualified name, and the file gate (a file whose text names nothing in
 * the model is not analysed at all).
 */
import { builtinChannels, channelTriggerWords, type ChannelKind } from './channels';
import {
  atomicsMutex,
  builtinLockWrappers,
  builtinLocks,
  builtinNamedLocks,
  lockTriggerWords,
  type LockKind,
  type LockWrapper,
  type NamedLockApi,
} from './locks';
import type { QualifiedName } from './names';
import { builtinRemotes, builtinSends, sendTriggerWords, type CallMatch, type RemoteFactory, type SendSignature, type TransferSlot } from './sends';
import { unsendableTriggerWords } from './clone';
import { sharedMemoryTriggerWords } from './shared-memory';
import { blockingTriggerWords, builtinBlockingWaits, type BlockingWait, type Waker } from './blocking';
import type { FearlessSettings } from '../settings';

/** The parts of the model, each with its own text gate. */
export type ModelArea = 'sends' | 'locks' | 'channels' | 'sharedMemory' | 'blocking';

export interface CompiledModel {
  readonly settings: FearlessSettings;
  readonly sends: readonly SendSignature[];
  readonly remotes: readonly RemoteFactory[];
  readonly channels: readonly ChannelKind[];
  readonly locks: readonly LockKind[];
  readonly lockWrappers: readonly LockWrapper[];
  readonly namedLocks: readonly NamedLockApi[];
  readonly atomicsMutex: typeof atomicsMutex;
  /** Calls that block the calling thread (`Atomics.wait`), by qualified name. */
  readonly blockingWaits: ReadonlyMap<QualifiedName, BlockingWait>;
  /** Calls that wake or change what a blocking wait sleeps on (`Atomics.notify`, `Atomics.store`), by qualified name. */
  readonly blockingWakers: ReadonlyMap<QualifiedName, Waker>;
  /** Every method name a lock of the model acquires, releases or scopes with, or a lock API is called by (calls of other methods are not lock calls). */
  readonly lockMethods: ReadonlySet<string>;
  readonly namedLockCallees: ReadonlySet<QualifiedName>;
  readonly atomicsLock: ReadonlySet<QualifiedName>;
  readonly atomicsLockIfAvailable: ReadonlySet<QualifiedName>;
  /** Whether a file's text mentions anything the model knows (cheap; decides if the file is analysed). */
  mentionsModel(text: string): boolean;
  /** Whether a file's text mentions what one analysis looks for: analyses of files that cannot have findings are skipped. */
  mentionsArea(area: ModelArea, text: string): boolean;
  /** Send signatures by how a call matches them (the engine's SendClassifier checks their arguments). */
  readonly sendIndex: MatchIndex<SendSignature>;
  /** Channel kinds by the call that creates their endpoints. */
  readonly channelIndex: MatchIndex<ChannelKind>;
  /** Lock kinds by the call that creates an instance. */
  readonly lockIndex: MatchIndex<LockKind>;
}

/**
 * Model entries indexed by how a call can match them (by method name, by
 * qualified callee, by constructor, by a settings name). Plain data: the
 * engine's classify/candidates.ts looks a call up in it.
 */
export interface MatchIndex<T> {
  readonly byMethod: ReadonlyMap<string, readonly T[]>;
  readonly byName: ReadonlyMap<QualifiedName, readonly T[]>;
  readonly byNew: ReadonlyMap<QualifiedName, readonly T[]>;
  readonly named: ReadonlyArray<{ readonly match: NamedMatch; readonly value: T }>;
}

export type NamedMatch = Extract<CallMatch, { kind: 'named' }>;

function indexMatches<T>(entries: readonly T[], matchOf: (entry: T) => CallMatch): MatchIndex<T> {
  const byMethod = new Map<string, T[]>();
  const byName = new Map<QualifiedName, T[]>();
  const byNew = new Map<QualifiedName, T[]>();
  const named: Array<{ match: NamedMatch; value: T }> = [];
  const push = (map: Map<string, T[]>, key: string, value: T): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const value of entries) {
    const match = matchOf(value);
    switch (match.kind) {
      case 'method':
        for (const name of match.names) push(byMethod, name, value);
        break;
      case 'call':
        for (const name of match.callee) push(byName, name, value);
        break;
      case 'new':
        for (const name of match.callee) push(byNew, name, value);
        break;
      case 'named':
        named.push({ match, value });
        break;
    }
  }
  return { byMethod, byName, byNew, named };
}

function namedMatch(entry: { function?: string; class?: string; module?: string }): CallMatch {
  const name = (entry.function ?? entry.class)!;
  return { kind: 'named', name, construct: entry.class !== undefined, ...(entry.module === undefined ? {} : { module: entry.module }) };
}

function sendFromSetting(entry: FearlessSettings['sends'][number], index: number): SendSignature {
  const transfer: TransferSlot[] = (entry.transfer ?? []).map((slot) =>
    slot.list ? { kind: 'list', arg: slot.arg } : slot.key !== undefined ? { kind: 'options', arg: slot.arg, key: slot.key } : { kind: 'value', arg: slot.arg },
  );
  return {
    id: `settings.sends[${index}]`,
    match: entry.method !== undefined ? { kind: 'method', names: [entry.method] } : namedMatch(entry),
    ...(entry.payload
      ? {
          payload:
            entry.payload.key === undefined ? { kind: 'arg', arg: entry.payload.arg } : { kind: 'option', arg: entry.payload.arg, key: entry.payload.key },
        }
      : {}),
    transfer,
    crossesThread: true,
    clonesPayload: true,
  };
}

function lockFromSetting(entry: FearlessSettings['locks'][number], index: number): LockKind {
  const returns = entry.acquireReturnsReleaser ? 'releaser' : 'nothing';
  return {
    id: `settings.locks[${index}]`,
    label: entry.class,
    create: namedMatch({ class: entry.class, ...(entry.module === undefined ? {} : { module: entry.module }) }),
    acquire: [
      ...(entry.acquire ?? []).map((method) => ({ method, returns, waits: true }) as const),
      ...(entry.tryAcquire ?? []).map((method) => ({ method, returns, waits: false }) as const),
    ],
    release: entry.release ?? [],
    scoped: (entry.scoped ?? []).map((method) => ({ method, callback: 'last' as const })),
    reentrant: entry.reentrant ?? false,
    blocksThread: entry.blocking ?? false,
    ...(entry.guards ? { guards: entry.guards.arg } : {}),
  };
}

function channelFromSetting(entry: FearlessSettings['channels'][number], index: number): ChannelKind {
  return {
    id: `settings.channels[${index}]`,
    label: (entry.class ?? entry.function)!,
    create: namedMatch(entry),
    endpoints: entry.endpoints ?? [],
    close: entry.close,
    unref: [],
    symptom: 'the other side waits for messages that never come',
    closesTogether: false,
    // What settings declare is closed by `close` as ports are: the try/finally suggestion applies as it does to ports.
    closeIsIdempotent: true,
    chainable: [],
    threadTransferKeys: [],
    threadEndMethods: [],
    closedWord: 'closed',
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const compiled = new WeakMap<FearlessSettings, CompiledModel>();

export function compileModel(settings: FearlessSettings): CompiledModel {
  const cached = compiled.get(settings);
  if (cached) return cached;

  const sends = [...builtinSends, ...settings.sends.map(sendFromSetting)];
  const locks = [...builtinLocks, ...settings.locks.map(lockFromSetting)];
  const channels = [...builtinChannels, ...settings.channels.map(channelFromSetting)];

  const defined = (words: ReadonlyArray<string | undefined>): string[] => words.filter((word): word is string => word !== undefined);
  const areaWords: Record<ModelArea, string[]> = {
    sends: [...sendTriggerWords, ...unsendableTriggerWords, ...defined(settings.sends.flatMap((entry) => [entry.function, entry.method, entry.class]))],
    locks: [
      ...lockTriggerWords,
      ...defined(settings.locks.flatMap((entry) => [entry.class, ...(entry.acquire ?? []), ...(entry.scoped ?? []), ...(entry.tryAcquire ?? [])])),
    ],
    channels: [...channelTriggerWords, ...defined(settings.channels.flatMap((entry) => [entry.function, entry.class]))],
    // Shared memory is accessed under locks of any kind, and guarded by settings lock wrappers.
    sharedMemory: [...sharedMemoryTriggerWords],
    blocking: [...blockingTriggerWords],
  };
  const pattern = (words: readonly string[]): RegExp => new RegExp(`\\b(?:${[...new Set(words)].map(escapeRegExp).join('|')})\\b`);
  const gate = pattern(Object.values(areaWords).flat());
  const areaGates = Object.fromEntries(Object.entries(areaWords).map(([area, words]) => [area, pattern(words)])) as Record<ModelArea, RegExp>;

  // The method names of the named-lock APIs and Atomics.Mutex (`navigator.locks.request`, `Atomics.Mutex.lockIfAvailable`).
  const calleeMethods = [...builtinNamedLocks.flatMap((api) => api.callee), ...atomicsMutex.lock, ...atomicsMutex.lockIfAvailable].map((name) =>
    name.slice(name.lastIndexOf('.') + 1),
  );
  const lockMethods = new Set<string>(['acquire', 'release', 'lock', atomicsMutex.tokenRelease, ...calleeMethods]);
  for (const lock of locks) {
    for (const acquire of lock.acquire) lockMethods.add(acquire.method);
    for (const scoped of lock.scoped) lockMethods.add(scoped.method);
    for (const release of lock.release) lockMethods.add(release);
  }

  const model: CompiledModel = {
    settings,
    lockMethods,
    namedLockCallees: new Set(builtinNamedLocks.flatMap((api) => api.callee)),
    atomicsLock: new Set(atomicsMutex.lock),
    atomicsLockIfAvailable: new Set(atomicsMutex.lockIfAvailable),
    sends,
    remotes: builtinRemotes,
    channels,
    locks,
    lockWrappers: builtinLockWrappers,
    namedLocks: builtinNamedLocks,
    atomicsMutex,
    blockingWaits: new Map(builtinBlockingWaits.flatMap((wait) => wait.callee.map((name) => [name, wait] as const))),
    blockingWakers: new Map(builtinBlockingWaits.flatMap((wait) => (wait.wakers ?? []).flatMap((waker) => waker.callee.map((name) => [name, waker] as const)))),
    mentionsModel: (text) => gate.test(text),
    mentionsArea: (area, text) => areaGates[area].test(text),
    sendIndex: indexMatches(sends, (send) => send.match),
    channelIndex: indexMatches(channels, (channel) => channel.create),
    lockIndex: indexMatches(locks, (lock) => lock.create),
  };
  compiled.set(settings, model);
  return model;
}
