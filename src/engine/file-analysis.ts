/**
 * One analysis per file, shared by every rule of the plugin.
 *
 * The first of our rules that ESLint creates for a file becomes its driver:
 * its listeners include the recorder's (flow.ts), so the traversal is recorded
 * once however many rules are on. ESLint calls listeners of the same event in
 * the order rules were created, so by the time any rule handles the program's
 * `onCodePathEnd`, the driver has finished recording; each rule then asks for
 * the analyses it needs, which are computed once, on first request, and
 * shared.
 *
 * Files whose text names nothing in the API model are not recorded at all.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { analyzeBlocking, type BlockingFinding } from './analyses/blocking/analysis';
import { functionWaits } from './analyses/blocking/function-waits';
import { analyzeChannels, type ChannelFinding, type ChannelOptions } from './analyses/channels/analysis';
import type { CodePath, Listeners } from './core/code-path';
import { describeSolution, type SolutionTrace } from './core/dataflow';
import { describeRecorded, flowName } from './core/debug';
import { callsOf, FlowRecorder, type RecordedFile } from './core/flow';
import { analyzeLocks, type LockAnalysis } from './analyses/locks/analysis';
import { exportedLocks } from './analyses/locks/imported';
import { analyzeRoundTrips, type RoundTripFinding } from './analyses/locks/round-trip';
import { analyzeOwnership, type OwnershipFinding, type OwnershipResult } from './analyses/ownership/analysis';
import { Places } from './facts/places';
import { Resolver } from './facts/resolve';
import { analyzeSharedMemory, exportedSharedAccesses, type SharedMemoryFinding } from './analyses/shared-memory/analysis';
import { analyzeGuardedState } from './analyses/shared-memory/guarded-state';
import type { GuardedStateFinding } from './analyses/shared-memory/findings';
import { analyzeSendability, type SendabilityFinding, type SendabilityOptions } from './analyses/sendability/analysis';
import { exportedSends } from './analyses/sendability/parameters';
import { parameterChannelEffects } from './analyses/channels/helper-effects';
import { mayRaceOnParameters } from './analyses/shared-memory/accesses';
import { ChannelClassifier } from './classify/channels';
import { LockClassifier } from './classify/locks';
import { SendClassifier } from './classify/sends';
import { RuntimeClassifier } from './classify/runtime';
import { runtimeEvidence, type RuntimeEvidence } from './facts/runtime';
import { declaredThread } from './facts/threads';
import type { EngineInputs } from './inputs';
import { ModuleLinter } from './module-linter';
import { ImportedModules } from './imported-modules';
import type { ModuleSummary } from './facts/modules/summary';
import { compileModel, type CompiledModel, type ModelArea } from '../model';
import { parseSettings } from '../settings';
import { createTypeFacts, hasTypeInformation, type TypeFacts } from '../types/type-info';

type Reference = TSESLint.Scope.Reference;
type Variable = TSESLint.Scope.Variable;
type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const analyses = new WeakMap<TSESTree.Program, FileAnalysis>();

/** Imported modules are analysed by this same engine, run through ESLint's Linter with a private rule. */
const moduleLinter = new ModuleLinter((context, done) => withModuleSummary(context, done));

// Read once: `process.env` is slow to read, and these are asked for on every file.
const debugMode = Boolean(process.env.FEARLESS_DEBUG);
const dumpMode = Boolean(process.env.FEARLESS_DUMP);
let tracing = dumpMode;

/** Engine tests: collect every analysis's solved states (`FileAnalysis#solvedStates`), as FEARLESS_DUMP=1 prints them. */
export function traceSolvedStates(on: boolean): void {
  tracing = on || dumpMode;
}

export class FileAnalysis {
  readonly model: CompiledModel;
  /** Whether the file mentions anything of the API model; if not, nothing is recorded or analysed. */
  readonly relevant: boolean;
  private readonly recorder: FlowRecorder | undefined;
  private driverClaimed = false;
  private cache = new Map<string, unknown>();
  private dumped = false;
  private references: Map<TSESTree.Identifier, Reference> | undefined;
  private readonly localImports: ImportedModules;

  static of(context: AnyContext): FileAnalysis {
    const program = context.sourceCode.ast;
    let analysis = analyses.get(program);
    if (!analysis) {
      analysis = new FileAnalysis(context);
      analyses.set(program, analysis);
    }
    return analysis;
  }

