// Waits until the main thread says "ready", then warms the cache.
import { parentPort, workerData } from 'node:worker_threads';

const READY = 0;
const WAITING = 1;
const { control } = workerData;

Atomics.store(control, WAITING, 1);
// Sleeps while control[READY] is 0; an atomic read that sees the main thread's store.
Atomics.wait(control, READY, 0);

const entries = warmCache();
parentPort.postMessage({ entries });

function warmCache() {
  let count = 0;
  for (let key = 0; key < 10_000; key++) count += key % 7 === 0 ? 1 : 0;
  return count;
}
