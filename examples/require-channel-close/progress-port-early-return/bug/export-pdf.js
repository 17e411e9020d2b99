// Exports a document to PDF in a worker thread, reporting progress on a dedicated port.
import { MessageChannel, Worker } from 'node:worker_threads';

export function exportPdf(pages, onProgress) {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (done) => onProgress(done / pages.length));

  if (pages.length === 0) {
    return Promise.resolve(Buffer.alloc(0));
  }

  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    workerData: { pages, progress: port2 },
    transferList: [port2],
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (pdf) => {
      port1.close();
      resolve(Buffer.from(pdf));
    });
    worker.once('error', (error) => {
      port1.close();
      reject(error);
    });
  });
}
