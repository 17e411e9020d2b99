/**
 * The API model of blocking waits: calls that put the calling thread to sleep
 * (Rust's `std::thread::sleep` or a blocking `Mutex::lock` in a tokio task),
 * their non-blocking alternatives, what wakes them, and how code is scheduled
 * to run later on the same thread (event handlers, timers, promise callbacks).
 * Where a file runs is model/runtimes.ts. Data, not code: the blocking
 * classifier (engine/classify/blocking.ts) interprets it.
 */
import type { QualifiedName } from './names';
import { atomicsWrites } from './shared-memory';

/** What a wait sleeps on, by argument position: `Atomics.wait(cell, index, value, timeout)`. */
export interface WaitedCell {
  readonly cell: number;
  readonly index?: number;
  /** The timeout argument: a timed wait also ends when its cell is written without a notify (a polling loop). */
  readonly timeout: number;
}

/** A call that changes a waited-on cell: `Atomics.notify(cell, index)` wakes its waiters; `Atomics.store(cell, index, v)` only changes it. */
export interface Waker {
  readonly callee: readonly QualifiedName[];
  readonly label: string;
  readonly cell: number;
  readonly index?: number;
  /** Whether it wakes a waiter that sleeps without a timeout (a notify); a plain write is seen only by a timed wait that looks again. */
  readonly wakes: boolean;
}

export interface BlockingWait {
  readonly callee: readonly QualifiedName[];
  /** How messages name the call. */
  readonly label: string;
  /** The call that waits without blocking, for the message. */
  readonly asyncAlternative: string;
  /**
   * An expression-level rewrite that keeps the code valid inside an async function:
   * `Atomics.wait(a, i, v)` -> `await Atomics.waitAsync(a, i, v).value` (the same
   * "ok" / "not-equal" / "timed-out" string, without blocking). Absent: message only.
   */
  readonly awaitRewrite?: { readonly callee: string; readonly member: string };
  /** What it waits on, and the calls that wake it: a wake-up that can only come from this thread's event loop never comes. */
  readonly waitsOn?: WaitedCell;
  readonly wakers?: readonly Waker[];
}

const atomicsCellWrites: readonly Waker[] = [...atomicsWrites]
  .filter((operation) => operation !== 'notify')
  .map((operation) => ({ callee: [`global:Atomics.${operation}`], label: `Atomics.${operation}`, cell: 0, index: 1, wakes: false }));

export const builtinBlockingWaits: readonly BlockingWait[] = [
  {
    callee: ['global:Atomics.wait'],
    label: 'Atomics.wait',
    asyncAlternative: 'Atomics.waitAsync',
    awaitRewrite: { callee: 'Atomics.waitAsync', member: 'value' },
    waitsOn: { cell: 0, index: 1, timeout: 3 },
    wakers: [{ callee: ['global:Atomics.notify'], label: 'Atomics.notify', cell: 0, index: 1, wakes: true }, ...atomicsCellWrites],
  },
  // TC39 shared structs (V8): both forms of `lock` block until the mutex is free. Who unlocks it is not modeled.
  { callee: ['global:Atomics.Mutex.lock'], label: 'Atomics.Mutex.lock', asyncAlternative: 'Atomics.Mutex.lockAsync' },
  {
    callee: ['global:Atomics.Condition.wait'],
    label: 'Atomics.Condition.wait',
    asyncAlternative: 'Atomics.Condition.waitAsync',
    waitsOn: { cell: 0, timeout: 2 },
    wakers: [{ callee: ['global:Atomics.Condition.notify'], label: 'Atomics.Condition.notify', cell: 0, wakes: true }],
  },
];

/** How a function is registered to run on a later event of this thread: `x.addEventListener('message', f)`, `port.on('data', f)`, `onmessage = f`. */
export const eventHandlerRegistrations = {
  /** Methods whose first argument names the event and whose second is the handler. */
  methods: ['addEventListener', 'on', 'once', 'addListener', 'prependListener', 'prependOnceListener'] as readonly string[],
  /** Assigned handler properties: any `on<event>` (`self.onmessage = f`, `button.onclick = f`). */
  propertyPrefix: 'on',
};

/**
 * Calls that run a function argument later, on this thread's event loop, never
 * before they return: timers and microtasks by callee, promise reactions by
 * method name (`p.then(f)`). A callback of any other call (`array.forEach(f)`,
 * `new Promise(f)`) may run synchronously, inside the caller.
 */
export const deferringCalls: { readonly callee: ReadonlySet<QualifiedName>; readonly methods: ReadonlySet<string> } = {
  callee: new Set([
    'global:setTimeout',
    'global:setInterval',
    'global:setImmediate',
    'global:queueMicrotask',
    'global:requestAnimationFrame',
    'global:requestIdleCallback',
    'global:process.nextTick',
    'timers:setTimeout',
    'timers:setInterval',
    'timers:setImmediate',
  ]),
  methods: new Set(['then', 'catch', 'finally']),
};

export const blockingTriggerWords = ['Atomics'];
