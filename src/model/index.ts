/**
 * The API model, compiled once per settings object: built-in tables plus the
 * entries declared in `settings.fearless`, indexed for lookup by method name
 * and qualified name, and the file gate (a file whose text names nothing in
 * the model is not analysed at all).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { builtinChannels, channelTriggerWords, type ChannelKind } from './channels';
import { atomicsMutex, builtinLockWrappers, builtinLocks, builtinNamedLocks, lockTriggerWords, type LockKind, type LockWrapper, type NamedLockApi } from './locks';
import { nameVariants, normalizeModule, type QualifiedName } from './names';
import { builtinRemotes, builtinSends, sendTriggerWords, type CallMatch, type RemoteFactory, type SendSignature, type TransferSlot } from './sends';
import { sharedMemoryTriggerWords, unsendableTriggerWords } from './clone';
import type { FearlessSettings } from '../settings';
import { skipWrappers, staticPropertyName } from '../engine/ast';
import type { Resolver } from '../engine/resolve';

/** The parts of the model, each with its own text gate. */
export type ModelArea = 'sends' | 'locks' | 'channels' | 'sharedMemory';

export interface CompiledModel {
  readonly settings: FearlessSettings;
  readonly sends: readonly SendSignature[];
  readonly remotes: readonly RemoteFactory[];
  readonly channels: readonly ChannelKind[];
  readonly locks: readonly LockKind[];
  readonly lockWrappers: readonly LockWrapper[];
  readonly namedLocks: readonly NamedLockApi[];
  readonly atomicsMutex: typeof atomicsMutex;
  /** Every method name a lock of the model acquires, releases or scopes with (calls of other methods are not lock calls). */
  readonly lockMethods: ReadonlySet<string>;
  readonly namedLockCallees: ReadonlySet<QualifiedName>;
  readonly atomicsLock: ReadonlySet<QualifiedName>;
  readonly atomicsLockIfAvailable: ReadonlySet<QualifiedName>;
  /** Whether a file's text mentions anything the model knows (cheap; decides if the file is analysed). */
  mentionsModel(text: string): boolean;
  /** Whether a file's text mentions what one analysis looks for: analyses of files that cannot have findings are skipped. */
  mentionsArea(area: ModelArea, text: string): boolean;
  /** Send signatures that may match this call (the engine checks their arguments). */
  sendCandidates(call: TSESTree.CallExpression | TSESTree.NewExpression, resolver: Resolver): readonly SendSignature[];
  /** Channel kinds whose endpoints this call creates. */
  channelCandidates(call: TSESTree.CallExpression | TSESTree.NewExpression, resolver: Resolver): readonly ChannelKind[];
  /** Lock kinds whose instances this call creates. */
  lockCandidates(call: TSESTree.CallExpression | TSESTree.NewExpression, resolver: Resolver): readonly LockKind[];
}

class IndexedMatches<T> {
  readonly byMethod = new Map<string, T[]>();
  readonly byName = new Map<QualifiedName, T[]>();
  readonly byNew = new Map<QualifiedName, T[]>();
  readonly named: Array<{ match: Extract<CallMatch, { kind: 'named' }>; value: T }> = [];

  add(match: CallMatch, value: T): void {
    const push = (map: Map<string, T[]>, key: string): void => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    switch (match.kind) {
      case 'method':
        for (const name of match.names) push(this.byMethod, name);
        break;
      case 'call':
        for (const name of match.callee) push(this.byName, name);
        break;
      case 'new':
        for (const name of match.callee) push(this.byNew, name);
        break;
      case 'named':
        this.named.push({ match, value });
        break;
    }
  }

  lookup(call: TSESTree.CallExpression | TSESTree.NewExpression, resolver: Resolver): T[] {
    const found: T[] = [];
    const callee = skipWrappers(call.callee);
    const qualified = resolver.qualifiedName(callee);
    if (call.type === 'CallExpression') {
      if (callee.type === 'MemberExpression') {
        const method = staticPropertyName(callee);
        if (method !== undefined) found.push(...(this.byMethod.get(method) ?? []));
      }
      if (qualified !== undefined) for (const variant of nameVariants(qualified)) found.push(...(this.byName.get(variant) ?? []));
    } else if (qualified !== undefined) {
      for (const variant of nameVariants(qualified)) found.push(...(this.byNew.get(variant) ?? []));
    }
    for (const { match, value } of this.named) {
      if (matchesNamed(match, call, qualified)) found.push(value);
    }
    return found;
  }
}

/** A settings entry known by name: `sendFrame(...)`, `new Job(...)`, optionally only when imported from `module`. */
function matchesNamed(
  match: Extract<CallMatch, { kind: 'named' }>,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  qualified: QualifiedName | undefined,
): boolean {
  if (match.construct !== (call.type === 'NewExpression')) return false;
  if (match.module !== undefined) {
    const wanted = `${normalizeModule(match.module)}:${match.name}`;
    return qualified !== undefined && nameVariants(qualified).includes(wanted);
  }
  const callee = skipWrappers(call.callee);
  if (callee.type === 'Identifier' && callee.name === match.name) return true;
  if (qualified === undefined) return false;
  return qualified.endsWith(`:${match.name}`) || qualified.endsWith(`.${match.name}`);
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
      ? { payload: entry.payload.key === undefined ? { kind: 'arg', arg: entry.payload.arg } : { kind: 'option', arg: entry.payload.arg, key: entry.payload.key } }
      : {}),
    transfer,
    crossesThread: true,
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

  const sendIndex = new IndexedMatches<SendSignature>();
  for (const send of sends) sendIndex.add(send.match, send);
  const channelIndex = new IndexedMatches<ChannelKind>();
  for (const channel of channels) channelIndex.add(channel.create, channel);
  const lockIndex = new IndexedMatches<LockKind>();
  for (const lock of locks) lockIndex.add(lock.create, lock);

  const defined = (words: ReadonlyArray<string | undefined>): string[] => words.filter((word): word is string => word !== undefined);
  const areaWords: Record<ModelArea, string[]> = {
    sends: [...sendTriggerWords, ...unsendableTriggerWords, ...defined(settings.sends.flatMap((entry) => [entry.function, entry.method, entry.class]))],
    locks: [...lockTriggerWords, ...defined(settings.locks.flatMap((entry) => [entry.class, ...(entry.acquire ?? []), ...(entry.scoped ?? []), ...(entry.tryAcquire ?? [])]))],
    channels: [...channelTriggerWords, ...defined(settings.channels.flatMap((entry) => [entry.function, entry.class]))],
    // Shared memory is accessed under locks of any kind, and guarded by settings lock wrappers.
    sharedMemory: [...sharedMemoryTriggerWords],
  };
  const pattern = (words: readonly string[]): RegExp => new RegExp(`\\b(?:${[...new Set(words)].map(escapeRegExp).join('|')})\\b`);
  const gate = pattern(Object.values(areaWords).flat());
  const areaGates = Object.fromEntries(Object.entries(areaWords).map(([area, words]) => [area, pattern(words)])) as Record<ModelArea, RegExp>;

  const lockMethods = new Set<string>(['acquire', 'release', 'lock', atomicsMutex.tokenRelease]);
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
    mentionsModel: (text) => gate.test(text),
    mentionsArea: (area, text) => areaGates[area].test(text),
    sendCandidates: (call, resolver) => sendIndex.lookup(call, resolver),
    channelCandidates: (call, resolver) => channelIndex.lookup(call, resolver),
    lockCandidates: (call, resolver) => lockIndex.lookup(call, resolver),
  };
  compiled.set(settings, model);
  return model;
}
