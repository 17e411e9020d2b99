/**
 * Sync: shared memory accessed without Atomics or a lock (Rust's `Sync`:
 * shared mutable state needs a `Mutex` or an atomic type).
 *
 * Shared memory is a storage group (storage.ts) with evidence that another
 * thread sees it: it is made as shared (`new SharedArrayBuffer`, a shared
 * `WebAssembly.Memory`), or the file also accesses it with `Atomics.*` (mixed
 * atomic and plain access is the strongest signal there is), or the checker
 * types it as a SharedArrayBuffer.
 *
 * Memory made in a function is shared from the point where it is sent (a
 * dataflow per function): writes before that are initialization. Memory
 * received (workerData, a message, a Comlink parameter) or used in another
 * function is shared everywhere.
 *
 * Racy accesses: read-modify-writes (`v[i]++`, `v[i] += n`, `v[i] = v[i] + 1`),
 * plain writes and bulk writes (`.set`, `.fill`, ...), and plain reads that a
 * spinning loop waits on. Not racy: accesses through `Atomics.*`, accesses
 * while a lock is held, accesses in a function that runs its own Atomics
 * locking protocol (compareExchange, exchange, wait), and plain writes
 * published afterwards by an Atomics write of a flag (the publish/consume
 * handshake the memory model makes safe).
 */
import { enclosingFlowNode, isFunctionNode, lastName, outerParent, skipWrappers, staticPropertyName, type FunctionNode } from '../../facts/ast';
import { emptyIntMap, intMapEquals, intMapForEach, intMapGet, intMapSet, intMapUnion, type IntMap } from '../../../util/int-map';
import type { AccessKind, SharedMemoryFinding, SharedOrigin } from './findings';
import { enclosingLoop, inSingleThreadedMode, isMessageHandler, racyAccessAt, rootIdentifier, variableOfDeclared } from './accesses';
import { SummaryMemo } from '../../core/summary-memo';
import type { EngineInputs } from '../../inputs';
import type { TSESTree } from '@typescript-eslint/utils';
import type { CodePathSegment } from '../../core/code-path';
import { replayForward, solveForward, type ForwardProblem } from '../../core/dataflow';
import { forEachStep, someStep, type FunctionFlow, type Step } from '../../core/flow';
import type { LockAnalysis, LockRef } from '../locks/analysis';
import type { CallNode } from '../../classify/sends';
import { memoryCreation } from '../../facts/memory';
import { storageGroups } from '../../facts/storage';
import { ParameterAccesses, placeAtPath, throughLiteral, type ExportedSharedAccess, type ParameterHost } from './parameters';
import { atomicsProtocol, atomicsWrites, atomicTypedArrays, floatTypedArrays } from '../../../model/shared-memory';

export type { AccessKind, SharedMemoryFinding, SharedOrigin } from './findings';
export type { ExportedSharedAccess } from './parameters';

export interface SharedMemoryInputs extends Pick<
  EngineInputs,
  'recorded' | 'resolver' | 'places' | 'sends' | 'lockClassifier' | 'model' | 'types' | 'variables' | 'text' | 'trace' | 'imports'
> {
  /** The lock analysis of the file (accesses under a lock are guarded). */
  readonly locks: () => LockAnalysis | undefined;
}

interface Group {
  readonly id: number;
  readonly members: readonly number[];
  /** Evidence that this memory is shared, or undefined. */
  evidence: SharedOrigin | undefined;
  /** The function where it is made as shared (accesses there before it is sent are initialization). */
  creator: TSESTree.Node | undefined;
  /** The first send anywhere in the file. */
  sent: SharedOrigin | undefined;
  /** A settings lock wrapper that owns this memory, and where it was wrapped. */
  guard: { readonly lock: LockRef; readonly node: TSESTree.Node } | undefined;
}

type SharedState = IntMap<SharedOrigin>;

export function analyzeSharedMemory(inputs: SharedMemoryInputs): SharedMemoryFinding[] {
  return new SharedMemoryAnalysis(inputs).run();
}

