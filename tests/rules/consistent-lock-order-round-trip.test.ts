import { RuleTester } from '@typescript-eslint/rule-tester';
import rule, { type Options } from '../../rules/consistent-lock-order';

const ruleTester = new RuleTester();
const on: Options = [{ order: [], checkArgumentOrder: false, checkRoundTrip: true }];

/** The holder waits for one reply (`await reply(worker)`), posting first; the worker's handler takes `db` and replies under it. */
const holderPosts = `    worker.postMessage({ type: 'save', record });
    return new Promise((resolve) => {
      worker.addEventListener('message', (event) => resolve(event.data), { once: true });
    });`;
const handlerLocks = `  await navigator.locks.request('db', async () => {
    self.postMessage(await store(event.data));
  });`;

/** A module that is its own worker: the page half holds `db` around `holder`, the worker half runs `handler` per message. */
function selfWorker(holder: string, handler: string, lock = `'db'`): string {
  return `const worker = new Worker(new URL(import.meta.url), { type: 'module' });
export async function save(record) {
  return navigator.locks.request(${lock}, async () => {
${holder}
  });
}
self.onmessage = async (event) => {
${handler}
};
`;
}

function message(data: Record<string, string>): Record<string, string> {
  return { kind: 'Web Lock', lock: 'db', heldLine: '3', endpoint: 'worker', thread: 'Worker', event: 'message', ...data };
}

