// Summarizes a report and sends the encoded result back without copying it.
import { parentPort, workerData } from 'node:worker_threads';

const totals = {};
for (const { category, amount } of workerData.rows) {
  totals[category] = (totals[category] ?? 0) + amount;
}

const encoded = Buffer.from(JSON.stringify({ title: workerData.title, totals }));
parentPort.postMessage(encoded, [encoded.buffer]);
