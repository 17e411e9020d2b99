/**
 * A worker of the `fearless lock-graph` pool: one Summarizer (one Linter,
 * parsers loaded once) for every batch this thread is sent.
 *
 * In:  `workerData` = { settings }; messages { id, tasks: FileTask[] }.
 * Out: { id, outcomes: FileOutcome[] } per batch, plain JSON.
 */
import moduleApi from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { Summarizer, type FileOutcome, type FileTask } from './summarize';

export interface WorkerInput {
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface BatchRequest {
  readonly id: number;
  readonly tasks: readonly FileTask[];
}

export interface BatchResult {
  readonly id: number;
  readonly outcomes: readonly FileOutcome[];
}

if (parentPort) {
  (moduleApi as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const port = parentPort;
  const summarizer = new Summarizer((workerData as WorkerInput).settings);
  port.on('message', (request: BatchRequest) => {
    const outcomes = request.tasks.map((task) => summarizer.summarize(task));
    port.postMessage({ id: request.id, outcomes } satisfies BatchResult);
  });
}
