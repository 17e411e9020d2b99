// Starts a worker that warms a cache, then releases it once the configuration is written.
import { Worker } from 'node:worker_threads';

const READY = 0;
const control = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { control } });

worker.on('message', (message) => console.log(`cache warm: ${message.entries} entries`));

setTimeout(() => {
  Atomics.store(control, READY, 1);
  Atomics.notify(control, READY);
}, 100);
