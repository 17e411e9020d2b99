import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-channel-close';

import { usingUnsupported } from '../typed';

const ruleTester = new RuleTester();

const broadcastSymptom = 'it keeps the event loop alive (node --test and Jest never exit)';
const portSymptom = 'it keeps the event loop alive and leaks the port';

ruleTester.run('require-channel-close', rule, {
  valid: [
    // Issue #9: an endpoint stored on a prototype escapes to every instance; the other end is closed by a method stored there too.
    `
export function attach(Proto) {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {};
  Proto.prototype.port = channel.port2;
  Proto.prototype.close = () => channel.port1.close();
}
`,
    // Issue #9: endpoints kept in a field of an owner whose dispose() closes them are closed by closing the owner.
    `
export class Owner {
  constructor() {
    this.channel = new MessageChannel();
    this.channel.port1.onmessage = () => {};
  }
  dispose() {
    this.channel.port1.close();
    this.channel.port2.close();
  }
}
export function make() {
  return new Owner();
}
`,
    // Request/response: the reply handler closes the port; the other port is transferred.
    `
function request(worker, message) {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = (event) => {
      resolve(event.data);
      port1.close();
    };
    worker.postMessage(message, [port2]);
  });
}
`,
    // Closed in a finally, with an early return inside the try.
    `
async function broadcast(items) {
  const channel = new BroadcastChannel('progress');
  try {
    for (const item of items) {
      if (item.failed) return false;
      channel.postMessage(item.id);
    }
    return true;
  } finally {
    channel.close();
  }
}
`,
    // Handed off: returned, stored in a field, stored in a Map, passed on, exported.
    `
function connect() {
  const { port1, port2 } = new MessageChannel();
  return { local: port1, remote: port2 };
}
class Hub {
  constructor(registry) {
    const channel = new BroadcastChannel('hub');
    this.channel = channel;
    const { port1, port2 } = new MessageChannel();
    registry.set('a', port1);
    register(port2);
  }
  close() { this.channel.close(); }
}
export const updates = new BroadcastChannel('updates');
const events = new BroadcastChannel('events');
export { events };
module.exports.other = new BroadcastChannel('other');
`,
    // Closing one port closes the pair.
    `
function pair() {
  const { port1, port2 } = new MessageChannel();
  port2.onmessage = (event) => console.log(event.data);
  port1.postMessage(1);
  port1.close();
}
`,
    // A module-level channel closed on shutdown, through an alias.
    `
import { BroadcastChannel } from 'node:worker_threads';
const jobs = new BroadcastChannel('jobs');
const alias = jobs;
process.on('exit', () => alias.close());
`,
    // Closed by a function of the file that the code calls.
    `
function shutdown(channel) { channel.close(); }
function run() {
  const channel = new BroadcastChannel('run');
  channel.postMessage('go');
  shutdown(channel);
}
`,
    // A close or abort inside a try whose catch ignores its rejection: a writer whose abort() rejects has still
    // errored its stream, and a port handed to a helper that closes it is closed even if the helper throws after.
    `
export async function finish(writable, failed, error) {
  const writer = writable.getWriter();
  if (failed) {
    try {
      await writer.abort(error);
    } catch {
      // the first error matters more
    }
  } else {
    await writer.close();
  }
}
async function flush(writable) {
  const writer = writable.getWriter();
  try {
    await writer.close();
  } catch {}
  return 1;
}
function handOver(worker) {
  const { port1, port2 } = new MessageChannel();
  try {
    shut(port1);
  } catch {}
  worker.postMessage(0, [port2]);
}
function shut(port) { port.close(); }
`,
    // Module-level endpoints of a service worker and of a page live as long as it does.
    `
const replies = new BroadcastChannel('replies');
replies.onmessage = (event) => settle(event.data);
self.addEventListener('activate', (event) => event.waitUntil(clients.claim()));
`,
    // Issue #9: a 'fetch' (or 'install', 'push', ...) listener on the global is service worker code too.
    `
const updates = new BroadcastChannel('updates');
updates.onmessage = (event) => console.log(event.data);
self.addEventListener('fetch', (event) => updates.postMessage(event.request.url));
`,
    `
const sync = new BroadcastChannel('sync');
sync.onmessage = (event) => {
  document.getElementById('status').textContent = event.data;
};
`,
    // A writer released in finally; a writer closed.
    `
async function save(stream, bytes) {
  const writer = stream.getWriter();
  try {
    await writer.write(bytes);
  } finally {
    writer.releaseLock();
  }
}
async function finish(stream, bytes) {
  const writer = stream.getWriter();
  await writer.write(bytes);
  await writer.close();
}
`,
    // using: disposed at the end of the block (TypeScript 5.2+ parses it).
    {
      code: `
function scoped() {
  using channel = new BroadcastChannel('scoped');
  channel.postMessage(1);
}
`,
      skip: usingUnsupported,
    },
    // unref accepted when configured.
    {
      code: `
const ticks = new BroadcastChannel('ticks');
ticks.unref();
`,
      options: [{ unknownCallIsHandoff: true, unrefIsDischarge: true, requireStart: false, workers: false, streamReaders: false, comlinkRemotes: false }],
    },
    // An unref() that no later listener undoes: a process-lifetime channel on purpose, whatever the options.
    {
      code: `
const ticks = new BroadcastChannel('ticks');
ticks.onmessage = (event) => console.log(event.data);
ticks.unref();
`,
      options: [{ unknownCallIsHandoff: false, unrefIsDischarge: false, requireStart: false, workers: false, streamReaders: false, comlinkRemotes: false }],
    },
    // The module.register() loader channel: the listener, then unref() through the chain on() returns.
    `
import { MessageChannel } from 'node:worker_threads';
import { register } from 'node:module';
const { port1, port2 } = new MessageChannel();
port1.on('message', (m) => console.log(m)).unref();
register('./hooks.mjs', { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
`,
    // Idle ports hold nothing: reply.port1 is never started (no onmessage, no 'message' listener, no start()).
    `
import { MessageChannel } from 'node:worker_threads';
const reply = new MessageChannel();
const main = new MessageChannel();
main.port2.on('message', () => main.port2.close());
main.port1.postMessage('job', [reply.port2]);
main.port1.close();
`,
    // Under strict too: the port goes into an object of a class of this file that keeps it in a field and closes
    // it in a method (the object owns it); a TypeScript parameter property keeps it the same way.
    {
      code: `
import { MessageChannel } from 'node:worker_threads';
const Info = class {
  constructor(worker, port) {
    this.worker = worker;
    this.port = port;
    this.port.on('message', (m) => this.done(m));
  }
  destroy() {
    this.worker.terminate().then(() => this.port.close());
  }
};
class Typed {
  constructor(private readonly port: MessagePort) {}
  close() { this.port.close(); }
}
export function spawn(worker) {
  const { port1, port2 } = new MessageChannel();
  port1.on('close', () => {});
  port1.on('message', () => {});
  const info = new Info(worker, port1);
  worker.postMessage({ port: port2 }, [port2]);
  return info;
}
export function typed() {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = () => {};
  port2.onmessage = () => {};
  return [new Typed(port1), new Typed(port2)];
}
`,
      options: [{ unknownCallIsHandoff: false, unrefIsDischarge: false, requireStart: false, workers: false, streamReaders: false, comlinkRemotes: false }],
    },
    // Idle in a function, under strict too: neither port is started.
    {
      code: `
function probe(worker) {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage('ping');
  register(port2);
}
`,
      options: [{ unknownCallIsHandoff: false, unrefIsDischarge: false, requireStart: false, workers: false, streamReaders: false, comlinkRemotes: false }],
    },
    // The other end went to the thread that new Worker starts: Node closes port2 when the worker exits or is terminated.
    `
import { MessageChannel, Worker } from 'node:worker_threads';
export function run(file, onLog) {
  const { port1, port2 } = new MessageChannel();
  port2.on('message', onLog);
  const worker = new Worker(file, { workerData: { port: port1 }, transferList: [port1] });
  return () => worker.terminate();
}
`,
    // The same through a library's worker options (pino's ThreadStream), under strict: the thread owns port1.
    {
      code: `
function start(ThreadStream, onLog) {
  const { port1, port2 } = new MessageChannel();
  port2.on('message', onLog);
  return new ThreadStream({ workerData: { port: port1 }, workerOpts: { transferList: [port1] } });
}
`,
      options: [{ unknownCallIsHandoff: false, unrefIsDischarge: false, requireStart: false, workers: false, streamReaders: false, comlinkRemotes: false }],
    },
    // The peer posted to a worker that this function terminates: the worker's end goes with it, and so does port1.
    `
import { MessageChannel, Worker } from 'node:worker_threads';
export async function roundTrip(file) {
  const channel = new MessageChannel();
  channel.port1.on('message', (m) => console.log(m));
  const worker = new Worker(file);
  try {
    worker.postMessage({ port: channel.port2 }, [channel.port2]);
    await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    await worker.terminate();
  }
}
`,
    // The last 'message' listener removed: Node unrefs the port, it holds nothing any more.
    `
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
function onceOnly(m) {
  console.log(m);
  port1.off('message', onceOnly);
}
port1.on('message', onceOnly);
port2.postMessage('hello');
`,
    // onmessage cleared in the handler.
    `
function ask(worker) {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = (event) => {
    port1.onmessage = null;
    console.log(event.data);
  };
  worker.postMessage('ask', [port2]);
}
`,
    // A writer captured by the methods of the stream returned in its place: the new stream owns it (zip.js), under strict too.
    {
      code: `
export function counting(writable) {
  const writer = writable.getWriter();
  let n = 0;
  return new WritableStream({
    write(chunk) { n += chunk.length; return writer.write(chunk); },
    close() { return writer.close(); },
    abort(reason) { return writer.abort(reason); },
  });
}
`,
      options: [{ unknownCallIsHandoff: false, unrefIsDischarge: false, requireStart: false, workers: false, streamReaders: false, comlinkRemotes: false }],
    },
    // A port returned through a getter of the returned object, the other closed by its close() method.
    `
export function makeNode() {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {};
  return {
    get port() { return channel.port2; },
    close() { channel.port1.close(); },
  };
}
`,
    // The object is stored in a local first, and that local is what escapes (standardized-audio-context's faker node).
    `
export function fake(monitor) {
  const messageChannel = new MessageChannel();
  messageChannel.port2.onmessage = () => {};
  const node = {
    get port() { return messageChannel.port2; },
  };
  return monitor(node);
}
`,
    // requireStart: started by start(), by onmessage, or a Node port (which delivers without start()).
    {
      code: `
function listen(worker, onData) {
  const { port1, port2 } = new MessageChannel();
  port1.addEventListener('message', onData);
  port1.start();
  worker.postMessage('hi', [port2]);
  return port1;
}
import { MessageChannel as NodeChannel } from 'node:worker_threads';
function nodeListen(worker, onData) {
  const { port1, port2 } = new NodeChannel();
  port1.addEventListener('message', onData);
  worker.postMessage('hi', [port2]);
  return port1;
}
`,
      options: [{ unknownCallIsHandoff: true, unrefIsDischarge: false, requireStart: true, workers: false, streamReaders: false, comlinkRemotes: false }],
    },
    // Off by default: an unstarted browser port is not reported.
    `
function listen(worker, onData) {
  const { port1, port2 } = new MessageChannel();
  port1.addEventListener('message', onData);
  worker.postMessage('hi', [port2]);
  return port1;
}
`,
    // A channel factory from settings, closed with its own method.
    {
      code: `
import { openChannel } from 'my-ipc';
function talk() {
  const channel = openChannel('a');
  channel.send(1);
  channel.dispose();
}
`,
      settings: { fearless: { channels: [{ function: 'openChannel', module: 'my-ipc', close: ['dispose'] }] } },
    },
  ],
  invalid: [
    {
      // The auth0 shape: one port per request, never closed; the suggestion is withheld (a listener needs it open).
      code: `
function request(worker, message) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  });
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          data: { what: '`channel.port1` of this MessageChannel', symptom: portSymptom, closed: 'closed' },
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 41,
          suggestions: null,
        },
      ],
    },
    {
      // Opened at import time.
      code: `
const updates = new BroadcastChannel('cache-updates');
updates.onmessage = (event) => invalidate(event.data);
`,
      errors: [
        {
          messageId: 'moduleNeverClosed',
          data: { what: 'This BroadcastChannel (`updates`)', symptom: broadcastSymptom },
          line: 2,
          column: 7,
          endColumn: 14,
        },
      ],
    },
    {
      // The MessageChannel scheduler: neither port closed, one report for the pair.
      code: `
import { MessageChannel } from 'node:worker_threads';
const channel = new MessageChannel();
const port = channel.port2;
channel.port1.onmessage = performWork;
export function schedule() {
  port.postMessage(null);
}
`,
      // port2 only posts (never started, it holds nothing); port1 listens and is the one reported.
      errors: [
        {
          messageId: 'moduleNeverClosed',
          data: { what: '`channel.port1` of this MessageChannel', symptom: portSymptom },
          line: 3,
          column: 17,
          endColumn: 37,
        },
      ],
    },
    {
      // An early return skips the close; the suggestion wraps the rest in try/finally, and the close moves there.
      code: `
async function broadcast(items) {
  const channel = new BroadcastChannel('progress');
  if (items.length === 0) return false;
  channel.postMessage(items.length);
  channel.close();
  return true;
}
`,
      errors: [
        {
          messageId: 'notClosedOnReturn',
          data: { what: 'This BroadcastChannel (`channel`)', symptom: broadcastSymptom, line: '4', name: 'channel', closed: 'closed' },
          line: 3,
          column: 9,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'channel' },
              output: `
async function broadcast(items) {
  const channel = new BroadcastChannel('progress');
  try {
    if (items.length === 0) return false;
    channel.postMessage(items.length);
    return true;
  } finally {
    channel.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // A close inside an inner \`try\` (skipped when postMessage throws) moves into the finally: no second close.
      // The close under \`if (check())\` stays: its test calls a function.
      code: `
function broadcast(items, check) {
  const channel = new BroadcastChannel('progress');
  try {
    channel.postMessage(items);
    channel.close();
  } catch (error) {
    console.log(error);
  }
  if (check()) {
    channel.close();
  }
}
`,
      errors: [
        {
          messageId: 'notClosedAtEnd',
          data: { what: 'This BroadcastChannel (`channel`)', symptom: broadcastSymptom, line: '13', name: 'channel', closed: 'closed' },
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'channel' },
              output: `
function broadcast(items, check) {
  const channel = new BroadcastChannel('progress');
  try {
    try {
      channel.postMessage(items);
    } catch (error) {
      console.log(error);
    }
    if (check()) {
      channel.close();
    }
  } finally {
    channel.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Never closed, falls off the end; the suggestion wraps what follows.
      code: `
function announce(message) {
  const channel = new BroadcastChannel('announcements');
  channel.postMessage(message);
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          data: { what: 'This BroadcastChannel (`channel`)', symptom: broadcastSymptom, closed: 'closed' },
          line: 3,
          column: 9,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'channel' },
              output: `
function announce(message) {
  const channel = new BroadcastChannel('announcements');
  try {
    channel.postMessage(message);
  } finally {
    channel.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Closed on one branch only: the message names the end of the function. The conditional close moves into the
      // finally with its \`if\` (the test reads a parameter: removing it removes nothing that happens).
      code: `
function maybe(flag) {
  const channel = new BroadcastChannel('maybe');
  channel.postMessage(flag);
  if (flag) {
    channel.close();
  }
}
`,
      errors: [
        {
          messageId: 'notClosedAtEnd',
          data: { what: 'This BroadcastChannel (`channel`)', symptom: broadcastSymptom, line: '8', name: 'channel', closed: 'closed' },
          line: 3,
          column: 9,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'channel' },
              output: `
function maybe(flag) {
  const channel = new BroadcastChannel('maybe');
  try {
    channel.postMessage(flag);
  } finally {
    channel.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Assigned again while open; created again by the next loop iteration.
      code: `
function rotate() {
  let channel = new BroadcastChannel('a');
  channel.postMessage(1);
  channel = new BroadcastChannel('b');
  channel.close();
}
function loop(items) {
  for (const item of items) {
    const channel = new BroadcastChannel(item);
    channel.postMessage(item);
    if (item.done) channel.close();
  }
}
`,
      errors: [
        {
          messageId: 'notClosedBeforeReassign',
          data: { what: 'This BroadcastChannel (`channel`)', symptom: broadcastSymptom, line: '5', name: 'channel', closed: 'closed' },
          line: 3,
          column: 7,
          endColumn: 14,
        },
        {
          messageId: 'notClosedBeforeRecreate',
          data: { what: 'This BroadcastChannel (`channel`)', symptom: broadcastSymptom, line: '10', name: 'channel', closed: 'closed' },
          line: 10,
          column: 11,
          endColumn: 18,
        },
      ],
    },
    {
      // A field no method closes, assigned in the constructor or as a field initializer.
      code: `
class Bus {
  channel = new BroadcastChannel('bus');
  constructor() {
    this.ports = new MessageChannel();
    this.ports.port2.onmessage = (event) => this.channel.postMessage(event.data);
  }
  send(message) {
    this.channel.postMessage(message);
    this.ports.port1.postMessage(message);
  }
}
`,
      // Only port2 is started (its onmessage); port1 only posts and holds nothing.
      errors: [
        {
          messageId: 'fieldNeverClosed',
          data: { label: 'BroadcastChannel', name: 'this.channel', owner: '`Bus`', symptom: broadcastSymptom },
          line: 3,
          column: 13,
          endColumn: 40,
        },
        {
          messageId: 'fieldNeverClosed',
          data: { label: 'MessageChannel', name: 'this.ports.port2', owner: '`Bus`', symptom: portSymptom },
          line: 5,
          column: 18,
          endColumn: 38,
        },
      ],
    },
    {
      // A writer never released.
      code: `
async function save(stream, bytes) {
  const writer = stream.getWriter();
  await writer.write(bytes);
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          data: { what: 'This stream writer (`writer`)', symptom: 'the stream stays locked and its reader waits forever', closed: 'closed' },
          line: 3,
          column: 9,
          endColumn: 15,
          suggestions: null,
        },
      ],
    },
    {
      // Passing to an unknown function is not a handoff in strict mode; unref is not a close by default.
      code: `
function connect(registry) {
  const channel = new BroadcastChannel('events');
  registry.log(channel);
}
const ticks = new BroadcastChannel('ticks');
ticks.onmessage = (event) => console.log(event.data);
`,
      options: [{ unknownCallIsHandoff: false, unrefIsDischarge: false, requireStart: false, workers: false, streamReaders: false, comlinkRemotes: false }],
      errors: [
        { messageId: 'neverClosed', line: 3, suggestions: null },
        { messageId: 'moduleNeverClosed', line: 6 },
      ],
    },
    {
      // unref() before the first listener: Node refs the port again, and the message says so (vitest's loader channel).
      code: `
import { MessageChannel } from 'node:worker_threads';
import { register } from 'node:module';
const { port1, port2 } = new MessageChannel();
port1.unref();
port1.on('message', (m) => console.log(m));
register('./hooks.mjs', { data: { port: port2 }, transferList: [port2] });
`,
      errors: [
        {
          messageId: 'moduleNeverClosed',
          data: {
            what: '`port1` of this MessageChannel',
            symptom:
              "its `unref()` at line 5 is undone by the 'message' listener added at line 6 (Node refs a port again when a listener is added), so it keeps the event loop alive",
          },
          line: 4,
          column: 9,
          endColumn: 14,
        },
      ],
    },
    {
      // The peer posted to a running worker is not a thread's creation: the kept port is still the caller's to close.
      code: `
import { MessageChannel } from 'node:worker_threads';
export function ask(worker) {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (m) => console.log(m));
  worker.postMessage({ port: port2 }, [port2]);
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          data: { what: '`port1` of this MessageChannel', symptom: portSymptom, closed: 'closed' },
          line: 4,
          column: 11,
          endColumn: 16,
          suggestions: null,
        },
      ],
    },
    {
      // A method of an object that goes nowhere owns nothing: the port is still the function's.
      code: `
export function noop() {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {};
  ({ close() { channel.port1.close(); } });
}
`,
      errors: [
        {
          messageId: 'notClosedAtEnd',
          data: { what: '`channel.port1` of this MessageChannel', symptom: portSymptom, line: '6', name: 'channel.port1', closed: 'closed' },
          line: 3,
          column: 19,
          endColumn: 39,
          suggestions: null,
        },
      ],
    },
    {
      // Browser evidence does not count in a file that imports a Node module, or read behind a typeof probe.
      code: `
import { readFile } from 'node:fs/promises';
const reloads = new BroadcastChannel('reloads');
reloads.onmessage = (event) => readFile(event.data);
export const origin = () => (typeof location === 'undefined' ? '' : location.origin);
`,
      errors: [
        {
          messageId: 'moduleNeverClosed',
          data: { what: 'This BroadcastChannel (`reloads`)', symptom: broadcastSymptom },
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 14,
        },
      ],
    },
    {
      code: `
const reloads = new BroadcastChannel('reloads');
reloads.onmessage = (event) => apply(event.data);
export const origin = () => (typeof location === 'undefined' ? '' : location.origin);
`,
      errors: [
        {
          messageId: 'moduleNeverClosed',
          data: { what: 'This BroadcastChannel (`reloads`)', symptom: broadcastSymptom },
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 14,
        },
      ],
    },
    {
      // The catch is entered from before the first call that may throw: a write() that rejects skips the close().
      code: `
export async function save(writable, bytes) {
  const writer = writable.getWriter();
  try {
    await writer.write(bytes);
    await writer.close();
  } catch {
    // logged elsewhere
  }
  return bytes.length;
}
`,
      errors: [
        {
          messageId: 'notClosedOnReturn',
          data: { what: 'This stream writer (`writer`)', symptom: 'the stream stays locked and its reader waits forever', line: '10', closed: 'closed' },
          line: 3,
          column: 9,
          endColumn: 15,
          suggestions: null,
        },
      ],
    },
    {
      // requireStart: a browser port with an addEventListener listener and no start() receives nothing.
      code: `
function listen(worker, onData) {
  const { port1, port2 } = new MessageChannel();
  port1.addEventListener('message', onData);
  worker.postMessage('hi', [port2]);
  return port1;
}
`,
      options: [{ unknownCallIsHandoff: true, unrefIsDischarge: false, requireStart: true, workers: false, streamReaders: false, comlinkRemotes: false }],
      errors: [
        {
          messageId: 'notStarted',
          data: { name: 'port1' },
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'addStart',
              data: { name: 'port1' },
              output: `
function listen(worker, onData) {
  const { port1, port2 } = new MessageChannel();
  port1.addEventListener('message', onData);
  port1.start();
  worker.postMessage('hi', [port2]);
  return port1;
}
`,
            },
          ],
        },
      ],
    },
    {
      // A created-and-dropped channel.
      code: `
function listen() {
  new BroadcastChannel('fire-and-forget');
}
`,
      errors: [
        {
          messageId: 'droppedOpen',
          data: { label: 'BroadcastChannel', symptom: broadcastSymptom },
          line: 3,
          column: 3,
          endColumn: 42,
        },
      ],
    },
  ],
});

const workerSymptom = 'it keeps the process alive after the function returns (a CLI never exits, a test runner hangs)';
const remoteSymptom = 'it keeps its MessagePort and the worker-side object alive';
const readerSymptom = 'the stream stays locked';
const resources = { unknownCallIsHandoff: true, unrefIsDischarge: false, requireStart: false, workers: true, streamReaders: true, comlinkRemotes: true };
const strictResources = { ...resources, unknownCallIsHandoff: false };

ruleTester.run('require-channel-close: workers, remotes and readers', rule, {
  valid: [
    // Terminated in a finally; awaited to 'exit'; an 'exit' listener; unref()ed.
    ...[
      `try { await worker.terminate(); } finally {}`,
      `await once(worker, 'exit');`,
      `worker.on('exit', () => console.log('done'));`,
      `worker.once('exit', resolve);`,
      `worker.unref();`,
      `worker.on('message', console.log).unref();`,
    ].map((body) => ({
      code: `import { Worker } from 'node:worker_threads';\nimport { once } from 'node:events';\nexport async function main(file, resolve) {\n  const worker = new Worker(file);\n  ${body}\n}\n`,
      options: [strictResources] as const,
    })),
    // Handed off: returned, stored in a field, a module map, a pool array, resolved by a promise.
    ...[`return worker;`, `this.worker = worker;`, `workers.set(file, worker);`, `pool.push(worker);`, `return { worker, port: 1 };`].map((body) => ({
      code: `import { Worker } from 'worker_threads';\nconst workers = new Map();\nconst pool = [];\nexport function spawn(file) {\n  const worker = new Worker(file);\n  ${body}\n}\n`,
      options: [strictResources] as const,
    })),
    {
      code: `
import { Worker } from 'worker_threads';
export function start(file) {
  return new Promise((resolve) => {
    const worker = new Worker(file);
    worker.once('online', () => resolve(worker));
  });
}
`,
      options: [strictResources],
    },
    // A listener that terminates it; a timer that does.
    {
      code: `
import { Worker } from 'worker_threads';
export function run(file, onResult) {
  const worker = new Worker(file);
  worker.on('message', (result) => {
    onResult(result);
    worker.terminate();
  });
}
`,
      options: [strictResources],
    },
    // Module scope of a CLI, a class field: they live as long as the process or the object.
    {
      code: `
import { Worker } from 'worker_threads';
const worker = new Worker('./task.js');
worker.postMessage('go');
class Pool {
  constructor(file) {
    this.worker = new Worker(file);
  }
}
`,
      options: [strictResources],
    },
    // Off by default: the same leak is not reported without the option.
    `
import { Worker } from 'worker_threads';
export function main(file) {
  const worker = new Worker(file);
  worker.postMessage('go');
}
`,
    // A browser Worker is not a worker_threads Worker (a page does not wait for it).
    { code: `export function main(file) {\n  const worker = new Worker(file);\n  worker.postMessage('go');\n}\n`, options: [strictResources] },
    // Comlink: released with the symbol under any import name; a module-level remote; a returned one.
    {
      code: `
import { wrap, releaseProxy as release } from 'comlink';
export async function compute(worker, input) {
  const api = wrap(worker);
  try {
    return await api.compute(input);
  } finally {
    api[release]();
  }
}
`,
      options: [strictResources],
    },
    {
      code: `
import * as C from 'comlink';
export const shared = C.wrap(self);
export function connect(port) {
  const remote = C.wrap(port);
  return remote;
}
`,
      options: [strictResources],
    },
    // Readers: read to the end (destructured or through result.done), released, cancelled, awaited closed, handed on.
    {
      code: `
export async function collect(stream) {
  const reader = stream.getReader();
  const chunks = [];
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return chunks;
}
export async function drain(stream) {
  const reader = stream.getReader();
  for (;;) {
    const result = await reader.read();
    if (result.done) return;
  }
}
export async function loop(stream) {
  const reader = stream.getReader();
  let done = false;
  while (!done) {
    ({ done } = await reader.read());
  }
}
export function pump(stream, sink) {
  const reader = stream.getReader();
  return reader.read().then(function step({ done, value }) {
    if (done) return;
    sink(value);
    return reader.read().then(step);
  });
}
export async function first(stream) {
  const reader = stream.getReader();
  try {
    return (await reader.read()).value;
  } finally {
    reader.releaseLock();
  }
}
export async function stop(stream) {
  const reader = stream.getReader();
  await reader.cancel();
}
export async function wait(stream) {
  const reader = stream.getReader();
  await reader.closed;
}
export function lend(stream, consume) {
  const reader = stream.getReader();
  consume(reader);
}
`,
      options: [resources],
    },
    // Released or read to the end through small helpers of the same file: a helper that calls a
    // close method of the reader on its parameter, and one whose result is the parameter's read().
    {
      code: `
async function cancel(reader, error) {
  try {
    await reader.cancel(error);
  } catch {}
}
function readSource(reader, errors) {
  const result = reader.read();
  return errors ? result.catch((e) => { errors.add(e); throw e; }) : result;
}
const next = (reader) => reader.read();
export async function pump(readable, writer, errors) {
  const input = readable.getReader();
  try {
    for (;;) {
      const { value, done } = await readSource(input, errors);
      if (done) break;
      await writer.write(value);
    }
  } catch (error) {
    await cancel(input, error);
  }
}
export async function count(readable) {
  const input = readable.getReader();
  let n = 0;
  while (!(await next(input)).done) n++;
  return n;
}
export async function skip(readable) {
  const input = readable.getReader();
  while (!(await input.read()).done);
}
`,
      options: [strictResources],
    },
    // A creation that throws made nothing: the catch that creates it again loses no first worker.
    {
      code: `
import { Worker } from 'node:worker_threads';
export function start(file, options) {
  let worker;
  try {
    worker = new Worker(file, { ...options, env: process.env });
  } catch (error) {
    if (error.code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    worker = new Worker(file);
  }
  return worker;
}
`,
      options: [strictResources],
    },
    // `for await` over a stream takes no reader of its own making.
    { code: `export async function each(stream) {\n  for await (const chunk of stream) console.log(chunk);\n}\n`, options: [strictResources] },
  ],
  invalid: [
    {
      // A CLI's main: the worker keeps the process alive after main returns.
      code: `
import { Worker } from 'node:worker_threads';
export async function main(file) {
  const worker = new Worker(file);
  worker.postMessage('go');
  return 0;
}
`,
      options: [resources],
      errors: [
        {
          messageId: 'neverClosed',
          data: { what: 'This Worker (`worker`)', closed: 'terminated', symptom: workerSymptom },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              data: { name: 'worker', method: 'terminate' },
              output: `
import { Worker } from 'node:worker_threads';
export async function main(file) {
  const worker = new Worker(file);
  try {
    worker.postMessage('go');
    return 0;
  } finally {
    worker.terminate();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Terminated on one path only: the early return names its line.
      code: `
const { Worker } = require('worker_threads');
function check(file, flag) {
  const worker = new Worker(file);
  if (flag) return false;
  worker.terminate();
  return true;
}
`,
      options: [resources],
      errors: [
        {
          messageId: 'notClosedOnReturn',
          data: { what: 'This Worker (`worker`)', closed: 'terminated', symptom: workerSymptom, line: '5', name: 'worker' },
          line: 4,
          column: 9,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              data: { name: 'worker', method: 'terminate' },
              output: `
const { Worker } = require('worker_threads');
function check(file, flag) {
  const worker = new Worker(file);
  try {
    if (flag) return false;
    return true;
  } finally {
    worker.terminate();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // strict: passing the worker to an unknown function is not a handoff.
      code: `
import { Worker } from 'worker_threads';
export function run(file) {
  const worker = new Worker(file);
  log(worker);
}
`,
      options: [strictResources],
      errors: [{ messageId: 'neverClosed', data: { what: 'This Worker (`worker`)', closed: 'terminated', symptom: workerSymptom }, line: 4, column: 9 }],
    },
    {
      // A Comlink remote made per call and never released (no suggestion: a second release throws).
      code: `
import * as Comlink from 'comlink';
export async function compute(worker, input) {
  const api = Comlink.wrap(worker);
  return await api.compute(input);
}
`,
      options: [resources],
      errors: [
        {
          messageId: 'neverClosed',
          data: { what: 'This Comlink remote (`api`)', closed: 'released', symptom: remoteSymptom },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 12,
          suggestions: null,
        },
      ],
    },
    {
      // Released on one path only.
      code: `
import { wrap, releaseProxy } from 'comlink';
export async function compute(worker, input) {
  const api = wrap(worker);
  if (!input) return null;
  const result = await api.compute(input);
  api[releaseProxy]();
  return result;
}
`,
      options: [resources],
      errors: [
        {
          messageId: 'notClosedOnReturn',
          data: { what: 'This Comlink remote (`api`)', closed: 'released', symptom: remoteSymptom, line: '5', name: 'api' },
          line: 4,
          column: 9,
        },
      ],
    },
    {
      // The loop reads to the end, but the early return inside it leaves the stream locked.
      code: `
export async function findHeader(stream) {
  const reader = stream.getReader();
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.includes('header')) return value;
  }
  return null;
}
`,
      options: [resources],
      errors: [
        {
          messageId: 'notClosedOnReturn',
          data: { what: 'This stream reader (`reader`)', closed: 'released', symptom: readerSymptom, line: '7', name: 'reader' },
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              data: { name: 'reader', method: 'releaseLock' },
              output: `
export async function findHeader(stream) {
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.includes('header')) return value;
    }
    return null;
  } finally {
    reader.releaseLock();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Near miss of a class that owns a port: \`Keeper\` keeps it in a field but never closes it (\`unref()\` is not a close).
      code: `
import { MessageChannel } from 'node:worker_threads';
class Keeper {
  constructor(port) {
    this.port = port;
    this.port.on('message', (m) => console.log(m));
  }
  stop() {
    this.port.ref();
    this.other.close();
  }
}
export function spawn(worker) {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', () => {});
  new Keeper(port1);
  worker.postMessage({ port: port2 }, [port2]);
}
`,
      options: [strictResources],
      errors: [
        {
          messageId: 'neverClosed',
          data: { what: '`port1` of this MessageChannel', closed: 'closed', symptom: portSymptom },
          line: 14,
          column: 11,
          endLine: 14,
          endColumn: 16,
        },
      ],
    },
    {
      // Near miss: a call after the creation can throw once the first worker exists, and the catch loses it.
      code: `
import { Worker } from 'node:worker_threads';
export function start(file, options) {
  let worker;
  try {
    worker = new Worker(file, options);
    worker.postMessage(init());
  } catch {
    worker = new Worker(file);
  }
  return worker;
}
`,
      options: [strictResources],
      errors: [
        {
          messageId: 'notClosedBeforeReassign',
          data: { what: 'This Worker (`worker`)', closed: 'terminated', symptom: workerSymptom, line: '9', name: 'worker' },
          line: 6,
          column: 14,
          endLine: 6,
          endColumn: 39,
        },
      ],
    },
    {
      // Near misses of the helpers above: \`peek\` reads but releases nothing, and \`chunk\`'s result is not
      // the read's (\`.then\` maps it), so neither the catch nor the loop releases the reader.
      code: `
async function peek(reader) {
  await reader.read();
}
function chunk(reader) {
  return reader.read().then((r) => r.value);
}
export async function pump(readable, writer) {
  const input = readable.getReader();
  try {
    for (;;) {
      const value = await chunk(input);
      if (value === undefined) break;
      await writer.write(value);
    }
  } catch (error) {
    await peek(input);
  }
}
`,
      options: [strictResources],
      errors: [
        {
          messageId: 'neverClosed',
          data: { what: 'This stream reader (`input`)', closed: 'released', symptom: readerSymptom },
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 14,
        },
      ],
    },
    {
      // One read, and the reader is dropped with the stream locked.
      code: `
async function firstChunk(response) {
  const reader = response.body.getReader();
  const { value } = await reader.read();
  return value;
}
`,
      options: [resources],
      errors: [
        {
          messageId: 'neverClosed',
          data: { what: 'This stream reader (`reader`)', closed: 'released', symptom: readerSymptom },
          line: 3,
          column: 9,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              data: { name: 'reader', method: 'releaseLock' },
              output: `
async function firstChunk(response) {
  const reader = response.body.getReader();
  try {
    const { value } = await reader.read();
    return value;
  } finally {
    reader.releaseLock();
  }
}
`,
            },
          ],
        },
      ],
    },
  ],
});
