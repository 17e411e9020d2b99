// Runs a CSV column transform in a worker thread so the server stays responsive.
import { Worker } from 'node:worker_threads';

export function transformColumn(rows, column, unit) {
  return new Promise((resolve, reject) => {
    // Functions cannot cross to a thread: send the conversion's name, the worker owns the code.
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: { rows, column, conversion: unit === 'fahrenheit' ? 'celsiusToFahrenheit' : 'identity' },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