/** What each exported function of this file does, racily, to memory passed to it (FileAnalysis#moduleSummary). */
export function exportedSharedAccesses(inputs: SharedMemoryInputs): (fn: FunctionNode) => readonly ExportedSharedAccess[] {
  // Built on the first exported function asked about: a module that exports none builds no storage groups.
  let parameters: ParameterAccesses | undefined;
  return (fn) => (parameters ??= new ParameterAccesses(new SharedMemoryAnalysis(inputs).prepareSummaries())).of(fn);
}

class SharedMemoryAnalysis implements ParameterHost {
  private readonly groups: Group[] = [];
  private readonly groupOfPlace = new Map<number, Group>();
  private readonly sharesAt = new Map<CallNode, Group[]>();
  private readonly protocolFunctions = new SummaryMemo<FunctionNode, boolean>(() => false);
  private readonly sharedBy = new SummaryMemo<FunctionNode, ReadonlyArray<{ group: Group; origin: SharedOrigin }>>(() => []);
  private readonly findings: SharedMemoryFinding[] = [];
  private readonly reported = new Set<TSESTree.Node>();
  private atomicsWritePositions: Map<TSESTree.Node, number[]> | undefined;

  constructor(readonly inputs: SharedMemoryInputs) {}

  /** Only the file's storage groups, for its summary (exportedSharedAccesses): no evidence, no findings. */
  prepareSummaries(): this {
    this.buildGroups();
    return this;
  }

  run(): SharedMemoryFinding[] {
    // Without shared memory made here, Atomics used here, or a checker to find memory typed as shared, there is nothing to check.
    if (!this.inputs.types() && !this.mentionsSharedMemory()) return [];
    this.buildGroups();
    this.collectEvidence();
    // Nothing shared so far, and no checker to find memory typed as shared: nothing to check.
    if (!this.groups.some((group) => group.evidence || group.guard) && !this.inputs.types()) return [];
    for (const flow of this.inputs.recorded.flows) this.checkFlow(flow);
    return this.findings;
  }

  /** A call of `Atomics.*`, `new SharedArrayBuffer` or `new WebAssembly.Memory` anywhere in the file. */
  private mentionsSharedMemory(): boolean {
    const { resolver } = this.inputs;
    return this.inputs.recorded.flows.some((flow) =>
      someStep(flow, (step) => {
        if (step.kind !== 'call') return false;
        const callee = skipWrappers(step.node.callee);
        // Cheap syntactic look first: only `Atomics.x`, `SharedArrayBuffer`, `WebAssembly.Memory` (or aliases of them) can be.
        if (callee.type !== 'Identifier' && callee.type !== 'MemberExpression') return false;
        const name = resolver.qualifiedName(callee);
        return name !== undefined && (name.startsWith('global:Atomics.') || name === 'global:SharedArrayBuffer' || name === 'global:WebAssembly.Memory');
      }),
    );
  }

  // ---------------------------------------------------------------------------
  // Which memory is shared

  private buildGroups(): void {
    const { resolver, places } = this.inputs;
    const { groups } = storageGroups({
      resolver,
      places,
      variables: this.inputs.variables,
      // `new Int32Array(sab)` views sab when sab is shared memory or named like a buffer (received buffers have no other sign).
      isView: (source) => this.isSharedCreation(source) !== undefined || /(?:buffer|sab|shared|memory)$/i.test(lastName(source) ?? ''),
    });
    const seen = new Set<readonly number[]>();
    for (const members of groups.values()) {
      if (seen.has(members)) continue;
      seen.add(members);
      const group: Group = { id: this.groups.length, members, evidence: undefined, creator: undefined, sent: undefined, guard: undefined };
      this.groups.push(group);
      for (const member of members) this.groupOfPlace.set(member, group);
    }
  }

  /** The group of a place, or a group of its own. */
  private groupOf(place: number): Group {
    let group = this.groupOfPlace.get(place);
    if (!group) {
      group = { id: this.groups.length, members: [place], evidence: undefined, creator: undefined, sent: undefined, guard: undefined };
      this.groups.push(group);
      this.groupOfPlace.set(place, group);
      this.noteCreation(group);
    }
    return group;
  }

