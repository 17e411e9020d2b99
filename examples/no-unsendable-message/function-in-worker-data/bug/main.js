// Runs a CSV column transform in a worker thread so the server stays responsive.
import { Worker } from 'node:worker_threads';

export function transformColumn(rows, column, unit) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: {
        rows,
        column,
        convert: (value) => (unit === 'fahrenheit' ? (value * 9) / 5 + 32 : value),
      },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
