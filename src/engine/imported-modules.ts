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
import { skipWrappers, staticPropertyName, type FunctionNode } from './facts/ast';
import { exportTableOf, splitQualifiedName } from './facts/modules/exports';
import {
  displayPath,
  ModuleSummaries,
  relativeSpecifiersIn,
  specifiersIn,
  type BareResolution,
  type ModuleRequester,
  type ResolvedExport,
} from './facts/modules/loader';
import type {
  ExportedFunction,
  FunctionWait,
  ImportedFunctions,
  ImportedWait,
  ImportedLockAcquire,
  ImportedLockCallback,
  LockAcquire,
  LockCallback,
  ImportedSend,
  ImportedSharedAccess,
  ImportedTransfer,
  ModuleSummary,
  ParamChannelEffect,
  ParamSend,
  ParamSharedAccess,
} from './facts/modules/summary';
import type { Resolver } from './facts/resolve';
import type { TypeFacts } from '../types/type-info';
import type { ModuleResolutionCache } from 'typescript';
import type { ModuleLinter } from './module-linter';
import type { ExportedTransfer } from './analyses/ownership/analysis';
import type { LockRef } from './classify/lock-effects';
import { lockIdentity, type LockIdentityContext } from './analyses/locks/imported';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const noLocks = { acquires: [], callbacks: [] };

/** One loader per process: summaries outlive the file that asked for them. */
const summaries = new ModuleSummaries();

/** TypeScript's module resolution caches, per program's compiler options (a project's files share them). */
const resolutionCaches = new WeakMap<object, ModuleResolutionCache>();

/**
 * The areas whose analyses follow imported functions into modules that mention them: ownership's parameter
 * transfers and sendability's parameter sends (area `sends`), the locks imported functions acquire (area `locks`),
 * the blocking waits a call runs (area `blocking`). Channel effects and shared-memory accesses are asked of any
 * local module (`channelEffectsOf`, `sharedAccessesOf`), so their areas need no place here: the linted file itself
 * names the channel or the shared memory.
 */
const followedAreas: ReadonlySet<ModelArea> = new Set(['sends', 'locks', 'blocking']);

export class ImportedModules implements ImportedFunctions {
  private gate: boolean | undefined;
  private imports: boolean | undefined;
  private readonly depth: number;
  private requesterOfFile: ModuleRequester | undefined;
  private readonly byName = new Map<string, ResolvedExport | undefined>();
  private readonly byCall = new Map<TSESTree.CallExpression, ResolvedExport | undefined>();
  private readonly areaGates = new Map<ModelArea, boolean>();
  private readonly byCallAnyText = new Map<TSESTree.CallExpression, ResolvedExport | undefined>();
  private lockContext: LockIdentityContext | undefined;
  /** How bare specifiers resolve for this file (null: not asked yet). */
  private bare: BareResolution | undefined | null = null;

  constructor(
    private readonly context: AnyContext,
    private readonly model: CompiledModel,
    private readonly linter: ModuleLinter,
    private readonly analysis: { readonly resolver: Resolver; readonly types: TypeFacts | undefined },
  ) {
    this.depth = linter.depth;
  }

  /** How this file's analysis asks for modules (built on first need: most files never need it). */
  private get requester(): ModuleRequester {
    if (!this.requesterOfFile) {
      const { context, model, linter } = this;
      const settings = context.settings as Readonly<Record<string, unknown>>;
      const parser = (context as { languageOptions?: { parser?: unknown } }).languageOptions?.parser as Parameters<ModuleLinter['analyse']>[3];
      const bare = this.bareResolution();
      this.requesterOfFile = {
        // Summaries that followed bare specifiers hold under those compiler options only.
        settingsKey: JSON.stringify(settings.fearless ?? null) + (bare ? `\0${bare.options}` : ''),
        mentions: (text) => [...followedAreas].some((area) => model.mentionsArea(area, text)),
        analyse: (file, text, depth) => linter.analyse(file, text, depth, parser, settings),
        session: this,
        ...(bare ? { bare } : {}),
      };
    }
    return this.requesterOfFile;
  }

  /**
   * With type information, bare specifiers resolved as TypeScript resolves them for this file (tsconfig `paths`,
   * `baseUrl`, workspace packages whose `exports` or `types` lead to sources), never into `node_modules` or to
   * declaration files: what a library does is the API model's to say.
   */
  private bareResolution(): BareResolution | undefined {
    if (this.bare !== null) return this.bare;
    // An imported module (analysed without type information) resolves them as the linted file does.
    if (this.depth > 0) return (this.bare = summaries.sessionBare);
    const types = this.analysis.types;
    if (!types) return (this.bare = undefined);
    const { ts, program } = types;
    const options = program.getCompilerOptions();
    let cache = resolutionCaches.get(options);
    if (!cache) {
      cache = ts.createModuleResolutionCache(program.getCurrentDirectory(), (file) => file, options);
      resolutionCaches.set(options, cache);
    }
    const moduleCache = cache;
    return (this.bare = {
      options: String(options.configFilePath ?? program.getCurrentDirectory()),
      resolve: (fromFile, specifier) => {
        const file = ts.resolveModuleName(specifier, fromFile, options, ts.sys, moduleCache).resolvedModule?.resolvedFileName;
        if (file === undefined || /\.d\.[cm]?ts$/.test(file)) return undefined;
        const absolute = path.resolve(file);
        return absolute.split(path.sep).includes('node_modules') ? undefined : absolute;
      },
    });
  }