  /** Evidence from how the group's memory was made: as shared. */
  private noteCreation(group: Group): void {
    const { resolver, places } = this.inputs;
    for (const member of group.members) {
      const variable = places.info(member).variable;
      const definition = variable && resolver.singleDefinition(variable);
      if (definition?.kind !== 'init' || definition.path.length > 0) continue;
      const creation = this.isSharedCreation(definition.init);
      if (creation) {
        group.evidence ??= { kind: 'created', node: creation };
        group.creator = enclosingFlowNode(creation);
      }
    }
  }

  private groupOfExpression(expr: TSESTree.Node, create = true): Group | undefined {
    const node = skipWrappers(expr);
    const storage = node.type === 'MemberExpression' && staticPropertyName(node) === 'buffer' ? node.object : node;
    const place = this.inputs.places.of(storage, create);
    return place === undefined ? undefined : this.groupOf(place);
  }

  /** Made as shared memory (see memory.ts): the creation, or undefined. */
  private isSharedCreation(expr: TSESTree.Node): TSESTree.Node | undefined {
    const creation = memoryCreation(expr, this.inputs.resolver);
    return creation && creation.kind !== 'wasm' ? creation.node : undefined;
  }

  private collectEvidence(): void {
    const { recorded, resolver, sends } = this.inputs;
    // Made as shared.
    for (const group of this.groups) this.noteCreation(group);
    forEachStep(recorded.flows, (step) => {
      if (step.kind !== 'call') return;
      const call = step.node;
      // Accessed with Atomics somewhere: the memory is shared (mixed access is the strongest signal).
      const qualified = resolver.qualifiedName(call.callee);
      if (qualified?.startsWith('global:Atomics.') && call.arguments[0] && call.arguments[0].type !== 'SpreadElement') {
        const group = this.groupOfExpression(call.arguments[0]);
        if (group && (!group.evidence || group.evidence.kind === 'created')) {
          const operation = `Atomics.${qualified.slice('global:Atomics.'.length)}`;
          if (!group.evidence) group.evidence = { kind: 'atomics', node: call, operation };
        }
      }
      // Sent to another thread: payloads of sends and of remote calls.
      const site = sends.siteOf(call);
      const payloads: TSESTree.Node[] = [];
      if (site?.payload && site.signature.crossesThread) payloads.push(site.payload);
      for (const group of this.groupsIn(payloads)) {
        group.sent ??= { kind: 'sent', node: call, via: site!.label };
        const list = this.sharesAt.get(call);
        if (list) list.push(group);
        else this.sharesAt.set(call, [group]);
      }
      // Lock wrappers from settings that own memory: `new Guarded(sab)`.
      if (call.type === 'NewExpression') {
        for (const kind of this.inputs.lockClassifier.kindsCreatedBy(call)) {
          if (kind.guards === undefined) continue;
          const memory = call.arguments[kind.guards];
          const group = memory && this.groupOfExpression(memory);
          const lockExpression = this.wrapperBinding(call);
          const locks = this.inputs.locks();
          if (group && lockExpression && locks) group.guard = { lock: locks.identityOf(lockExpression), node: call };
        }
      }
    });
    // Type information: memory typed as SharedArrayBuffer.
    // (Checked lazily per access, see originOf.)
  }

  /** The binding a lock wrapper is stored in: `const guarded = new Guarded(sab)`, `this.lock = new Guarded(sab)`. */
  private wrapperBinding(call: TSESTree.NewExpression): TSESTree.Node | undefined {
    const { parent } = outerParent(call);
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id;
    if (parent?.type === 'AssignmentExpression') return parent.left;
    return undefined;
  }

