// Summarizes a report and sends the encoded result back without copying it.
import { parentPort, workerData } from 'node:worker_threads';

const totals = {};
for (const { category, amount } of workerData.rows) {
  totals[category] = (totals[category] ?? 0) + amount;
}

// TextEncoder returns a Uint8Array with an ArrayBuffer of its own, safe to transfer.
const encoded = new TextEncoder().encode(JSON.stringify({ title: workerData.title, totals }));
parentPort.postMessage(encoded, [encoded.buffer]);