  /** Whether the file imports a local module that can matter to an analysis (checked on first use, cheap tests first). */
  get relevant(): boolean {
    if (this.gate === undefined) {
      const { filename, sourceCode } = this.context;
      this.gate = this.reachable && summaries.importsMention(this.requester, filename, sourceCode.text, this.depth);
    }
    return this.gate;
  }

  /** Whether the file imports local modules at all (its text names one; no module is read to tell). */
  get reachable(): boolean {
    if (this.imports === undefined) {
      const { filename, sourceCode } = this.context;
      this.imports =
        this.model.settings.followImports &&
        path.isAbsolute(filename) &&
        (relativeSpecifiersIn(sourceCode.text).length > 0 || (this.bareResolution() !== undefined && specifiersIn(sourceCode.text).length > 0));
    }
    return this.imports;
  }

  /**
   * Whether an analysis of `area` has imported functions to follow: the file imports a local module that mentions
   * the area (or leads to one). Asked per area, so that a file whose imports only post messages does not run the
   * lock analysis for them.
   */
  mentions(area: ModelArea): boolean {
    if (!followedAreas.has(area) || !this.relevant) return false;
    let known = this.areaGates.get(area);
    if (known === undefined) {
      const { filename, sourceCode } = this.context;
      const requester: ModuleRequester = {
        ...this.requester,
        settingsKey: `${this.requester.settingsKey}\0area:${area}`,
        mentions: (text) => this.model.mentionsArea(area, text),
      };
      known = summaries.importsMention(requester, filename, sourceCode.text, this.depth);
      this.areaGates.set(area, known);
    }
    return known;
  }

  transfersOf(call: TSESTree.CallExpression): readonly ImportedTransfer[] | undefined {
    const found = this.relevant ? this.functionAt(call) : undefined;
    return found?.summary.transfers.map((transfer): ImportedTransfer => ({ ...transfer, display: displayPath(this.context.filename, transfer.file) }));
  }

  sendsOf(call: TSESTree.CallExpression): readonly ImportedSend[] | undefined {
    const found = this.relevant ? this.functionAt(call) : undefined;
    return found?.summary.sends?.map((send): ImportedSend => ({ ...send, display: displayPath(this.context.filename, send.file) }));
  }

  waitsOf(call: TSESTree.CallExpression): readonly ImportedWait[] | undefined {
    const found = this.relevant ? this.functionAt(call) : undefined;
    return found?.summary.waits?.map((wait): ImportedWait => ({ ...wait, display: displayPath(this.context.filename, wait.file) }));
  }

  channelEffectsOf(call: TSESTree.CallExpression): readonly ParamChannelEffect[] | undefined {
    return this.reachable ? this.functionAt(call, true)?.summary.channels : undefined;
  }

  lockAcquiresOf(call: TSESTree.CallExpression): readonly ImportedLockAcquire[] | undefined {
    const found = this.relevant ? this.functionAt(call) : undefined;
    return found?.summary.locks?.map((acquire): ImportedLockAcquire => ({ ...acquire, where: displayPath(this.context.filename, acquire.file) }));
  }

  lockCallbacksOf(call: TSESTree.CallExpression): readonly ImportedLockCallback[] | undefined {
    const found = this.relevant ? this.functionAt(call) : undefined;
    return found?.summary.lockCallbacks?.map(({ param, locks }) => ({
      param,
      locks: locks.map((acquire): ImportedLockAcquire => ({ ...acquire, where: displayPath(this.context.filename, acquire.file) })),
    }));
  }

  /**
   * The identity of a lock of this file in every file (facts/modules/summary.ts, LockAcquire). An imported one
   * is resolved to the module that declares it, through re-exports, when the file follows imports; without
   * that (`followImports: false`, a file named by no absolute path) imports have no identity here.
   */
  lockIdOf(lock: LockRef): string | undefined {
    if (!this.lockContext) {
      const { filename, sourceCode } = this.context;
      let exported: ReadonlyMap<string, string> | undefined;
      this.lockContext = {
        file: filename,
        exportedName: (binding) => (exported ??= exportTableOf(sourceCode.ast, this.analysis.resolver).bindings).get(binding),
        origin: (specifier, name) => {
          if (!this.reachable) return undefined;
          return summaries.exportOrigin(this.requester, filename, this.depth, specifier, name);
        },
      };
    }
    return lockIdentity(lock, this.lockContext);
  }

