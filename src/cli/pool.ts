/**
 * A pool of `worker_threads` for the summaries: each worker loads ESLint and
 * the parsers once and analyses batches of files (never one message per
 * file). Batches are handed out as workers finish, largest files first, so
 * that one big file at the end does not leave a core idle.
 *
 * A worker that dies (out of memory, a stack overflow in a parser) fails its
 * batch's files with an internal error; a replacement takes the rest.
 */
import { Worker } from 'node:worker_threads';
import type { FileOutcome, FileTask } from './summarize';
import type { BatchRequest, BatchResult, WorkerInput } from './worker';

export interface PoolOptions {
  /** The compiled worker script (`worker.js` next to this file). */
  readonly workerFile: string;
  readonly workers: number;
  readonly settings: Readonly<Record<string, unknown>>;
  /** Called with each batch's outcomes as it comes back. */
  readonly onOutcomes: (outcomes: readonly FileOutcome[]) => void;
}

/** Batches of tasks: largest files first, about `perWorker` batches per worker, at most `maxFiles` files each. */
export function makeBatches(tasks: readonly FileTask[], workers: number, perWorker = 4, maxFiles = 64): FileTask[][] {
  const sorted = [...tasks].sort((a, b) => b.text.length - a.text.length);
  const total = sorted.reduce((sum, task) => sum + task.text.length, 0);
  const target = Math.max(1, total / Math.max(1, workers * perWorker));
  const batches: FileTask[][] = [];
  let current: FileTask[] = [];
  let size = 0;
  for (const task of sorted) {
    current.push(task);
    size += task.text.length;
    if (size >= target || current.length >= maxFiles) {
      batches.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export function runPool(tasks: readonly FileTask[], options: PoolOptions): Promise<void> {
  const queue = makeBatches(tasks, options.workers);
  const size = Math.min(options.workers, queue.length);
  const inFlight = new Map<Worker, BatchRequest>();
  const live = new Set<Worker>();
  let respawns = size;
  let nextId = 0;

  return new Promise<void>((resolve) => {
    const finishIfDone = (): void => {
      if (queue.length > 0 || inFlight.size > 0) return;
      for (const worker of live) void worker.terminate();
      live.clear();
      resolve();
    };

    const failBatch = (batch: readonly FileTask[], message: string): void => {
      options.onOutcomes(batch.map((task) => ({ file: task.file, error: { kind: 'internal', message } })));
    };

    const feed = (worker: Worker): void => {
      const tasks = queue.shift();
      if (!tasks) {
        live.delete(worker);
        void worker.terminate();
        finishIfDone();
        return;
      }
      const request: BatchRequest = { id: nextId++, tasks };
      inFlight.set(worker, request);
      worker.postMessage(request);
    };

    const spawn = (): void => {
      const worker = new Worker(options.workerFile, { workerData: { settings: options.settings } satisfies WorkerInput });
      live.add(worker);
      worker.on('message', (result: BatchResult) => {
        inFlight.delete(worker);
        options.onOutcomes(result.outcomes);
        feed(worker);
      });
      const died = (message: string): void => {
        if (!live.has(worker)) return;
        live.delete(worker);
        const request = inFlight.get(worker);
        inFlight.delete(worker);
        if (request) failBatch(request.tasks, `the worker analysing this file stopped: ${message}`);
        if (queue.length > 0) {
          if (respawns-- > 0) spawn();
          else if (live.size === 0) {
            // Every worker died: fail what is left rather than spin.
            for (const batch of queue.splice(0)) failBatch(batch, `no worker left: ${message}`);
          }
        }
        finishIfDone();
      };
      worker.on('error', (error) => died(error instanceof Error ? error.message : String(error)));
      worker.on('exit', (code) => died(`it exited with code ${code}`));
      feed(worker);
    };

    if (queue.length === 0) resolve();
    for (let index = 0; index < size; index++) spawn();
  });
}