  /** The shared-memory groups a message contains (object and array literals, bindings). */
  private groupsIn(payloads: readonly TSESTree.Node[]): Group[] {
    const found = new Set<Group>();
    const visit = (expr: TSESTree.Node, depth: number): void => {
      const node = skipWrappers(expr);
      if (depth > 4) return;
      switch (node.type) {
        case 'ObjectExpression':
          for (const property of node.properties) visit(property.type === 'SpreadElement' ? property.argument : property.value, depth + 1);
          return;
        case 'ArrayExpression':
          for (const element of node.elements) if (element) visit(element.type === 'SpreadElement' ? element.argument : element, depth + 1);
          return;
        case 'Identifier':
        case 'MemberExpression':
        case 'ThisExpression': {
          const group = this.groupOfExpression(node);
          if (group) found.add(group);
          // Everything under a posted object is posted too: `{ state }` sends `state.counts`.
          const place = this.inputs.places.of(node, false);
          if (place !== undefined) for (const child of this.inputs.places.descendants(place)) found.add(this.groupOf(child));
          if (node.type === 'Identifier') {
            const value = this.inputs.resolver.resolveValue(node);
            if (value.path.length === 0 && (value.expr.type === 'ObjectExpression' || value.expr.type === 'ArrayExpression')) visit(value.expr, depth + 1);
          }
          return;
        }
        default:
          return;
      }
    };
    for (const payload of payloads) visit(payload, 0);
    return [...found];
  }

  /** Why an access's memory is shared, or undefined when nothing says it is. */
  private originOf(group: Group, object: TSESTree.Node): SharedOrigin | undefined {
    if (group.evidence?.kind === 'atomics') return group.sent ?? this.receivedOrigin(object) ?? group.evidence;
    // Made as shared but never sent from this file: nothing shows another thread sees it.
    if (group.evidence?.kind === 'created') return group.sent;
    if (this.typedAsShared(object)) return this.receivedOrigin(object) ?? { kind: 'typed' };
    return undefined;
  }

  private receivedOrigin(object: TSESTree.Node): SharedOrigin | undefined {
    const root = rootIdentifier(object);
    if (!root) return undefined;
    const { resolver } = this.inputs;
    if (resolver.qualifiedName(root) === 'worker_threads:workerData') return { kind: 'received', from: '`workerData`' };
    const variable = resolver.variableOf(root);
    const definition = variable && resolver.singleDefinition(variable);
    if (definition?.kind === 'init') {
      const source = rootIdentifier(definition.init);
      if (source && resolver.qualifiedName(source) === 'worker_threads:workerData') return { kind: 'received', from: '`workerData`' };
    }
    if (definition?.kind === 'parameter' && isMessageHandler(definition.node)) return { kind: 'received', from: 'a message' };
    return undefined;
  }

  private typedAsShared(object: TSESTree.Node): boolean {
    const types = this.inputs.types();
    if (!types) return false;
    const type = types.typeOf(object);
    const text = types.checker.typeToString(type);
    return /\bSharedArrayBuffer\b/.test(text);
  }

  // ---------------------------------------------------------------------------
  // Accesses, function by function

  private checkFlow(flow: FunctionFlow): void {
    // Groups made as shared in this function start unshared here; every other group with evidence is shared throughout.
    const created = this.groups.filter((group) => group.creator === flow.node);
    const problem: ForwardProblem<SharedState> = {
      entry: emptyIntMap,
      join: (a, b) => intMapUnion(a, b, (x) => x),
      equals: (a, b) => intMapEquals(a, b, (x, y) => x === y),
      transfer: (state, step) => {
        if (created.length === 0) return state;
        let shared: ReadonlyArray<{ group: Group; origin: SharedOrigin }> = [];
        if (step.kind === 'call') {
          shared = (this.sharesAt.get(step.node) ?? []).map((group) => ({
            group,
            origin: { kind: 'sent' as const, node: step.node, via: this.labelOf(step.node) },
          }));
          // A function of the file that sends it: `startWorkers()`.
          const callee = step.node.type === 'CallExpression' ? this.inputs.resolver.calledFunction(step.node) : undefined;
          if (callee) shared = [...shared, ...this.sharesInside(callee)];
        } else if (step.kind === 'closure') {
          // A function made here that sends it: `[1, 2].map(() => new Worker(file, { workerData }))`.
          shared = this.sharesInside(step.node);
        }
        let next = state;
        for (const { group, origin } of shared) {
          if (group.creator === flow.node && !intMapGet(next, group.id)) next = intMapSet(next, group.id, origin);
        }
        return next;
      },
    };
    const solution = solveForward(flow, problem);
    this.inputs.trace?.('shared memory', flow, solution, (state) => this.describeShared(state));
    replayForward(flow, problem, solution, (state, step, segment) => this.checkStep(state, step, segment, flow));
  }

