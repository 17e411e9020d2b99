/**
 * `settings.fearless`: the user's extensions of the API model.
 *
 * Plain JSON only (ESLint's `--concurrency` structured-clones the config into
 * worker threads, so functions and regular expressions would not survive).
 * Invalid settings throw one error that lists every problem, each naming its
 * key; the whole lint run stops, as it does for an invalid rule option, rather
 * than silently linting with half a model. docs/settings.md documents every key.
 *
 * ```js
 * settings: {
 *   fearless: {
 *     sends: [{ function: 'sendFrame', transfer: [{ arg: 0 }] }],
 *     locks: [{ class: 'SpinLock', module: './spin-lock', acquire: ['lock'], release: ['unlock'], blocking: true }],
 *     channels: [{ function: 'openChannel', close: ['dispose'] }],
 *     lockOrder: ['accounts', 'ledger'],
 *     threads: { main: ['src/ui/**'], worker: ['src/workers/**'] },
 *   },
 * }
 * ```
 */
import { compileGlob, GlobSyntaxError } from './util/glob';

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

/** The threads a file can be declared to run on. */
export type ThreadKind = 'main' | 'worker';

/**
 * Where files run, by glob patterns relative to the working directory (ESLint's `files` syntax):
 * `main` is a browser page's main thread (a blocking wait throws there), `worker` any worker.
 * Overrides what the file's text suggests.
 */
export type ThreadsSetting = { readonly [thread in ThreadKind]?: readonly string[] };

export interface FearlessSettings {
  readonly sends: readonly SendSetting[];
  readonly locks: readonly LockSetting[];
  readonly channels: readonly ChannelSetting[];
  /** A declared global order of lock classes: earlier ones are acquired first. */
  readonly lockOrder: readonly string[];
  readonly threads: ThreadsSetting;
  /** Whether the rules follow calls into local modules the file imports (their summaries); on unless set false. */
  readonly followImports: boolean;
}

export const emptySettings: FearlessSettings = { sends: [], locks: [], channels: [], lockOrder: [], threads: {}, followImports: true };

/** Every key the validator accepts, by where it sits (docs/settings.md documents each; tests/docs checks that). */
export const settingsKeys = {
  fearless: ['sends', 'locks', 'channels', 'lockOrder', 'threads', 'followImports'],
  threads: ['main', 'worker'],
  'sends[]': ['function', 'method', 'class', 'module', 'payload', 'transfer'],
  'sends[].payload': ['arg', 'key'],
  'sends[].transfer[]': ['arg', 'list', 'key'],
  'locks[]': ['class', 'module', 'acquire', 'tryAcquire', 'release', 'scoped', 'acquireReturnsReleaser', 'reentrant', 'blocking', 'guards'],
  'locks[].guards': ['arg'],
  'channels[]': ['function', 'class', 'module', 'endpoints', 'close'],
} as const;

/** One problem of `settings.fearless`: the key path it concerns and what is wrong with it. */
export interface SettingsProblem {
  /** `fearless.sends[0].transfer[1].arg`, under `settings`. */
  readonly key: string;
  readonly problem: string;
}

/**
 * Every problem of `settings.fearless` at once, each naming its key, in one message. ESLint prints a thrown error's
 * `stack`; a configuration mistake needs no stack trace, so `stack` is the message (set FEARLESS_DEBUG=1 for the trace).
 */
export class SettingsError extends Error {
  readonly problems: readonly SettingsProblem[];

  constructor(problems: readonly SettingsProblem[]) {
    super(formatProblems(problems));
    this.name = 'SettingsError';
    this.problems = problems;
    if (!process.env.FEARLESS_DEBUG) {
      let stack: string | undefined;
      Object.defineProperty(this, 'stack', {
        configurable: true,
        enumerable: false,
        get: () => stack ?? `${this.name}: ${this.message}`,
        set: (value: string) => {
          stack = value;
        },
      });
    }
  }
}

