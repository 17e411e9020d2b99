/**
 * The engine run on an imported module, outside ESLint's traversal of the
 * linted files: through ESLint's public `Linter` with a private rule, as
 * `fearless lock-graph` does (src/cli/summarize.ts), because the recorder
 * needs ESLint's code-path events. The private rule subscribes like every
 * rule of the plugin (`withAnalysis`, injected here to keep the engine's
 * modules free of cycles) and hands back the module's summary.
 *
 * The module is parsed with the parser of the file that imports it (a
 * TypeScript module imported by a file parsed with espree gets
 * @typescript-eslint/parser, when it is installed), without type information
 * (building a program per module would cost more than the whole lint):
 * as a module first, as CommonJS when that fails (`.cjs`/`.cts`: CommonJS
 * only), with JSX for `.jsx`/`.tsx`. Where the `eslint` package cannot be
 * loaded (oxlint's JS plugins), imported modules are not followed.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Linter } from 'eslint';
import type { TSESLint } from '@typescript-eslint/utils';
import type { Listeners } from './core/code-path';
import { emptyModuleSummary, type ModuleSummary } from './facts/modules/summary';
import { attemptsFor, privateRuleConfig, typescriptFile, type ParseAttempt as Attempt, type Parser } from './private-lint';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The listeners of the private rule: `done` receives the module's summary when the program's code path ends. */
export type SummaryListeners = (context: AnyContext, done: (summary: ModuleSummary) => void) => Listeners;

const load = createRequire(__filename);

function isTypeScriptParser(parser: Parser | undefined): boolean {
  const name = (parser as { meta?: { name?: string } } | undefined)?.meta?.name ?? '';
  return name.includes('typescript');
}

export class ModuleLinter {
  /** How deep the module being analysed right now is nested: 0 while ESLint lints its own files. */
  depth = 0;
  private linterClass: typeof Linter | null | undefined;
  private readonly linters: Linter[] = [];
  private tsParser: Parser | null | undefined;
  /** Configs by parser (the map itself stands for espree), then by settings object, then by attempt. */
  private readonly configs = new Map<object, WeakMap<object, Map<string, Linter.Config[]>>>();
  private captured: ModuleSummary | undefined;

  constructor(private readonly listen: SummaryListeners) {}

  /**
   * The summary of the module at `file` with `text`, analysed at `depth`
   * with the importing file's parser and settings; undefined when it does
   * not parse or ESLint is not available.
   */
  analyse(file: string, text: string, depth: number, parser: Parser | undefined, settings: Readonly<Record<string, unknown>>): ModuleSummary | undefined {
    const linter = this.linterAt(depth);
    if (!linter) return undefined;
    const outer = this.depth;
    this.depth = depth;
    try {
      for (const moduleParser of this.parsersFor(file, parser)) {
        for (const attempt of attemptsFor(file)) {
          this.captured = undefined;
          let messages: Linter.LintMessage[];
          try {
            messages = linter.verify(text, this.configFor(moduleParser, settings, attempt), { filename: file });
          } catch (error) {
            // One of our analyses failed on the module: the module is skipped (tests throw, as FEARLESS_DEBUG asks).
            if (process.env.FEARLESS_DEBUG) throw error;
            return undefined;
          }
          if (messages.some((message) => message.fatal)) continue;
          return this.captured ?? emptyModuleSummary;
        }
      }
      return undefined;
    } finally {
      this.depth = outer;
    }
  }

  /**
   * The parsers to try, in order: the importing file's (for TypeScript, only a TypeScript parser), then ESLint's
   * default for JavaScript or @typescript-eslint/parser for TypeScript. The second matters where the importing
   * file's parser cannot be called directly (oxlint's JS plugins hand rules a parser whose `parse` is not implemented).
   */
  private parsersFor(file: string, parser: Parser | undefined): Array<Parser | undefined> {
    const fallback = typescriptFile.test(file) ? this.typescriptParser() : undefined;
    const parsers: Array<Parser | undefined> = [];
    if (parser && (!typescriptFile.test(file) || isTypeScriptParser(parser))) parsers.push(parser);
    if (fallback !== null) parsers.push(fallback);
    return parsers;
  }

  /** @typescript-eslint/parser, loaded on first need; null when it is not installed. */
  private typescriptParser(): Parser | null {
    if (this.tsParser === undefined) {
      try {
        this.tsParser = load('@typescript-eslint/parser') as Parser;
      } catch {
        this.tsParser = null;
      }
    }
    return this.tsParser;
  }

  /** One Linter per nesting level: a module's analysis lints its own imports while its Linter is still verifying it. */
  private linterAt(depth: number): Linter | undefined {
    if (this.linterClass === undefined) {
      try {
        this.linterClass = (load('eslint') as { Linter: typeof Linter }).Linter;
      } catch {
        this.linterClass = null;
      }
    }
    if (!this.linterClass) return undefined;
    // Files are named by absolute path: config patterns are matched from the file system's root.
    this.linters[depth] ??= new this.linterClass({ configType: 'flat', cwd: path.parse(process.cwd()).root });
    return this.linters[depth];
  }

  private configFor(parser: Parser | undefined, settings: Readonly<Record<string, unknown>>, attempt: Attempt): Linter.Config[] {
    const parserKey: object = parser ?? this.configs;
    let byParser = this.configs.get(parserKey);
    if (!byParser) {
      byParser = new WeakMap();
      this.configs.set(parserKey, byParser);
    }
    let bySettings = byParser.get(settings);
    if (!bySettings) {
      bySettings = new Map();
      byParser.set(settings, bySettings);
    }
    const key = `${attempt.sourceType}:${attempt.jsx}`;
    let config = bySettings.get(key);
    if (config) return config;
    const capture: TSESLint.RuleModule<string, []> = {
      defaultOptions: [],
      meta: { type: 'problem', schema: [], messages: {} },
      create: (context) =>
        this.listen(context, (summary) => {
          this.captured = summary;
        }) as unknown as TSESLint.RuleListener,
    };
    config = privateRuleConfig('fearless-module', capture, parser, attempt, settings);
    bySettings.set(key, config);
    return config;
  }
}