  /** The groups a function sends (directly, or through the functions it makes or calls). */
  private sharesInside(fn: FunctionNode): ReadonlyArray<{ group: Group; origin: SharedOrigin }> {
    return this.sharedBy.get(fn, () => {
      const found: Array<{ group: Group; origin: SharedOrigin }> = [];
      const flow = this.inputs.recorded.flowOfNode.get(fn);
      forEachStep(flow ? [flow] : [], (step) => {
        if (step.kind === 'call') {
          for (const group of this.sharesAt.get(step.node) ?? [])
            found.push({ group, origin: { kind: 'sent', node: step.node, via: this.labelOf(step.node) } });
          const callee = step.node.type === 'CallExpression' ? this.inputs.resolver.calledFunction(step.node) : undefined;
          if (callee) found.push(...this.sharesInside(callee));
        } else if (step.kind === 'closure') {
          found.push(...this.sharesInside(step.node));
        }
      });
      return found;
    });
  }

  /** `{memory of sab: sent by worker.postMessage 3:1}`: the shared groups already sent at this point in the creating function. */
  private describeShared(state: SharedState): string {
    const parts: string[] = [];
    intMapForEach(state, (id, origin) => {
      const group = this.groups[id];
      const name = group ? this.inputs.places.name(group.members[0]!) : `group ${id}`;
      parts.push(
        `${name}: ${origin.kind === 'sent' ? `sent by ${origin.via} ${origin.node.loc.start.line}:${origin.node.loc.start.column + 1}` : origin.kind}`,
      );
    });
    return `{${parts.join(', ')}}`;
  }

  private labelOf(call: CallNode): string {
    return this.inputs.sends.siteOf(call)?.label ?? 'a send';
  }

  private checkStep(state: SharedState, step: Step, _segment: CodePathSegment, flow: FunctionFlow): void {
    // An imported helper first, even one named like a bulk write: `counters.fill(counts)` is a call of `fill`.
    if (step.kind === 'call' && step.node.type === 'CallExpression') this.checkImportedCall(state, step.node, flow);
    const access = racyAccessAt(step, this.inputs.text, this.inputs.resolver);
    if (!access) return;
    const place = this.inputs.places.of(skipWrappers(access.object), false);
    if (place === undefined && !this.typedAsSharedQuick(access.object)) return;
    const group = place === undefined ? undefined : (this.groupOfPlace.get(place) ?? this.groupOf(place));

    // A lock wrapper from settings owns this memory: any access outside that lock.
    const held = this.inputs.locks()?.heldAt.get(step.node) ?? [];
    if (group?.guard && group.sent) {
      if (!held.some((lock) => lock.key === group.guard!.lock.key) && !this.reported.has(access.node)) {
        this.reported.add(access.node);
        this.findings.push({
          kind: 'ownedByLock',
          node: access.node,
          name: this.inputs.text(access.object),
          lock: group.guard.lock,
          guardedAt: group.guard.node,
        });
      }
      return;
    }

    const origin = group ? this.originOf(group, access.object) : this.typedAsShared(access.object) ? { kind: 'typed' as const } : undefined;
    if (!origin) return;
    // Made in this function and not yet sent: initialization.
    if (group && group.creator === flow.node && !intMapGet(state, group.id)) return;
    const sentHere = group ? intMapGet(state, group.id) : undefined;

    if (this.guardedAt(step.node, access.node, access.kind, access.object, flow)) return;

    if (this.reported.has(access.node)) return;
    this.reported.add(access.node);
    this.findings.push({
      kind: 'racy',
      node: access.node,
      access: access.kind,
      name: this.inputs.text(skipWrappers(access.object)),
      origin: sentHere ?? origin,
      elementType: this.elementTypeOf(access.object, group),
      element: access.element,
    });
  }

