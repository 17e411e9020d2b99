// Waits until the main thread says "ready", then warms the cache.
import { parentPort, workerData } from 'node:worker_threads';

const READY = 0;
const WAITING = 1;
const { control } = workerData;

Atomics.store(control, WAITING, 1);
while (control[READY] === 0) {
  // spin until the main thread flips the flag
}

const entries = warmCache();
parentPort.postMessage({ entries });

function warmCache() {
  let count = 0;
  for (let key = 0; key < 10_000; key++) count += key % 7 === 0 ? 1 : 0;
  return count;
}
