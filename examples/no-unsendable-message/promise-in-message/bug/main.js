// Starts the image-processing worker and sends it the user's settings.
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

async function loadSettings(path) {
  const defaults = { quality: 80, format: 'webp', stripMetadata: true };
  try {
    return { ...defaults, ...JSON.parse(await readFile(path, 'utf8')) };
  } catch {
    return defaults;
  }
}

export function startProcessor(settingsPath) {
  const worker = new Worker(new URL('./worker.js', import.meta.url));
  worker.postMessage({ type: 'configure', settings: loadSettings(settingsPath) });
  return worker;
}
