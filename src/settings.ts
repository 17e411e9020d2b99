/**
 * `settings.fearless`: the user's extensions of the API model.
 *
 * Plain JSON only (ESLint's `--concurrency` structured-clones the config into
 * worker threads, so functions and regular expressions would not survive).
 * Invalid settings throw an error that names the bad key; the whole lint run
 * stops, as it does for an invalid rule option, rather than silently linting
 * with half a model.
 *
 * ```js
 * settings: {
 *   fearless: {
 *     sends: [{ function: 'sendFrame', transfer: [{ arg: 0 }] }],
 *     locks: [{ class: 'SpinLock', module: './spin-lock', acquire: ['lock'], release: ['unlock'], blocking: true }],
 *     channels: [{ function: 'openChannel', close: ['dispose'] }],
 *     lockOrder: ['accounts', 'ledger'],
 *   },
 * }
 * ```
 */

export interface SendSetting {
  /** A plain function that sends: `sendFrame(buf)`. Matched by its local or imported name. */
  readonly function?: string;
  /** A method that sends, on any receiver: `gpu.upload(buf)`. */
  readonly method?: string;
  /** A class whose construction sends: `new Job(data, transfer)`. */
  readonly class?: string;
  /** Only when imported from this module (for `function` and `class`). */
  readonly module?: string;
  /** Where the message is. */
  readonly payload?: { readonly arg: number; readonly key?: string };
  /** What moves: `{ arg }` the argument itself, `{ arg, list: true }` an array of transferables, `{ arg, key }` an options object's list under `key`. */
  readonly transfer?: ReadonlyArray<{ readonly arg: number; readonly list?: boolean; readonly key?: string }>;
}

export interface LockSetting {
  /** The lock's class: instances created with `new <class>()` are locks. */
  readonly class: string;
  readonly module?: string;
  /** Methods that wait for the lock. */
  readonly acquire?: readonly string[];
  /** Methods that take the lock only if it is free (never wait). */
  readonly tryAcquire?: readonly string[];
  /** Methods that release it. */
  readonly release?: readonly string[];
  /** Methods that run a callback (their last function argument) while holding it, and release it afterwards. */
  readonly scoped?: readonly string[];
  /** Whether `acquire` returns the function that releases it (async-mutex style). */
  readonly acquireReturnsReleaser?: boolean;
  /** Whether the holder may take it again without waiting. */
  readonly reentrant?: boolean;
  /** Whether waiting blocks the thread (Atomics-based): holding it across `await` is reported. */
  readonly blocking?: boolean;
  /** The constructor argument that is the shared memory this lock guards (a lock wrapper). */
  readonly guards?: { readonly arg: number };
}

export interface ChannelSetting {
  /** A function that creates a channel endpoint: `openChannel(name)`. */
  readonly function?: string;
  /** A class whose instances are channel endpoints: `new Channel(name)`. */
  readonly class?: string;
  readonly module?: string;
  /** Properties of the created object that are endpoints (like MessageChannel's `port1`/`port2`); default: the object itself. */
  readonly endpoints?: readonly string[];
  /** Methods that close an endpoint. */
  readonly close: readonly string[];
}

export interface FearlessSettings {
  readonly sends: readonly SendSetting[];
  readonly locks: readonly LockSetting[];
  readonly channels: readonly ChannelSetting[];
  /** A declared global order of lock classes: earlier ones are acquired first. */
  readonly lockOrder: readonly string[];
}

export const emptySettings: FearlessSettings = { sends: [], locks: [], channels: [], lockOrder: [] };

export class SettingsError extends Error {
  constructor(key: string, problem: string) {
    super(`eslint-plugin-fearless: invalid setting \`settings.${key}\`: ${problem}`);
    this.name = 'SettingsError';
  }
}

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(value: Record<string, Json>, key: string, allowed: readonly string[]): void {
  for (const name of Object.keys(value)) {
    if (!allowed.includes(name)) {
      throw new SettingsError(`${key}.${name}`, `is not a known setting (expected one of: ${allowed.join(', ')})`);
    }
  }
}