  /**
   * Whether an access (or a call that makes one, `bump(counts)`) is synchronized where it stands: a lock is held
   * there, its function runs its own Atomics protocol, a plain write is published afterwards, or it is the
   * single-threaded branch of a mode switch.
   */
  guardedAt(stepNode: TSESTree.Node, node: TSESTree.Node, kind: AccessKind, object: TSESTree.Node, flow: FunctionFlow): boolean {
    if ((this.inputs.locks()?.heldAt.get(stepNode) ?? []).length > 0) return true;
    if (isFunctionNode(flow.node) && this.usesProtocol(flow.node)) return true;
    if (flow.node.type !== 'Program' && !isFunctionNode(flow.node) && this.usesProtocolIn(flow)) return true;
    if ((kind.kind === 'write' || kind.kind === 'bulkWrite') && this.publishedAfter(node, flow)) return true;
    return inSingleThreadedMode(node, object, flow, this.inputs);
  }

  // ---------------------------------------------------------------------------
  // Functions of other modules, and this module's functions for its importers

  /**
   * `bump(counts, 0)`, where `bump` is imported from a local module whose summary says it updates its parameter 0
   * plainly (`counts[i]++`): reported at the call when `counts` is shared here. The module cannot know that its
   * parameter is shared; this file can, with the same evidence as for its own accesses.
   */
  private checkImportedCall(state: SharedState, call: TSESTree.CallExpression, flow: FunctionFlow): void {
    const imports = this.inputs.imports;
    // A file that imports nothing local has no imports to ask (and no per-call work).
    if (!imports || call.arguments.length === 0 || this.reported.has(call)) return;
    const accesses = imports.sharedAccessesOf(call);
    if (!accesses || accesses.length === 0) return;
    for (const access of accesses) {
      const given = call.arguments[access.param];
      if (!given || given.type === 'SpreadElement') continue;
      // `bump(counts)`, or `clear(state)` where the helper writes `state.flags` and `state.flags` is shared here
      // (`clear({ flags })`: the literal's `flags`).
      const { argument, path } = throughLiteral(given, access.path);
      const place = placeAtPath(this.inputs.places, argument, path);
      if (place === undefined && (path.length > 0 || !this.typedAsSharedQuick(argument))) continue;
      const group = place === undefined ? undefined : (this.groupOfPlace.get(place) ?? this.groupOf(place));
      // Memory a settings lock wrapper owns is checked against that wrapper's lock, at its own accesses.
      if (group?.guard) continue;
      // Without a place it is typed as shared (checked above); under a path, only the member's own evidence counts.
      const origin = group ? (path.length === 0 || group.evidence ? this.originOf(group, argument) : undefined) : { kind: 'typed' as const };
      if (!origin) continue;
      // Made in this function and not yet sent: initialization (`fill(counts); worker.postMessage(counts)`).
      if (group && group.creator === flow.node && !intMapGet(state, group.id)) continue;
      // The call itself under a lock, in a protocol function, published afterwards: as for an access written here.
      if (this.guardedAt(call, call, access.access, argument, flow)) continue;
      this.reported.add(call);
      this.findings.push({
        kind: 'racy',
        node: call,
        access: access.access,
        name: [this.inputs.text(skipWrappers(argument)), ...path].join('.'),
        origin: (group && intMapGet(state, group.id)) ?? origin,
        elementType: this.elementTypeOf(argument, group),
        element: undefined,
        helper: { callee: this.inputs.text(call.callee), through: access.through, where: `${access.display}:${access.line}` },
      });
      return;
    }
  }

  /** The places that share storage with a place (its storage group), itself included. */
  storageOf(place: number): readonly number[] {
    return this.groupOfPlace.get(place)?.members ?? [place];
  }

