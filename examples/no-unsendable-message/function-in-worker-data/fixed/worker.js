// Applies the named conversion to one column of every row.
import { parentPort, workerData } from 'node:worker_threads';

const conversions = {
  identity: (value) => value,
  celsiusToFahrenheit: (value) => (value * 9) / 5 + 32,
};

const { rows, column, conversion } = workerData;
const convert = conversions[conversion];
parentPort.postMessage(rows.map((row) => ({ ...row, [column]: convert(Number(row[column])) })));