  private constructor(private readonly context: AnyContext) {
    // Validated before anything else, so bad settings fail even on files the gate skips.
    this.model = compileModel(parseSettings(context.settings));
    this.localImports = new ImportedModules(context, this.model, moduleLinter, this);
    // The imports' gate (reading the imported modules' text) only for files that mention nothing themselves. An
    // imported module is recorded too when it may race on memory passed to it, which names no API: it accesses
    // memory (`counts[i]++`), or passes it on to a module it imports (`bump(counts, i)`).
    const text = context.sourceCode.text;
    this.relevant =
      this.model.mentionsModel(text) || this.localImports.relevant || (moduleLinter.depth > 0 && (mayRaceOnParameters(text) || this.localImports.reachable));
    this.recorder = this.relevant ? new FlowRecorder((id) => this.referenceOf(id)) : undefined;
  }

  /** The recorder's listeners for the first rule that asks, nothing for the others. */
  claimDriver(): Listeners {
    if (!this.recorder || this.driverClaimed) return {};
    this.driverClaimed = true;
    return this.recorder.listeners();
  }

  /**
   * The file's local imports, when its text names some (undefined otherwise: nothing is read or parsed). Each
   * question gates itself: transfers and sends read only modules that mention the model, channel effects any.
   */
  private get imports(): ImportedModules | undefined {
    return this.localImports.reachable ? this.localImports : undefined;
  }

  get sourceCode(): Readonly<TSESLint.SourceCode> {
    return this.context.sourceCode;
  }

  get filename(): string {
    return this.context.filename;
  }

  /** The recorded code paths, once the program's code path has ended. */
  get recorded(): RecordedFile | undefined {
    return this.recorder?.result;
  }

  referenceOf(id: TSESTree.Identifier): Reference | undefined {
    if (!this.references) {
      this.references = new Map();
      for (const scope of this.context.sourceCode.scopeManager?.scopes ?? []) {
        for (const reference of scope.references) {
          if ((reference as { isValueReference?: boolean }).isValueReference === false) continue;
          this.references.set(reference.identifier as TSESTree.Identifier, reference);
        }
      }
    }
    return this.references.get(id);
  }

  private readonly traces: string[] = [];

  /** The solved states each analysis reported, in the order they were solved (when tracing). */
  solvedStates(): string {
    return this.traces.join('\n');
  }

  private readonly traceSolution: SolutionTrace = (analysis, flow, solution, describe) => {
    const text = [`${analysis}, ${flowName(flow)}:`, ...describeSolution(solution, describe).map((line) => `  ${line}`)].join('\n');
    this.traces.push(text);
    if (dumpMode) process.stderr.write(`--- ${this.filename} (${analysis} states)\n${text}\n`);
  };

  /** With FEARLESS_DUMP=1, print what the recorder saw (once per file). */
  dumpIfAsked(): void {
    if (!dumpMode || this.dumped || !this.recorded) return;
    this.dumped = true;
    process.stderr.write(`--- ${this.filename}\n${describeRecorded(this.recorded, (node) => this.sourceCode.getText(node))}\n`);
  }

  /** Whether this file's text mentions what an analysis looks for (memoized per area). */
  private mentions(area: ModelArea): boolean {
    return this.memo(
      `mentions:${area}`,
      () => this.model.mentionsArea(area, this.context.sourceCode.text) || (this.localImports.relevant && this.localImports.mentions(area)),
    );
  }

