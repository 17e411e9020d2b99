// Applies the settings to every image it is asked to convert.
import { parentPort } from 'node:worker_threads';

let settings = { quality: 80, format: 'webp', stripMetadata: true };

parentPort.on('message', (message) => {
  if (message.type === 'configure') {
    settings = message.settings;
  } else if (message.type === 'convert') {
    parentPort.postMessage({ file: message.file, format: settings.format, quality: settings.quality });
  }
});
