/**
 * Section 11: the editor path. An editor integration calls `ESLint#lintText`
 * on the open file at every change, in one long-lived process. Timed here:
 * one worker file of about 300 lines, linted again and again in this process
 * with @eslint/js recommended alone and with recommended + `configs.all`,
 * calls alternating, median per call (no rules too, for scale).
 *
 * The file is picked at run time from the timed corpus (section 1): of the
 * files the text gate admits, the one whose line count is nearest to
 * TARGET_LINES (ties by name), so the pick is the same on every machine.
 * No budget: the issue asks for the figure, not a limit.
 */
import { loadCorpusList, prepareCorpus, sourceRoot } from './corpus.mjs';
import { createESLint, fatalMessage, languageConfigs, lintFile, textGate } from './lint.mjs';
import { alternate } from './measure.mjs';
import { heading, kb, ms, note, percent, ratio, table } from './report.mjs';
import { jsRecommended } from './untyped.mjs';

const TARGET_LINES = 300;

function lineCount(text) {
  return text.split('\n').length;
}

/** The admitted corpus file nearest to TARGET_LINES lines that lints without a parse error. */
async function pickFile(files, eslint) {
  const gate = textGate();
  const candidates = files
    .filter((file) => gate(file.text))
    .sort((x, y) => Math.abs(lineCount(x.text) - TARGET_LINES) - Math.abs(lineCount(y.text) - TARGET_LINES) || x.display.localeCompare(y.display));
  for (const file of candidates) {
    const { result } = await lintFile(eslint, file, { section: 'editor', config: 'recommended + configs.all' });
    if (result && !fatalMessage(result)) return file;
  }
  return undefined;
}

export async function runEditor({ plugin, warmup, reps }) {
  heading('11. Editor path: ESLint#lintText on one ~300-line worker file, again and again in one process');
  const files = await prepareCorpus(loadCorpusList(), note);
  const cwd = sourceRoot;
  const language = languageConfigs(cwd, files);
  const variants = {
    none: { label: 'no rules (for scale)', eslint: createESLint(cwd, language) },
    recommended: { label: '@eslint/js recommended', eslint: createESLint(cwd, [...language, jsRecommended()]) },
    both: { label: '@eslint/js recommended + configs.all', eslint: createESLint(cwd, [...language, jsRecommended(), plugin.configs.all]) },
  };
  const file = await pickFile(files, variants.both.eslint);
  if (!file) {
    note('No admitted corpus file lints cleanly: nothing to time.');
    return;
  }
  note(`${file.display}: ${lineCount(file.text)} lines, ${kb(file.bytes)}. ${warmup} untimed calls per config, then ${reps} timed, alternating.`);
  const timing = await alternate(
    Object.fromEntries(Object.entries(variants).map(([name, { label, eslint }]) => [name, () => lintFile(eslint, file, { section: 'editor', config: label })])),
    { warmup, reps },
  );
  table(
    ['config', 'median per call', 'min', 'max', 'CPU time, median'],
    Object.entries(variants).map(([name, { label }]) => {
      const { median, samples, cpu } = timing[name];
      return [label, ms(median), ms(Math.min(...samples)), ms(Math.max(...samples)), ms(cpu.median)];
    }),
  );
  const added = timing.both.median / timing.recommended.median;
  note(
    `recommended + configs.all against recommended alone: ${ratio(added)} (${percent(added - 1)}, ` +
      `${ms(timing.both.median - timing.recommended.median)} a call; median of ${reps}); ` +
      `CPU time ${ratio(timing.both.cpu.median / timing.recommended.cpu.median)}. No budget.`,
  );
}