  private memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }

  get resolver(): Resolver {
    return this.memo(
      'resolver',
      () =>
        new Resolver(
          (id) => this.referenceOf(id),
          () => this.recorded?.fieldWrites ?? new Map(),
        ),
    );
  }

  get places(): Places {
    return this.memo('places', () => new Places(this.resolver));
  }

  get types(): TypeFacts | undefined {
    return this.memo('types', () => {
      const services = this.context.sourceCode.parserServices;
      return hasTypeInformation(services) ? createTypeFacts(services) : undefined;
    });
  }

  get sends(): SendClassifier {
    return this.memo(
      'sends',
      () =>
        new SendClassifier(
          this.model,
          this.resolver,
          (node) => this.context.sourceCode.getText(node),
          () => this.types,
          (fn) => callsOf(this.recorded?.flowOfNode.get(fn)),
        ),
    );
  }

  private lockClassifier(recorded: RecordedFile): LockClassifier {
    return this.memo(
      'lockClassifier',
      () =>
        new LockClassifier({
          recorded,
          resolver: this.resolver,
          places: this.places,
          model: this.model,
          types: () => this.types,
          text: (node) => this.sourceCode.getText(node),
        }),
    );
  }

  get channelClassifier(): ChannelClassifier {
    return this.memo('channelClassifier', () => new ChannelClassifier(this.model, this.resolver));
  }

  /** Where the file runs, once recorded (engine tests; analyses are given it in their inputs). */
  runtimeEvidence(): RuntimeEvidence | undefined {
    const recorded = this.recorded;
    return recorded && this.runtime(recorded);
  }

  /** Where the file runs: its text's evidence and what `settings.fearless.threads` declares for it. */
  private runtime(recorded: RecordedFile): RuntimeEvidence {
    return this.memo('runtime', () => {
      // `cwd` is absent under some hosts (older oxlint jsPlugins): the process's is the same directory there.
      const cwd = (this.context as { readonly cwd?: string }).cwd ?? process.cwd();
      const declared = declaredThread(this.model.settings.threads, this.context.filename, cwd);
      const globalReferences = () => {
        const scope = this.context.sourceCode.scopeManager?.globalScope;
        if (!scope) return [];
        return [...scope.through, ...scope.variables.filter((variable) => variable.defs.length === 0).flatMap((variable) => variable.references)];
      };
      return runtimeEvidence({ recorded, program: this.sourceCode.ast, globalReferences, declared }, new RuntimeClassifier(this.resolver));
    });
  }

  variables(): Iterable<Variable> {
    return (this.context.sourceCode.scopeManager?.scopes ?? []).flatMap((scope) => scope.variables);
  }

  /**
   * What every analysis is given: one object, so each takes the part it
   * needs (its input interface is a subset of this one).
   */
  private engineInputs(recorded: RecordedFile): EngineInputs {
    return {
      recorded,
      resolver: this.resolver,
      places: this.places,
      sends: this.sends,
      lockClassifier: this.lockClassifier(recorded),
      channelClassifier: this.channelClassifier,
      model: this.model,
      runtime: () => this.runtime(recorded),
      types: () => this.types,
      text: (node: TSESTree.Node) => this.sourceCode.getText(node),
      variables: () => this.variables(),
      declaredVariables: (node: TSESTree.Node) => this.sourceCode.getDeclaredVariables(node),
      trace: tracing ? this.traceSolution : undefined,
      imports: this.imports,
    };
  }

  /**
   * Run an analysis once per file (per `key`), only if the file was recorded
   * and its text mentions the analysis's `area`, contained by `guarded`.
   */
  private analysis<T>(key: string, area: ModelArea, fallback: T, run: (inputs: EngineInputs) => T): T {
    return this.memo(key, () =>
      this.guarded(
        key,
        () => {
          const recorded = this.recorded;
          return recorded && this.mentions(area) ? run(this.engineInputs(recorded)) : fallback;
        },
        fallback,
      ),
    );
  }

  /** Moves and uses after moves (no-use-after-transfer). */
  ownership(): readonly OwnershipFinding[] {
    return this.ownershipResult()?.findings ?? [];
  }

  private ownershipResult(): OwnershipResult | undefined {
    return this.analysis<OwnershipResult | undefined>('ownership', 'sends', undefined, analyzeOwnership);
  }

  /** What this file tells the files that import it (it is then analysed as an imported module: see module-linter.ts). */
  moduleSummary(): ModuleSummary {
    const ownership = this.analysis<OwnershipResult | undefined>('ownership summaries', 'sends', undefined, (inputs) =>
      analyzeOwnership(inputs, { findings: false }),
    );
    const sends = this.analysis('sendability summaries', 'sends', undefined, exportedSends);
    const waits = this.analysis('blocking summaries', 'blocking', undefined, (inputs) => functionWaits(inputs, this.filename));
    const locks = this.locks();
    const shared = this.sharedMemorySummaries();
    return ImportedModules.summaryOf(
      this.sourceCode.ast,
      this.resolver,
      this.filename,
      (fn) => ownership?.parameterTransfers(fn) ?? [],
      (fn) => sends?.(fn) ?? [],
      (fn) => parameterChannelEffects(fn, (node) => this.sourceCode.getDeclaredVariables(node), this.resolver),
      (fn) => waits?.(fn) ?? [],
      (fn) => (locks ? exportedLocks(locks, fn, this.filename, (lock) => this.localImports.lockIdOf(lock)) : { acquires: [], callbacks: [] }),
      (fn) => shared?.(fn) ?? [],
    );
  }

  /**
   * The racy accesses each exported function makes to memory passed to it. Not gated by the shared-memory area:
   * `export function bump(counts, i) { counts[i]++; }` names nothing of the model (see mayRaceOnParameters).
   */
  private sharedMemorySummaries(): ReturnType<typeof exportedSharedAccesses> | undefined {
    return this.memo('shared memory summaries', () =>
      this.guarded(
        'shared memory summaries',
        () => {
          const recorded = this.recorded;
          return recorded && exportedSharedAccesses({ ...this.engineInputs(recorded), locks: () => this.locks() });
        },
        undefined,
      ),
    );
  }

  /** Locks held where, the acquired-before graph and lock findings (consistent-lock-order, require-lock-release). */
  locks(): LockAnalysis | undefined {
    return this.analysis<LockAnalysis | undefined>('locks', 'locks', undefined, analyzeLocks);
  }

  /** Web Locks held across a round trip to a thread of this file whose handler takes the same lock (consistent-lock-order). */
  roundTrips(): readonly RoundTripFinding[] {
    return this.analysis('round trips', 'locks', [], (inputs) => analyzeRoundTrips({ ...inputs, locks: () => this.locks() }));
  }

  /** Shared memory accessed without Atomics or a lock (no-unguarded-shared-state). */
  sharedMemory(): readonly SharedMemoryFinding[] {
    return this.analysis('shared memory', 'sharedMemory', [], (inputs) => analyzeSharedMemory({ ...inputs, locks: () => this.locks() }));
  }

  /** Blocking waits where they throw or stall the event loop (no-blocking-wait). */
  blocking(): readonly BlockingFinding[] {
    const ownWaits = this.model.mentionsArea('blocking', this.context.sourceCode.text);
    return this.analysis('blocking', 'blocking', [], (inputs) => analyzeBlocking(inputs, ownWaits));
  }

  /** State updated under a lock in some methods and written without it in another (no-unguarded-shared-state's guardedState). */
  guardedState(): readonly GuardedStateFinding[] {
    return this.analysis('guarded state', 'locks', [], (inputs) => analyzeGuardedState({ ...inputs, locks: () => this.locks() }));
  }

  /** Values that cannot cross a thread boundary (no-unsendable-message), per option set. */
  sendability(options: SendabilityOptions): readonly SendabilityFinding[] {
    const key = `sendability:${options.reportClassInstances}:${options.checkTypes}`;
    return this.analysis(key, 'sends', [], (inputs) => analyzeSendability({ ...inputs, options }));
  }

  /** Channel endpoints left open (require-channel-close), per option set. */
  channels(options: ChannelOptions): readonly ChannelFinding[] {
    const key = `channels:${options.unknownCallIsHandoff}:${options.unrefIsDischarge}:${options.requireStart}:${(options.checks ?? []).join(',')}`;
    return this.analysis(key, 'channels', [], (inputs) => analyzeChannels({ ...inputs, options }));
  }

  /**
   * An analysis that fails on some unforeseen shape of code must not take
   * the whole lint run down: the file gets no findings from it, and one line
   * on stderr says where (set FEARLESS_DEBUG=1, as the tests do, to throw).
   */
  private guarded<T>(what: string, compute: () => T, fallback: T): T {
    try {
      return compute();
    } catch (error) {
      if (debugMode || process.env.FEARLESS_DEBUG) throw error;
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`eslint-plugin-fearless: internal error in the ${what} analysis of ${this.context.filename}: ${message} (please report it)\n`);
      return fallback;
    }
  }
}