function checkIdentifierString(value: Json, key: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new SettingsError(key, 'must be a non-empty string');
  return value;
}

function checkStringArray(value: Json, key: string): string[] {
  if (!Array.isArray(value)) throw new SettingsError(key, 'must be an array of strings');
  return value.map((item, index) => checkIdentifierString(item, `${key}[${index}]`));
}

function checkBoolean(value: Json, key: string): boolean {
  if (typeof value !== 'boolean') throw new SettingsError(key, 'must be true or false');
  return value;
}

function checkArgIndex(value: Json, key: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new SettingsError(key, 'must be a non-negative integer (an argument position, 0 for the first)');
  }
  return value;
}

function checkArray(value: Json, key: string): Json[] {
  if (!Array.isArray(value)) throw new SettingsError(key, 'must be an array');
  return value;
}

function checkObject(value: Json, key: string): Record<string, Json> {
  if (!isPlainObject(value)) throw new SettingsError(key, 'must be an object');
  return value;
}

function parseSend(raw: Json, key: string): SendSetting {
  const value = checkObject(raw, key);
  checkKeys(value, key, ['function', 'method', 'class', 'module', 'payload', 'transfer']);
  const kinds = (['function', 'method', 'class'] as const).filter((name) => value[name] !== undefined);
  if (kinds.length !== 1) throw new SettingsError(key, 'must name exactly one of `function`, `method` or `class`');
  if (value.module !== undefined && value.method !== undefined) {
    throw new SettingsError(`${key}.module`, 'applies to `function` and `class` only (a method is matched on any receiver)');
  }
  let payload: SendSetting['payload'];
  if (value.payload !== undefined) {
    const raw = checkObject(value.payload, `${key}.payload`);
    checkKeys(raw, `${key}.payload`, ['arg', 'key']);
    payload = {
      arg: checkArgIndex(raw.arg, `${key}.payload.arg`),
      ...(raw.key === undefined ? {} : { key: checkIdentifierString(raw.key, `${key}.payload.key`) }),
    };
  }
  const transfer = value.transfer === undefined
    ? undefined
    : checkArray(value.transfer, `${key}.transfer`).map((item, index) => {
        const itemKey = `${key}.transfer[${index}]`;
        const slot = checkObject(item, itemKey);
        checkKeys(slot, itemKey, ['arg', 'list', 'key']);
        if (slot.list !== undefined && slot.key !== undefined) throw new SettingsError(itemKey, 'takes `list` or `key`, not both');
        return {
          arg: checkArgIndex(slot.arg, `${itemKey}.arg`),
          ...(slot.list === undefined ? {} : { list: checkBoolean(slot.list, `${itemKey}.list`) }),
          ...(slot.key === undefined ? {} : { key: checkIdentifierString(slot.key, `${itemKey}.key`) }),
        };
      });
  if (!payload && !transfer) throw new SettingsError(key, 'must declare a `payload`, a `transfer`, or both');
  return {
    ...(value.function === undefined ? {} : { function: checkIdentifierString(value.function, `${key}.function`) }),
    ...(value.method === undefined ? {} : { method: checkIdentifierString(value.method, `${key}.method`) }),
    ...(value.class === undefined ? {} : { class: checkIdentifierString(value.class, `${key}.class`) }),
    ...(value.module === undefined ? {} : { module: checkIdentifierString(value.module, `${key}.module`) }),
    ...(payload ? { payload } : {}),
    ...(transfer ? { transfer } : {}),
  };
}

