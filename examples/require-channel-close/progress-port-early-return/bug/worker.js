// Lays out each page, reports progress after each one, and posts the finished PDF.
import { parentPort, workerData } from 'node:worker_threads';
import { layoutPage, writePdf } from './layout.js';

const { pages, progress } = workerData;
const laidOut = [];
for (const page of pages) {
  laidOut.push(layoutPage(page));
  progress.postMessage(laidOut.length);
}
progress.close();

const pdf = writePdf(laidOut);
parentPort.postMessage(pdf, [pdf.buffer]);