/**
 * The private rule that summarizes an imported module: as every rule when the module mentions the model; at the
 * end of the program otherwise, so that its exports and what they do to their parameters are still known.
 */
function withModuleSummary(context: AnyContext, done: (summary: ModuleSummary) => void): Listeners {
  return withAnalysisOrExports(
    context,
    () => true,
    (analysis) => done(analysis.moduleSummary()),
  );
}

/**
 * As `withAnalysis`, and for a file the text gate leaves alone, `report` still runs at the end of the program when
 * `alsoWhen(text)`: the lock graph reads such a file's exports (a barrel that re-exports a lock, a function that
 * calls another module's locking helper), which need no analysis.
 */
export function withAnalysisOrExports(context: AnyContext, alsoWhen: (text: string) => boolean, report: (analysis: FileAnalysis) => void): Listeners {
  const listeners = withAnalysis(context, report);
  const analysis = FileAnalysis.of(context);
  if (analysis.relevant || !alsoWhen(context.sourceCode.text)) return listeners;
  return { 'Program:exit': () => report(analysis) } as Listeners;
}

/**
 * A rule's listeners: the recorder's if this rule drives the file, plus the
 * rule's own `onCodePathEnd` for the program, where it reports.
 */
export function withAnalysis(context: AnyContext, report: (analysis: FileAnalysis) => void): Listeners {
  const analysis = FileAnalysis.of(context);
  const driver = analysis.claimDriver();
  if (!analysis.relevant) return {};
  const driverEnd = driver.onCodePathEnd as ((codePath: CodePath, node: TSESTree.Node) => void) | undefined;
  return {
    ...driver,
    onCodePathEnd: (codePath: CodePath, node: TSESTree.Node): void => {
      driverEnd?.(codePath, node);
      if (node.type !== 'Program') return;
      analysis.dumpIfAsked();
      report(analysis);
    },
  };
}
