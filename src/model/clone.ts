/**
 * The API model of what the structured clone algorithm cannot carry, and of
 * shared memory. Filled in by the Send/Sync analyses; the trigger words gate
 * which files are analysed.
 */

export const sharedMemoryTriggerWords = ['SharedArrayBuffer', 'Atomics', 'workerData', 'shared'];

export const unsendableTriggerWords = ['workerData'];