function formatProblems(problems: readonly SettingsProblem[]): string {
  if (problems.length === 1) return `eslint-plugin-fearless: invalid setting \`settings.${problems[0]!.key}\`: ${problems[0]!.problem}`;
  const lines = problems.map(({ key, problem }) => `  - \`settings.${key}\`: ${problem}`);
  return [`eslint-plugin-fearless: ${problems.length} invalid settings (see docs/settings.md):`, ...lines].join('\n');
}

type Json = unknown;

/** Collects the problems of one parse; every check records its problem and returns undefined instead of throwing. */
class Problems {
  readonly list: SettingsProblem[] = [];

  add(key: string, problem: string): undefined {
    this.list.push({ key, problem });
    return undefined;
  }
}

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reports each unknown key; returns whether all were known (a misspelt key explains a missing one: no cascade). */
function checkKeys(problems: Problems, value: Record<string, Json>, key: string, allowed: readonly string[]): boolean {
  let known = true;
  for (const name of Object.keys(value)) {
    if (allowed.includes(name)) continue;
    problems.add(`${key}.${name}`, `is not a known setting (expected one of: ${allowed.join(', ')})`);
    known = false;
  }
  return known;
}

function checkIdentifierString(problems: Problems, value: Json, key: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return problems.add(key, 'must be a non-empty string');
  return value;
}

function checkStringArray(problems: Problems, value: Json, key: string): string[] | undefined {
  if (!Array.isArray(value)) return problems.add(key, 'must be an array of strings');
  const items = value.map((item, index) => checkIdentifierString(problems, item, `${key}[${index}]`));
  return items.every((item) => item !== undefined) ? (items as string[]) : undefined;
}

function checkBoolean(problems: Problems, value: Json, key: string): boolean | undefined {
  if (typeof value !== 'boolean') return problems.add(key, 'must be true or false');
  return value;
}

function checkArgIndex(problems: Problems, value: Json, key: string): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    return problems.add(key, 'must be a non-negative integer (an argument position, 0 for the first)');
  }
  return value;
}

function checkArray(problems: Problems, value: Json, key: string): Json[] | undefined {
  if (!Array.isArray(value)) return problems.add(key, 'must be an array');
  return value;
}

function checkObject(problems: Problems, value: Json, key: string): Record<string, Json> | undefined {
  if (!isPlainObject(value)) return problems.add(key, 'must be an object');
  return value;
}

/** An optional member: absent stays absent; present is checked. */
function optional<T>(value: Json, check: (value: Json) => T | undefined): T | undefined {
  return value === undefined ? undefined : check(value);
}

/** A required member: missing is reported, unless an unknown key of the same entry (a misspelling) explains it. */
function required<T>(problems: Problems, value: Json, key: string, known: boolean, what: string, check: (value: Json) => T | undefined): T | undefined {
  if (value !== undefined) return check(value);
  return known ? problems.add(key, `is required (${what})`) : undefined;
}

