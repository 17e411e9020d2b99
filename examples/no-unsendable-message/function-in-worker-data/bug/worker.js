// Applies `convert` to one column of every row.
import { parentPort, workerData } from 'node:worker_threads';

const { rows, column, convert } = workerData;
parentPort.postMessage(rows.map((row) => ({ ...row, [column]: convert(Number(row[column])) })));
