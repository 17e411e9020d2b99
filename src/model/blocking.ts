/**
 * The API model of blocking waits: calls that put the calling thread to sleep
 * (Rust's `std::thread::sleep` or a blocking `Mutex::lock` in a tokio task),
 * their non-blocking alternatives, and how event handlers are registered
 * (where a file runs is model/runtimes.ts). Data, not code: the blocking
 * classifier (engine/classify/blocking.ts) interprets it.
 */
import type { QualifiedName } from './names';

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
}

export const builtinBlockingWaits: readonly BlockingWait[] = [
  {
    callee: ['global:Atomics.wait'],
    label: 'Atomics.wait',
    asyncAlternative: 'Atomics.waitAsync',
    awaitRewrite: { callee: 'Atomics.waitAsync', member: 'value' },
  },
  // TC39 shared structs (V8): both forms of `lock` block until the mutex is free.
  { callee: ['global:Atomics.Mutex.lock'], label: 'Atomics.Mutex.lock', asyncAlternative: 'Atomics.Mutex.lockAsync' },
  { callee: ['global:Atomics.Condition.wait'], label: 'Atomics.Condition.wait', asyncAlternative: 'Atomics.Condition.waitAsync' },
];

/** How a function is registered as an event handler: `x.addEventListener('message', f)`, `port.on('message', f)`, `onmessage = f`. */
export const eventHandlerRegistrations = {
  methods: ['addEventListener', 'on', 'once'] as readonly string[],
  /** Assigned handler properties: `self.onmessage = f`, `port.onmessage = f`. */
  properties: ['onmessage', 'onmessageerror', 'onconnect'] as readonly string[],
  /** Events whose handler runs on the event loop that delivers the message being waited for. */
  events: ['message', 'messageerror', 'connect'] as readonly string[],
};

export const blockingTriggerWords = ['Atomics'];
