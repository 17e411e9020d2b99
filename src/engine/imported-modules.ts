/**
 * A linted file's local imports, as its analyses see them: which calls
 * invoke a function of a local module, and what that function does (the
 * module's summary, computed by this same engine: see module-linter.ts and
 * facts/modules/loader.ts).
 *
 * The gate is cheap and comes first: a file whose text names no relative
 * specifier, or whose relative imports lead to no module that mentions the
 * API model, reads nothing more and parses nothing.
 */
import * as path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { CompiledModel, ModelArea } from '../model';
import type { FunctionNode } from './facts/ast';
import { exportTableOf, splitQualifiedName } from './facts/modules/exports';
import { displayPath, ModuleSummaries, relativeSpecifiersIn, type ModuleRequester, type ResolvedExport } from './facts/modules/loader';
import type { ExportedFunction, ImportedFunctions, ImportedTransfer, ModuleSummary } from './facts/modules/summary';
import type { Resolver } from './facts/resolve';
import type { ModuleLinter } from './module-linter';
import type { ExportedTransfer } from './analyses/ownership/analysis';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** One loader per process: summaries outlive the file that asked for them. */
const summaries = new ModuleSummaries();

/** The areas whose analyses follow imported functions (ownership's parameter transfers so far). */
const followedAreas: ReadonlySet<ModelArea> = new Set(['sends']);

export class ImportedModules implements ImportedFunctions {
  private gate: boolean | undefined;
  private readonly depth: number;
  private requesterOfFile: ModuleRequester | undefined;
  private readonly byName = new Map<string, ResolvedExport | undefined>();

  constructor(
    private readonly context: AnyContext,
    private readonly model: CompiledModel,
    private readonly linter: ModuleLinter,
    private readonly analysis: { readonly resolver: Resolver },
  ) {
    this.depth = linter.depth;
  }

  /** How this file's analysis asks for modules (built on first need: most files never need it). */
  private get requester(): ModuleRequester {
    if (!this.requesterOfFile) {
      const { context, model, linter } = this;
      const settings = context.settings as Readonly<Record<string, unknown>>;
      const parser = (context as { languageOptions?: { parser?: unknown } }).languageOptions?.parser as Parameters<ModuleLinter['analyse']>[3];
      this.requesterOfFile = {
        settingsKey: JSON.stringify(settings.fearless ?? null),
        mentions: (text) => [...followedAreas].some((area) => model.mentionsArea(area, text)),
        analyse: (file, text, depth) => linter.analyse(file, text, depth, parser, settings),
        session: this,
      };
    }
    return this.requesterOfFile;
  }

  /** Whether the file imports a local module that can matter to an analysis (checked on first use, cheap tests first). */
  get relevant(): boolean {
    if (this.gate === undefined) {
      const { filename, sourceCode } = this.context;
      this.gate =
        this.model.settings.followImports &&
        path.isAbsolute(filename) &&
        relativeSpecifiersIn(sourceCode.text).length > 0 &&
        summaries.importsMention(this.requester, filename, sourceCode.text, this.depth);
    }
    return this.gate;
  }

  /** Whether an analysis of `area` has imported functions to follow. */
  mentions(area: ModelArea): boolean {
    return followedAreas.has(area);
  }

  transfersOf(call: TSESTree.CallExpression): readonly ImportedTransfer[] | undefined {
    const found = this.functionAt(call);
    return found?.summary.transfers.map((transfer): ImportedTransfer => ({ ...transfer, display: displayPath(this.context.filename, transfer.file) }));
  }

  /** The imported function a call invokes, with its module's summary of it (memoized per imported name). */
  private functionAt(call: TSESTree.CallExpression): ResolvedExport | undefined {
    const name = this.analysis.resolver.qualifiedName(call.callee);
    const imported = name === undefined ? undefined : splitQualifiedName(name);
    if (!imported) return undefined;
    if (this.byName.has(name!)) return this.byName.get(name!);
    const found = summaries.exportedFunction(this.requester, this.context.filename, this.depth, imported.specifier, imported.name);
    this.byName.set(name!, found);
    return found;
  }

  /** A file's summary for its importers: its export table, with what each exported function transfers. */
  static summaryOf(
    program: TSESTree.Program,
    resolver: Resolver,
    filename: string,
    parameterTransfers: (fn: FunctionNode) => readonly ExportedTransfer[],
  ): ModuleSummary {
    const table = exportTableOf(program, resolver);
    const functions = Object.create(null) as Record<string, ExportedFunction>;
    for (const [name, fn] of table.functions) {
      functions[name] = { transfers: parameterTransfers(fn).map((transfer) => ({ ...transfer, file: transfer.file ?? filename })) };
    }
    return { functions, reexports: Object.fromEntries(table.reexports), stars: table.stars };
  }
}
