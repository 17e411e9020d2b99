/**
 * Errors thrown while linting: plugin bugs to fix. The bench records them,
 * prints them where they happen and lists them again at the end; it never
 * stops because of one.
 */
const crashes = [];
const seen = new Set();

/** The lines of an error worth reading: ESLint's message (it names the file, line and rule) and the first frames. */
export function describeError(error) {
  const message = String(error?.message ?? error)
    .trim()
    .split('\n')
    .map((line) => line.trim());
  const frames = String(error?.stack ?? '')
    .split('\n')
    .filter((line) => line.trim().startsWith('at '))
    .slice(0, 4)
    .map((line) => line.trim());
  return [...message, ...frames].join('\n    ');
}

export function recordCrash({ section, config, file, error }) {
  const text = describeError(error);
  const key = `${config}\0${file}\0${text.split('\n')[0]}`;
  if (seen.has(key)) return;
  seen.add(key);
  crashes.push({ section, config, file, text });
  console.log(`  CRASH [${section}, ${config}] ${file}\n    ${text}`);
}

export function allCrashes() {
  return crashes;
}
