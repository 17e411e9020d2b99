/**
 * One file's lock summary, through ESLint's `Linter` and the same engine as
 * the rules: a private rule subscribes with `withAnalysis` and captures
 * `lockSummaryOf(...)` when the program's code path ends.
 *
 * One `Summarizer` per thread (a worker of the pool, or the main thread for a
 * handful of files), reused for every file: the Linter, the parsers and the
 * config objects are built once.
 *
 * Parsing: espree for JavaScript, @typescript-eslint/parser for TypeScript,
 * the attempts of engine/private-lint.ts. When every attempt fails, the first
 * attempt's error is the one reported.
 */
import { createRequire } from 'node:module';
import { parse } from 'node:path';
import { Linter } from 'eslint';
import type { TSESLint } from '@typescript-eslint/utils';
import {
  attemptsFor,
  lockSummaryOf,
  lockSummaryVersion,
  privateRuleConfig,
  typescriptFile,
  withAnalysis,
  type LockFileSummary,
  type ParseAttempt as Attempt,
} from '../engine';

/** A file to analyse: its path relative to the project root (forward slashes), its absolute path, its text. */
export interface FileTask {
  readonly file: string;
  readonly path: string;
  readonly text: string;
}

/** Why a file has no summary. `parse` and `read` are the user's to fix; `internal` is ours. */
export interface FileError {
  readonly kind: 'read' | 'parse' | 'internal';
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export type FileOutcome =
  | { readonly file: string; readonly summary: LockFileSummary; readonly error?: undefined }
  | { readonly file: string; readonly error: FileError; readonly summary?: undefined };

const load = createRequire(__filename);
let tsParser: Linter.Parser | undefined;

/** @typescript-eslint/parser loads TypeScript (a fifth of a second): only when a TypeScript file comes. */
function typescriptParser(): Linter.Parser {
  tsParser ??= load('@typescript-eslint/parser') as Linter.Parser;
  return tsParser;
}

export function emptySummary(file: string): LockFileSummary {
  return { version: lockSummaryVersion, file, locks: [], edges: [], exports: [], externalCalls: [] };
}

export class Summarizer {
  private readonly linter: Linter;
  /** What the private rule captured for the file being linted. */
  private captured: LockFileSummary | undefined;
  private current = '';
  private readonly configs = new Map<string, Linter.Config[]>();

  /** @param settings the config's `settings` object (`{ fearless: ... }`), already validated. */
  constructor(private readonly settings: Readonly<Record<string, unknown>>) {
    // Files are named by absolute path: config patterns are matched from the file system's root.
    this.linter = new Linter({ configType: 'flat', cwd: parse(process.cwd()).root });
  }

  summarize(task: FileTask): FileOutcome {
    const attempts = attemptsFor(task.file);
    let firstError: FileError | undefined;
    for (const attempt of attempts) {
      const outcome = this.lint(task, attempt);
      if (!outcome.error) return outcome;
      if (outcome.error.kind !== 'parse') return outcome;
      firstError ??= outcome.error;
    }
    return { file: task.file, error: firstError! };
  }

  private lint(task: FileTask, attempt: Attempt): FileOutcome {
    const typescript = typescriptFile.test(task.file);
    this.captured = undefined;
    this.current = task.file;
    let messages: Linter.LintMessage[];
    try {
      messages = this.linter.verify(task.text, this.configFor(typescript, attempt), { filename: task.path });
    } catch (error) {
      // A rule (ours) threw: ESLint appends "Occurred while linting <file>:<line>".
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      return { file: task.file, error: { kind: 'internal', message } };
    }
    const fatal = messages.find((message) => message.fatal);
    if (fatal) return { file: task.file, error: { kind: 'parse', message: fatal.message, line: fatal.line, column: fatal.column } };
    // Files that name nothing of the API model are not analysed: their summary is empty.
    return { file: task.file, summary: this.captured ?? emptySummary(task.file) };
  }

  private configFor(typescript: boolean, attempt: Attempt): Linter.Config[] {
    const key = `${typescript}:${attempt.sourceType}:${attempt.jsx}`;
    let config = this.configs.get(key);
    if (config) return config;
    const capture: TSESLint.RuleModule<string, []> = {
      defaultOptions: [],
      meta: { type: 'problem', schema: [], messages: {} },
      create: (context) =>
        withAnalysis(context, (analysis) => {
          // `version` is set again: compiled to CommonJS, lockSummaryOf's local `exports` hides the module's, so
          // its `version: lockSummaryVersion` reads `exports.lockSummaryVersion` from an array (undefined).
          this.captured = { ...lockSummaryOf(analysis, this.current), version: lockSummaryVersion };
        }) as unknown as TSESLint.RuleListener,
    };
    // Each file's summary stands alone (cached by its own text; the merge follows imports across files), so the
    // lock analysis does not follow imported functions here.
    const fearless = (this.settings.fearless ?? {}) as Readonly<Record<string, unknown>>;
    const settings = { ...this.settings, fearless: { ...fearless, followImports: false } };
    config = privateRuleConfig('fearless-lock-graph', capture, typescript ? typescriptParser() : undefined, attempt, settings);
    this.configs.set(key, config);
    return config;
  }
}
