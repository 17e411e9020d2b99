// Renders reports in a pool of worker threads; each worker replies with the encoded JSON.
import { Worker } from 'node:worker_threads';

export function renderReport(report) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: report });
    worker.once('message', (bytes) => resolve(Buffer.from(bytes)));
    worker.once('error', reject);
  });
}