  private typedAsSharedQuick(object: TSESTree.Node): boolean {
    return this.inputs.types() !== undefined && this.typedAsShared(object);
  }

  /** Whether a function runs its own Atomics locking protocol (compareExchange/exchange/wait), directly or through functions it calls. */
  private usesProtocol(fn: FunctionNode): boolean {
    return this.protocolFunctions.get(fn, () => {
      const flow = this.inputs.recorded.flowOfNode.get(fn);
      const result = flow ? this.usesProtocolIn(flow) : false;
      return result;
    });
  }

  private usesProtocolIn(flow: FunctionFlow): boolean {
    const { resolver } = this.inputs;
    // A lock of the lock model acquired here guards the accesses it covers; those are checked through heldAt.
    return someStep(flow, (step) => {
      if (step.kind !== 'call') return false;
      const qualified = resolver.qualifiedName(step.node.callee);
      if (qualified?.startsWith('global:Atomics.') && atomicsProtocol.has(qualified.slice('global:Atomics.'.length))) return true;
      const callee = step.node.type === 'CallExpression' ? resolver.calledFunction(step.node) : undefined;
      return callee !== undefined && this.usesProtocol(callee);
    });
  }

  /**
   * The publish half of the handshake: a plain write followed by an Atomics
   * write (store, add, notify, ...) later in the same function, or anywhere
   * in a loop around it.
   */
  private publishedAfter(node: TSESTree.Node, flow: FunctionFlow): boolean {
    this.atomicsWritePositions ??= new Map();
    let positions = this.atomicsWritePositions.get(flow.node);
    if (!positions) {
      positions = [];
      forEachStep([flow], (step) => {
        if (step.kind !== 'call') return;
        const qualified = this.inputs.resolver.qualifiedName(step.node.callee);
        if (qualified?.startsWith('global:Atomics.') && atomicsWrites.has(qualified.slice('global:Atomics.'.length))) positions!.push(step.node.range[0]);
      });
      this.atomicsWritePositions.set(flow.node, positions);
    }
    if (positions.some((position) => position > node.range[0])) return true;
    const loop = enclosingLoop(node, flow.node);
    return loop !== undefined && positions.some((position) => position >= loop.range[0] && position <= loop.range[1]);
  }

  /** The element type of the shared array: from how it was made, or from its type. */
  private elementTypeOf(object: TSESTree.Node, group: Group | undefined): { name: string; atomic: boolean; bigint: boolean } | undefined {
    const { resolver } = this.inputs;
    const candidates = [
      skipWrappers(object),
      ...(group?.members ?? [])
        .map((member) => this.inputs.places.info(member).variable?.identifiers[0])
        .filter((id): id is TSESTree.Identifier => id !== undefined),
    ];
    for (const candidate of candidates) {
      const variable = candidate.type === 'Identifier' ? (resolver.variableOf(candidate) ?? variableOfDeclared(candidate, this.inputs.variables)) : undefined;
      const value = variable ? resolver.valueOfVariable(variable) : resolver.resolveValue(candidate);
      if (value?.expr.type === 'NewExpression' && value.path.length === 0) {
        const name = resolver.qualifiedName(value.expr.callee)?.replace(/^global:/, '');
        if (name && (atomicTypedArrays.has(name) || floatTypedArrays.has(name)))
          return { name, atomic: atomicTypedArrays.has(name), bigint: name.startsWith('Big') };
      }
    }
    const types = this.inputs.types();
    if (types) {
      // `Int32Array<SharedArrayBuffer>`, or an intersection with one (`Int32Array & { buffer: SharedArrayBuffer }`).
      const type = types.typeOf(object);
      for (const part of type.isIntersection() ? type.types : [type]) {
        const name = part.getSymbol()?.getName();
        if (name && (atomicTypedArrays.has(name) || floatTypedArrays.has(name)))
          return { name, atomic: atomicTypedArrays.has(name), bigint: name.startsWith('Big') };
      }
    }
    return undefined;
  }
}

// -----------------------------------------------------------------------------
// Access shapes
