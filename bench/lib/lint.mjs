/**
 * ESLint through its Node API, one file at a time.
 *
 * The `ESLint` class rather than `Linter`: it resolves and caches the config
 * per file the way the CLI does, so what we time is what users pay. One
 * `lintText` call per file (texts read into memory beforehand, so disk I/O is
 * not timed) lets a rule that throws on one file be reported without losing
 * the rest of the run.
 */
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { recordCrash } from './crashes.mjs';

const load = createRequire(import.meta.url);

const { ESLint } = load('eslint');
export const tsParser = load('@typescript-eslint/parser');

/** The built plugin (`npm run bench` builds it first). */
export function loadPlugin() {
  try {
    return load('../../dist/src/index.js');
  } catch (error) {
    throw new Error(`Cannot load the built plugin (dist/src/index.js): ${error.message}\nRun \`npm run build\` (npm run bench does it for you).`, {
      cause: error,
    });
  }
}

export const eslintVersion = ESLint.version;

/**
 * The plugin's file-level text gate at default settings: whether a file's
 * text names anything in the API model. Files it rejects are neither
 * recorded nor analysed; the bench uses it to tell admitted files apart.
 */
export function textGate() {
  const { compileModel } = load('../../dist/src/model/index.js');
  const { parseSettings } = load('../../dist/src/settings.js');
  const model = compileModel(parseSettings({}));
  return (text) => model.mentionsModel(text);
}

const jsFiles = ['**/*.js', '**/*.mjs', '**/*.cjs'];
const tsFiles = ['**/*.ts', '**/*.mts', '**/*.cts'];

/** A `files` pattern naming exactly one file (relative to the config's base path, '/'-separated). */
function exactPattern(cwd, path) {
  return relative(cwd, path).split(sep).join('/');
}

/**
 * Parser settings shared by every variant of a comparison, so only the rules
 * differ. Untyped: espree for JavaScript, @typescript-eslint/parser for
 * TypeScript. Typed: @typescript-eslint/parser with `parserOptions` for all.
 * Either way the source type is chosen per file (see corpus.mjs).
 */
export function languageConfigs(cwd, files, parserOptions) {
  const configs = [
    { name: 'bench/js', files: jsFiles, languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    { name: 'bench/ts', files: tsFiles, languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parser: tsParser } },
  ];
  if (parserOptions) {
    configs.push({ name: 'bench/typed', files: [...jsFiles, ...tsFiles], languageOptions: { parser: tsParser, parserOptions } });
  }
  const commonjs = files.filter((file) => file.sourceType === 'commonjs').map((file) => exactPattern(cwd, file.path));
  if (commonjs.length > 0) configs.push({ name: 'bench/commonjs', files: commonjs, languageOptions: { sourceType: 'commonjs' } });
  return configs;
}

/** Added after `configs.all`: the same rules without cross-module summaries (issue #10's cost bars compare against it). */
export const noFollowImports = { name: 'bench/no-follow-imports', settings: { fearless: { followImports: false } } };

/**
 * An ESLint instance with only the configs given: the project's own
 * eslint.config.mjs is not read (`overrideConfigFile: true`), inline
 * `eslint-disable` comments in the corpus are ignored (they name rules that
 * are not loaded here, and must not hide our findings), nothing is cached.
 */
export function createESLint(cwd, configs, { stats = false } = {}) {
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig: configs, allowInlineConfig: false, cache: false, ignore: false, stats });
}

/**
 * Lints one file. Returns `{ result }`, or `{ error }` when ESLint or a rule
 * threw; the error is also recorded for the "Crashes" list.
 */
export async function lintFile(eslint, file, context) {
  try {
    const [result] = await eslint.lintText(file.text, { filePath: file.path });
    return { result };
  } catch (error) {
    recordCrash({ ...context, file: file.display, error });
    return { error };
  }
}

/** The first fatal (parse) message of a result, if any. */
export function fatalMessage(result) {
  return result.messages.find((message) => message.fatal);
}

/** Lints every file in turn (used inside timings: failures were weeded out beforehand, but still never throw). */
export async function lintAll(eslint, files, context) {
  for (const file of files) await lintFile(eslint, file, context);
}

/** Messages of our plugin's rules, as findings. */
export function findingsOf(result, file) {
  return result.messages
    .filter((message) => message.ruleId?.startsWith('fearless/'))
    .map((message) => ({ file: file.display, line: message.line, column: message.column, rule: message.ruleId, message: message.message }));
}
