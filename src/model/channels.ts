/**
 * The API model of channel endpoints: what creates one and what closes it.
 * `settings.fearless.channels` adds entries of the same shape.
 */
import type { CallMatch } from './sends';

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
  },
];

export const channelTriggerWords = ['MessageChannel', 'BroadcastChannel', 'getWriter', 'MessagePort'];