/** Drops undefined members, so that a parsed setting has only the keys the user wrote. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

function parseSend(problems: Problems, raw: Json, key: string): SendSetting | undefined {
  const value = checkObject(problems, raw, key);
  if (!value) return undefined;
  const known = checkKeys(problems, value, key, settingsKeys['sends[]']);
  const kinds = (['function', 'method', 'class'] as const).filter((name) => value[name] !== undefined);
  if (kinds.length > 1 || (kinds.length === 0 && known)) problems.add(key, 'must name exactly one of `function`, `method` or `class`');
  if (value.module !== undefined && value.method !== undefined) {
    problems.add(`${key}.module`, 'applies to `function` and `class` only (a method is matched on any receiver)');
  }
  let payload: SendSetting['payload'];
  if (value.payload !== undefined) {
    const slot = checkObject(problems, value.payload, `${key}.payload`);
    if (slot) {
      checkKeys(problems, slot, `${key}.payload`, settingsKeys['sends[].payload']);
      const arg = checkArgIndex(problems, slot.arg, `${key}.payload.arg`);
      const payloadKey = optional(slot.key, (member) => checkIdentifierString(problems, member, `${key}.payload.key`));
      if (arg !== undefined) payload = defined({ arg, key: payloadKey });
    }
  }
  const transfer = optional(value.transfer, (member) =>
    checkArray(problems, member, `${key}.transfer`)?.map((item, index) => {
      const itemKey = `${key}.transfer[${index}]`;
      const slot = checkObject(problems, item, itemKey);
      if (!slot) return undefined;
      checkKeys(problems, slot, itemKey, settingsKeys['sends[].transfer[]']);
      if (slot.list !== undefined && slot.key !== undefined) problems.add(itemKey, 'takes `list` or `key`, not both');
      const arg = checkArgIndex(problems, slot.arg, `${itemKey}.arg`);
      const list = optional(slot.list, (listValue) => checkBoolean(problems, listValue, `${itemKey}.list`));
      const listKey = optional(slot.key, (keyValue) => checkIdentifierString(problems, keyValue, `${itemKey}.key`));
      return arg === undefined ? undefined : defined({ arg, list, key: listKey });
    }),
  );
  if (value.payload === undefined && value.transfer === undefined && known) problems.add(key, 'must declare a `payload`, a `transfer`, or both');
  const send = defined({
    function: optional(value.function, (member) => checkIdentifierString(problems, member, `${key}.function`)),
    method: optional(value.method, (member) => checkIdentifierString(problems, member, `${key}.method`)),
    class: optional(value.class, (member) => checkIdentifierString(problems, member, `${key}.class`)),
    module: optional(value.module, (member) => checkIdentifierString(problems, member, `${key}.module`)),
    payload,
    transfer: transfer?.every((slot) => slot !== undefined) ? (transfer as NonNullable<SendSetting['transfer']>) : undefined,
  });
  return send;
}

function parseLock(problems: Problems, raw: Json, key: string): LockSetting | undefined {
  const value = checkObject(problems, raw, key);
  if (!value) return undefined;
  const known = checkKeys(problems, value, key, settingsKeys['locks[]']);
  const strings = (name: string) => optional(value[name], (member) => checkStringArray(problems, member, `${key}.${name}`));
  const flag = (name: string) => optional(value[name], (member) => checkBoolean(problems, member, `${key}.${name}`));
  let guards: LockSetting['guards'];
  if (value.guards !== undefined) {
    const slot = checkObject(problems, value.guards, `${key}.guards`);
    if (slot) {
      checkKeys(problems, slot, `${key}.guards`, settingsKeys['locks[].guards']);
      const arg = checkArgIndex(problems, slot.arg, `${key}.guards.arg`);
      if (arg !== undefined) guards = { arg };
    }
  }
  const lock = defined({
    class: required(problems, value.class, `${key}.class`, known, 'the name of the lock class', (member) =>
      checkIdentifierString(problems, member, `${key}.class`),
    ) as string,
    module: optional(value.module, (member) => checkIdentifierString(problems, member, `${key}.module`)),
    acquire: strings('acquire'),
    tryAcquire: strings('tryAcquire'),
    release: strings('release'),
    scoped: strings('scoped'),
    acquireReturnsReleaser: flag('acquireReturnsReleaser'),
    reentrant: flag('reentrant'),
    blocking: flag('blocking'),
    guards,
  });
  // Present but invalid is reported already.
  const declares = (name: string) => value[name] !== undefined && !(Array.isArray(value[name]) && (value[name] as Json[]).length === 0);
  if (known && !declares('acquire') && !declares('scoped') && !declares('tryAcquire')) {
    problems.add(key, 'must declare at least one of `acquire`, `tryAcquire` or `scoped`');
  }
  return lock;
}

function parseChannel(problems: Problems, raw: Json, key: string): ChannelSetting | undefined {
  const value = checkObject(problems, raw, key);
  if (!value) return undefined;
  const known = checkKeys(problems, value, key, settingsKeys['channels[]']);
  const kinds = (['function', 'class'] as const).filter((name) => value[name] !== undefined);
  if (kinds.length > 1 || (kinds.length === 0 && known)) problems.add(key, 'must name exactly one of `function` or `class`');
  const close = required(problems, value.close, `${key}.close`, known, 'the methods that close an endpoint', (member) =>
    checkStringArray(problems, member, `${key}.close`),
  );
  if (close && close.length === 0) problems.add(`${key}.close`, 'must name at least one method');
  return defined({
    function: optional(value.function, (member) => checkIdentifierString(problems, member, `${key}.function`)),
    class: optional(value.class, (member) => checkIdentifierString(problems, member, `${key}.class`)),
    module: optional(value.module, (member) => checkIdentifierString(problems, member, `${key}.module`)),
    endpoints: optional(value.endpoints, (member) => checkStringArray(problems, member, `${key}.endpoints`)),
    close: close ?? [],
  });
}

function parseList<T>(problems: Problems, raw: Json, key: string, parse: (problems: Problems, item: Json, key: string) => T | undefined): T[] {
  if (raw === undefined) return [];
  const items = checkArray(problems, raw, key) ?? [];
  return items.map((item, index) => parse(problems, item, `${key}[${index}]`)).filter((item): item is T => item !== undefined);
}

function parseThreads(problems: Problems, raw: Json, key: string): ThreadsSetting {
  const value = checkObject(problems, raw, key);
  if (!value) return {};
  checkKeys(problems, value, key, settingsKeys.threads);
  const threads: { [thread in ThreadKind]?: string[] } = {};
  for (const thread of settingsKeys.threads) {
    const patterns = optional(value[thread], (member) => checkStringArray(problems, member, `${key}.${thread}`));
    if (!patterns) continue;
    patterns.forEach((pattern, index) => checkGlob(problems, pattern, `${key}.${thread}[${index}]`));
    threads[thread] = patterns;
  }
  return threads;
}

function checkGlob(problems: Problems, pattern: string, key: string): void {
  if (pattern.startsWith('!')) {
    problems.add(key, 'is a negated pattern, which is not supported: list the files that run on this thread');
    return;
  }
  try {
    compileGlob(pattern);
  } catch (error) {
    if (!(error instanceof GlobSyntaxError)) throw error;
    problems.add(key, `is not a valid glob pattern (${error.message})`);
  }
}

const settingsCache = new WeakMap<object, FearlessSettings>();

/** Parse and validate `settings.fearless`; throws one SettingsError listing every problem, each with its key. */
export function parseSettings(settings: Readonly<Record<string, unknown>> | undefined): FearlessSettings {
  const raw = settings?.fearless;
  if (raw === undefined) return emptySettings;
  if (typeof raw === 'object' && raw !== null) {
    const cached = settingsCache.get(raw);
    if (cached) return cached;
  }
  const problems = new Problems();
  const value = checkObject(problems, raw, 'fearless');
  if (!value) throw new SettingsError(problems.list);
  checkKeys(problems, value, 'fearless', settingsKeys.fearless);
  const parsed: FearlessSettings = {
    sends: parseList(problems, value.sends, 'fearless.sends', parseSend),
    locks: parseList(problems, value.locks, 'fearless.locks', parseLock),
    channels: parseList(problems, value.channels, 'fearless.channels', parseChannel),
    lockOrder: optional(value.lockOrder, (member) => checkStringArray(problems, member, 'fearless.lockOrder')) ?? [],
    threads: optional(value.threads, (member) => parseThreads(problems, member, 'fearless.threads')) ?? {},
    followImports: optional(value.followImports, (member) => checkBoolean(problems, member, 'fearless.followImports')) ?? true,
  };
  if (problems.list.length > 0) throw new SettingsError(problems.list);
  settingsCache.set(value, parsed);
  return parsed;
}