  sharedAccessesOf(call: TSESTree.CallExpression): readonly ImportedSharedAccess[] | undefined {
    // Like channel effects, any module's text: the caller has shown the memory is shared, the helper needs no API to race on it.
    const found = this.reachable ? this.functionAt(call, true) : undefined;
    return found?.summary.sharedAccesses?.map((access): ImportedSharedAccess => ({ ...access, display: displayPath(this.context.filename, access.file) }));
  }

  /**
   * The imported function a call invokes, with its module's summary of it (memoized per imported name). With
   * `anyText`, found even in a module whose text mentions nothing of the model (see ModuleSummaries#exportedFunction).
   */
  private functionAt(call: TSESTree.CallExpression, anyText = false): ResolvedExport | undefined {
    // Several analyses ask about the same call: its callee is resolved once per question kind.
    const byCall = anyText ? this.byCallAnyText : this.byCall;
    if (byCall.has(call)) return byCall.get(call);
    const name = this.analysis.resolver.qualifiedName(call.callee) ?? this.methodOfImportedClass(call.callee);
    const imported = name === undefined ? undefined : splitQualifiedName(name, this.requester.bare !== undefined);
    let found: ResolvedExport | undefined;
    if (imported) {
      const key = anyText ? `${name}\0any` : name!;
      if (this.byName.has(key)) found = this.byName.get(key);
      else {
        found = summaries.exportedFunction(this.requester, this.context.filename, this.depth, imported.specifier, imported.name, anyText);
        this.byName.set(key, found);
      }
    }
    byCall.set(call, found);
    return found;
  }

  /**
   * A method called on an instance of an imported class, as the module's summary names it:
   *
   *   import { Pool } from './pool';
   *   const pool = new Pool();      // also `this.pool = new Pool()` in a constructor
   *   pool.run(task, [buf]);        // ./pool:Pool#run
   */
  private methodOfImportedClass(callee: TSESTree.Node): string | undefined {
    const member = skipWrappers(callee);
    if (member.type !== 'MemberExpression') return undefined;
    const method = staticPropertyName(member);
    if (method === undefined) return undefined;
    const creation = this.analysis.resolver.creation(member.object);
    if (creation?.kind !== 'new' || creation.path.length > 0 || creation.callee === undefined) return undefined;
    return `${creation.callee}#${method}`;
  }

  /** A file's summary for its importers: its export table, with what each exported function transfers. */
  static summaryOf(
    program: TSESTree.Program,
    resolver: Resolver,
    filename: string,
    parameterTransfers: (fn: FunctionNode) => readonly ExportedTransfer[],
    parameterSends: (fn: FunctionNode) => ReadonlyArray<Omit<ParamSend, 'file'> & { readonly file?: string }> = () => [],
    channelEffects: (fn: FunctionNode) => readonly ParamChannelEffect[] = () => [],
    waits: (fn: FunctionNode) => readonly FunctionWait[] = () => [],
    lockAcquires: (fn: FunctionNode) => { readonly acquires: readonly LockAcquire[]; readonly callbacks: readonly LockCallback[] } = () => noLocks,
    sharedAccesses: (fn: FunctionNode) => ReadonlyArray<Omit<ParamSharedAccess, 'file'> & { readonly file?: string }> = () => [],
  ): ModuleSummary {
    const table = exportTableOf(program, resolver);
    const functions = Object.create(null) as Record<string, ExportedFunction>;
    for (const [name, fn] of table.functions) {
      const sends = parameterSends(fn).map((send): ParamSend => ({ ...send, file: send.file ?? filename }));
      const channels = channelEffects(fn);
      const blocking = waits(fn);
      const { acquires: locks, callbacks: lockCallbacks } = lockAcquires(fn);
      const shared = sharedAccesses(fn).map((access): ParamSharedAccess => ({ ...access, file: access.file ?? filename }));
      functions[name] = {
        transfers: parameterTransfers(fn).map((transfer) => ({ ...transfer, file: transfer.file ?? filename })),
        ...(sends.length > 0 ? { sends } : {}),
        ...(channels.length > 0 ? { channels } : {}),
        ...(blocking.length > 0 ? { waits: blocking } : {}),
        ...(locks.length > 0 ? { locks } : {}),
        ...(lockCallbacks.length > 0 ? { lockCallbacks } : {}),
        ...(shared.length > 0 ? { sharedAccesses: shared } : {}),
      };
    }
    return { functions, reexports: Object.fromEntries(table.reexports), stars: table.stars };
  }
}