ruleTester.run('consistent-lock-order (checkRoundTrip)', rule, {
  valid: [
    // Off by default.
    selfWorker(`    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`, handlerLocks),
    // The handler requests another name.
    {
      code: selfWorker(
        `    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`,
        handlerLocks.replace("'db'", "'journal'"),
      ),
      options: on,
    },
    // The holder holds another name.
    {
      code: selfWorker(`    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`, handlerLocks, `'index'`),
      options: on,
    },
    // The handler's request is not awaited and the reply does not wait for it: the request is queued, the reply goes out.
    {
      code: selfWorker(
        `    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`,
        `  navigator.locks.request('db', async () => store(event.data));\n  self.postMessage('queued');`,
      ),
      options: on,
    },
    // The handler acknowledges before it takes the lock: that reply is the one the holder waits for.
    {
      code: selfWorker(
        `    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`,
        `  self.postMessage('accepted');\n${handlerLocks}`,
      ),
      options: on,
    },
    // `ifAvailable` and `steal` never wait: the handler gets null, or takes the lock from the holder.
    {
      code: selfWorker(
        `    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`,
        handlerLocks.replace("'db',", "'db', { ifAvailable: true },"),
      ),
      options: on,
    },
    {
      code: selfWorker(
        `    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`,
        handlerLocks.replace("'db',", "'db', { steal: true },"),
      ),
      options: on,
    },
    // Both sides shared: no conflict.
    {
      code: `const worker = new Worker(new URL(import.meta.url));
export async function peek() {
  await navigator.locks.request('db', { mode: 'shared' }, async () => {
    worker.postMessage('peek');
    await new Promise((resolve) => { worker.onmessage = resolve; });
  });
}
self.onmessage = async () => {
  await navigator.locks.request('db', { mode: 'shared' }, async () => { postMessage(1); });
};`,
      options: on,
    },
    // The reply is awaited after the lock is released.
    {
      code: `const worker = new Worker(new URL(import.meta.url));
export async function save(record) {
  await navigator.locks.request('db', async () => { worker.postMessage(record); });
  await new Promise((resolve) => { worker.onmessage = resolve; });
}
self.onmessage = async (event) => {
${handlerLocks}
};`,
      options: on,
    },
    // Posted before the lock was taken: the worker may get `db` first, reply and release it (a race, not a certain deadlock).
    {
      code: `const worker = new Worker(new URL(import.meta.url));
export async function save(record) {
  worker.postMessage(record);
  const reply = new Promise((resolve) => { worker.onmessage = resolve; });
  await navigator.locks.request('db', async () => { await reply; });
}
self.onmessage = async (event) => {
${handlerLocks}
};`,
      options: on,
    },
    // A timeout bounds the wait.
    {
      code: selfWorker(
        `    worker.postMessage(record);\n    await new Promise((resolve, reject) => { worker.onmessage = resolve; setTimeout(reject, 1000); });`,
        handlerLocks,
      ),
      options: on,
    },
    {
      code: selfWorker(
        `    worker.postMessage(record);\n    await Promise.race([new Promise((resolve) => { worker.onmessage = resolve; }), sleep(1000)]);`,
        handlerLocks,
      ),
      options: on,
    },
    // Posted only on one path.
    {
      code: selfWorker(`    if (record) worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`, handlerLocks),
      options: on,
    },
    // A worker of another file: its handler is not this file's (cross-file round trips need module summaries).
    {
      code: selfWorker(`    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`, handlerLocks).replace(
        'new URL(import.meta.url)',
        "new URL('./store-worker.js', import.meta.url)",
      ),
      options: on,
    },
    // Waiting on another endpoint than the one posted to.
    {
      code: `const worker = new Worker(new URL(import.meta.url));
const channel = new BroadcastChannel('db');
export async function save(record) {
  await navigator.locks.request('db', async () => {
    worker.postMessage(record);
    await new Promise((resolve) => { channel.onmessage = resolve; });
  });
}
self.onmessage = async (event) => {
${handlerLocks}
};`,
      options: on,
    },
    // Another message handler of the worker replies without the lock.
    {
      code: `${selfWorker(`    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`, handlerLocks)}
self.addEventListener('message', () => { self.postMessage('pong'); });`,
      options: on,
    },
    // `once` with an abort signal may end without a reply.
    {
      code: `import { Worker, isMainThread, parentPort, locks } from 'node:worker_threads';
import { once } from 'node:events';
const worker = new Worker(__filename);
export async function flush(signal) {
  await locks.request('ledger', async () => {
    worker.postMessage('flush');
    await once(worker, 'message', { signal });
  });
}
parentPort.on('message', async () => {
  await locks.request('ledger', async () => parentPort.postMessage(1));
});`,
      options: on,
    },
    // The reply is handled in a callback chained on the request, not awaited under the lock.
    {
      code: selfWorker(`    worker.postMessage(record);\n    new Promise((resolve) => { worker.onmessage = resolve; }).then(log);`, handlerLocks),
      options: on,
    },
    // The resolver of a Promise.withResolvers() is also handed to a timer: the wait is bounded.
    {
      code: `import { Worker, parentPort, locks } from 'node:worker_threads';
const worker = new Worker(__filename);
export async function flush() {
  await locks.request('jobs', async () => {
    const reply = Promise.withResolvers();
    worker.on('message', (message) => reply.resolve(message));
    setTimeout(reply.reject, 1000);
    worker.postMessage('flush');
    await reply.promise;
  });
}
parentPort?.on('message', () => locks.request('jobs', () => parentPort.postMessage('done')));`,
      options: on,
    },
    // A request that may be aborted by its signal: what the rejection handler posts answers the holder.
    {
      code: selfWorker(
        `    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`,
        `  navigator.locks.request('db', { signal: AbortSignal.timeout(5000) }, () => read(event.data)).then(
    (rows) => self.postMessage(rows),
    () => self.postMessage('busy'),
  );`,
      ),
      options: on,
    },
    {
      code: selfWorker(
        `    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`,
        `  try {
    self.postMessage(await navigator.locks.request('db', { signal: AbortSignal.timeout(5000) }, () => read(event.data)));
  } catch {
    self.postMessage('busy');
  }`,
      ),
      options: on,
    },
  ],
  invalid: [
    {
      // A module that is its own worker: the reply wait in a helper called under the lock.
      code: `const worker = new Worker(new URL(import.meta.url), { type: 'module' });
export async function save(record) {
  return navigator.locks.request('db', async () => {
    const saved = await reply(record);
    return saved;
  });
}
function reply(record) {
${holderPosts}
}
self.onmessage = async (event) => {
${handlerLocks}
};`,
      options: on,
      errors: [
        {
          messageId: 'heldAcrossRoundTrip',
          data: message({ postLine: '9', handlerLine: '14', requestLine: '15' }),
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 38,
        },
      ],
    },
    {
      // The handler does not await its request, but replies only inside its callback: the reply still waits for `db`.
      code: selfWorker(
        `    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`,
        `  navigator.locks.request('db', () => self.postMessage(store(event.data)));`,
      ),
      options: on,
      errors: [
        {
          messageId: 'heldAcrossRoundTrip',
          data: message({ postLine: '4', handlerLine: '8', requestLine: '9' }),
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 68,
        },
      ],
    },
    {
      // Node: the same file as main thread and worker; the reply is awaited with events.once; the handler replies after
      // awaiting its request.
      code: `import { Worker, isMainThread, parentPort, locks } from 'node:worker_threads';
import { once } from 'node:events';

if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url));
  await locks.request('ledger', async () => {
    worker.postMessage('flush');
    const [reply] = await once(worker, 'message');
    console.log(reply);
  });
} else {
  parentPort.on('message', async (message) => {
    const rows = await locks.request('ledger', async () => read(message));
    parentPort.postMessage(rows);
  });
}`,
      options: on,
      errors: [
        {
          messageId: 'heldAcrossRoundTrip',
          data: message({ lock: 'ledger', heldLine: '6', postLine: '7', handlerLine: '12', requestLine: '13' }),
          line: 8,
          column: 21,
          endLine: 8,
          endColumn: 50,
        },
      ],
    },
    {
      // A helper that takes the endpoint as a parameter and posts inside the executor; the worker side is a bare
      // \`onmessage\` that replies inside a request it does not await.
      code: `const worker = new Worker(import.meta.url);

function ask(target, message) {
  return new Promise((resolve, reject) => {
    target.onmessage = (event) => resolve(event.data);
    target.onerror = reject;
    target.postMessage(message);
  });
}

export function compact() {
  return navigator.locks.request('store', async () => {
    const stats = await ask(worker, { op: 'compact' });
    return stats;
  });
}
export const ping = () => navigator.locks.request('store', () => ask(worker, 'ping'));

onmessage = (event) => {
  navigator.locks.request('store', async () => {
    postMessage(await compactStore(event.data));
  });
};`,
      options: on,
      errors: [
        {
          messageId: 'heldAcrossRoundTrip',
          data: message({ lock: 'store', heldLine: '12', postLine: '7', handlerLine: '19', requestLine: '20' }),
          line: 13,
          column: 19,
          endLine: 13,
          endColumn: 55,
        },
        {
          // An arrow's body: the callback's promise is the reply's.
          messageId: 'heldAcrossRoundTrip',
          data: message({ lock: 'store', heldLine: '17', postLine: '7', handlerLine: '19', requestLine: '20' }),
          line: 17,
          column: 66,
          endLine: 17,
          endColumn: 85,
        },
      ],
    },
    {
      // A SharedWorker of this file: the holder waits on its port; the worker replies on the connection's port under the lock.
      code: `const shared = new SharedWorker(new URL(import.meta.url));

export async function sync() {
  await navigator.locks.request('cache', async () => {
    const done = new Promise((resolve) => shared.port.addEventListener('message', resolve, { once: true }));
    shared.port.start();
    shared.port.postMessage('sync');
    await done;
  });
}

onconnect = (event) => {
  const port = event.ports[0];
  port.onmessage = async () => {
    await navigator.locks.request('cache', async () => {
      port.postMessage(await refresh());
    });
  };
};`,
      options: on,
      errors: [
        {
          messageId: 'heldAcrossRoundTrip',
          data: message({ lock: 'cache', heldLine: '4', endpoint: 'shared.port', thread: 'SharedWorker', postLine: '7', handlerLine: '14', requestLine: '15' }),
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 15,
        },
      ],
    },
    {
      // A class that keeps its worker in a field; the promise is made before the post, then awaited.
      code: `export class Store {
  constructor() {
    this.worker = new Worker(new URL(import.meta.url), { type: 'module' });
  }
  async put(value) {
    await navigator.locks.request('db', async () => {
      const ack = new Promise((resolve) => this.worker.addEventListener('message', resolve, { once: true }));
      this.worker.postMessage(value);
      await ack;
    });
  }
}
addEventListener('message', async (event) => {
  const saved = await navigator.locks.request('db', () => write(event.data));
  postMessage(saved);
});`,
      options: on,
      errors: [
        {
          messageId: 'heldAcrossRoundTrip',
          data: message({ heldLine: '6', endpoint: 'this.worker', postLine: '8', handlerLine: '13', requestLine: '14' }),
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 16,
        },
      ],
    },
    {
      // CommonJS, Node: a reply helper that also rejects on the worker's error or exit (a worker waiting for the lock does
      // neither); the worker replies inside the callback of its request.
      code: `const { Worker, isMainThread, parentPort, locks } = require('worker_threads');
function nextMessage(worker) {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error('exited with ' + code)));
  });
}
if (isMainThread) {
  const worker = new Worker(__filename);
  locks.request('jobs', async () => {
    worker.postMessage('run');
    return nextMessage(worker);
  });
  locks.request('jobs', async () => {
    worker.postMessage('run');
    await nextMessage(worker);
  });
} else {
  parentPort.once('message', () => locks.request('jobs', () => parentPort.postMessage('done')));
}`,
      options: on,
      errors: [
        {
          // Returned from the callback: the lock is held until the returned promise settles.
          messageId: 'heldAcrossRoundTrip',
          data: message({ lock: 'jobs', heldLine: '11', postLine: '12', handlerLine: '20', requestLine: '20' }),
          line: 13,
          column: 12,
          endLine: 13,
          endColumn: 31,
        },
        {
          messageId: 'heldAcrossRoundTrip',
          data: message({ lock: 'jobs', heldLine: '15', postLine: '16', handlerLine: '20', requestLine: '20' }),
          line: 17,
          column: 5,
          endLine: 17,
          endColumn: 30,
        },
      ],
    },
    {
      // Promise.withResolvers(), settled by a persistent message listener that checks what arrived.
      code: `import { Worker, parentPort, locks } from 'node:worker_threads';
const worker = new Worker(__filename);
export async function flush() {
  await locks.request('jobs', async () => {
    const { promise, resolve, reject } = Promise.withResolvers();
    worker.on('message', (message) => {
      if (message === 'done') resolve(message);
    });
    worker.once('error', reject);
    worker.postMessage('flush');
    await promise;
  });
}
parentPort?.on('message', () => locks.request('jobs', () => parentPort.postMessage('done')));`,
      options: on,
      errors: [
        {
          messageId: 'heldAcrossRoundTrip',
          data: message({ lock: 'jobs', heldLine: '4', postLine: '10', handlerLine: '14', requestLine: '14' }),
          line: 11,
          column: 5,
          endLine: 11,
          endColumn: 18,
        },
      ],
    },
    {
      // The handler replies when its request fulfils: only once it was granted.
      code: selfWorker(
        `    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`,
        `  navigator.locks.request('db', () => read(event.data)).then((rows) => self.postMessage(rows));`,
      ),
      options: on,
      errors: [
        {
          messageId: 'heldAcrossRoundTrip',
          data: message({ postLine: '4', handlerLine: '8', requestLine: '9' }),
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 68,
        },
      ],
    },
    {
      // The reply is the awaited result of the request.
      code: selfWorker(
        `    worker.postMessage(record);\n    await new Promise((resolve) => { worker.onmessage = resolve; });`,
        `  self.postMessage(await navigator.locks.request('db', () => read(event.data)));`,
      ),
      options: on,
      errors: [
        {
          messageId: 'heldAcrossRoundTrip',
          data: message({ postLine: '4', handlerLine: '8', requestLine: '9' }),
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 68,
        },
      ],
    },
  ],
});
