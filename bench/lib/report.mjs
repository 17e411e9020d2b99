/**
 * Printing: section headings, aligned tables, numbers, and the budget lines
 * that the summary at the end repeats.
 */

/** Every budget line printed, for the summary at the end. */
export const verdicts = [];

export function heading(title) {
  console.log(`\n${'='.repeat(78)}\n${title}\n${'='.repeat(78)}`);
}

export function note(text) {
  console.log(text);
}

/** Milliseconds, with as many decimals as a reader needs at that size. */
export function ms(value) {
  if (value === undefined || Number.isNaN(value)) return '-';
  if (Math.abs(value) >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (Math.abs(value) >= 10) return `${value.toFixed(0)} ms`;
  return `${value.toFixed(2)} ms`;
}

export function ratio(value) {
  return value === undefined || !Number.isFinite(value) ? '-' : `${value.toFixed(2)}x`;
}

export function percent(value) {
  return value === undefined || !Number.isFinite(value) ? '-' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
}

export function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * An aligned text table. `rows` are arrays of cells (strings or numbers);
 * numeric-looking cells are right-aligned so columns of figures line up.
 */
export function table(header, rows) {
  const cells = [header, ...rows].map((row) => row.map((cell) => String(cell ?? '')));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const numeric = /^[-+]?[\d.,]+\s*(ms|s|x|%|KB)?$/;
  const line = (row) =>
    row
      .map((cell, column) => (numeric.test(cell) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  console.log(line(cells[0]));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of cells.slice(1)) console.log(line(row));
}

/** A budget verdict: printed now and again in the summary. */
export function budget(label, pass, detail) {
  const verdict = pass ? 'PASS' : 'FAIL';
  verdicts.push({ label, verdict, detail });
  console.log(`Budget: ${label}: ${verdict} (${detail})`);
}