function parseLock(raw: Json, key: string): LockSetting {
  const value = checkObject(raw, key);
  checkKeys(value, key, ['class', 'module', 'acquire', 'tryAcquire', 'release', 'scoped', 'acquireReturnsReleaser', 'reentrant', 'blocking', 'guards']);
  const lock: LockSetting = {
    class: checkIdentifierString(value.class, `${key}.class`),
    ...(value.module === undefined ? {} : { module: checkIdentifierString(value.module, `${key}.module`) }),
    ...(value.acquire === undefined ? {} : { acquire: checkStringArray(value.acquire, `${key}.acquire`) }),
    ...(value.tryAcquire === undefined ? {} : { tryAcquire: checkStringArray(value.tryAcquire, `${key}.tryAcquire`) }),
    ...(value.release === undefined ? {} : { release: checkStringArray(value.release, `${key}.release`) }),
    ...(value.scoped === undefined ? {} : { scoped: checkStringArray(value.scoped, `${key}.scoped`) }),
    ...(value.acquireReturnsReleaser === undefined ? {} : { acquireReturnsReleaser: checkBoolean(value.acquireReturnsReleaser, `${key}.acquireReturnsReleaser`) }),
    ...(value.reentrant === undefined ? {} : { reentrant: checkBoolean(value.reentrant, `${key}.reentrant`) }),
    ...(value.blocking === undefined ? {} : { blocking: checkBoolean(value.blocking, `${key}.blocking`) }),
  };
  if (!lock.acquire?.length && !lock.scoped?.length && !lock.tryAcquire?.length) {
    throw new SettingsError(key, 'must declare at least one of `acquire`, `tryAcquire` or `scoped`');
  }
  if (value.guards === undefined) return lock;
  const guards = checkObject(value.guards, `${key}.guards`);
  checkKeys(guards, `${key}.guards`, ['arg']);
  return { ...lock, guards: { arg: checkArgIndex(guards.arg, `${key}.guards.arg`) } };
}

function parseChannel(raw: Json, key: string): ChannelSetting {
  const value = checkObject(raw, key);
  checkKeys(value, key, ['function', 'class', 'module', 'endpoints', 'close']);
  const kinds = (['function', 'class'] as const).filter((name) => value[name] !== undefined);
  if (kinds.length !== 1) throw new SettingsError(key, 'must name exactly one of `function` or `class`');
  const close = checkStringArray(value.close, `${key}.close`);
  if (close.length === 0) throw new SettingsError(`${key}.close`, 'must name at least one method');
  return {
    ...(value.function === undefined ? {} : { function: checkIdentifierString(value.function, `${key}.function`) }),
    ...(value.class === undefined ? {} : { class: checkIdentifierString(value.class, `${key}.class`) }),
    ...(value.module === undefined ? {} : { module: checkIdentifierString(value.module, `${key}.module`) }),
    ...(value.endpoints === undefined ? {} : { endpoints: checkStringArray(value.endpoints, `${key}.endpoints`) }),
    close,
  };
}

const settingsCache = new WeakMap<object, FearlessSettings>();

/** Parse and validate `settings.fearless`; throws SettingsError naming the bad key. */
export function parseSettings(settings: Readonly<Record<string, unknown>> | undefined): FearlessSettings {
  const raw = settings?.fearless;
  if (raw === undefined) return emptySettings;
  if (typeof raw === 'object' && raw !== null) {
    const cached = settingsCache.get(raw);
    if (cached) return cached;
  }
  const value = checkObject(raw, 'fearless');
  checkKeys(value, 'fearless', ['sends', 'locks', 'channels', 'lockOrder']);
  const parsed: FearlessSettings = {
    sends: value.sends === undefined ? [] : checkArray(value.sends, 'fearless.sends').map((item, index) => parseSend(item, `fearless.sends[${index}]`)),
    locks: value.locks === undefined ? [] : checkArray(value.locks, 'fearless.locks').map((item, index) => parseLock(item, `fearless.locks[${index}]`)),
    channels: value.channels === undefined ? [] : checkArray(value.channels, 'fearless.channels').map((item, index) => parseChannel(item, `fearless.channels[${index}]`)),
    lockOrder: value.lockOrder === undefined ? [] : checkStringArray(value.lockOrder, 'fearless.lockOrder'),
  };
  settingsCache.set(value, parsed);
  return parsed;
}
