/**
 * Guard evidence: for every piece of state a file's async code shares (a
 * field of a class, a module-level variable), where it is read and written,
 * which locks each access holds, and which of its writes are read-modify-writes
 * done under a lock. Computed once per file from the recording and the lock
 * analysis's solved state (`heldAt`); the guarded-state check diagnoses it.
 *
 * State is named by its path: `this.balance` and `this.#items` of one class
 * (every instance method of the class body sees the same fields), `count` of
 * the module. Locks are the lock analysis's shareable identities
 * (`this.mutex`, a module `lock`, the Web Lock `'ledger'`).
 */
import { isFunctionNode, memberPath, outerParent, type FunctionNode } from '../../facts/ast';
import { classBodyOfThis, type Resolver } from '../../facts/resolve';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FunctionFlow, RecordedFile } from '../../core/flow';
import { isShareable, type LockAnalysis, type LockRef } from '../locks/analysis';

type Variable = TSESLint.Scope.Variable;

export interface StateAccess {
  /** The member expression (`this.balance`) or identifier (`count`) that reads or writes the state. */
  readonly node: TSESTree.Node;
  readonly flow: FunctionFlow;
  /** Shareable locks held here: by the lock analysis, or because every caller (or the call that runs this callback) holds them. */
  readonly held: ReadonlyMap<string, LockRef>;
}

export interface StateWrite extends StateAccess {
  /** The assignment or update that writes it (`this.balance -= n`, `count++`): what a finding points at. */
  readonly site: TSESTree.AssignmentExpression | TSESTree.UpdateExpression;
  /** Initialization: in the constructor, or not in a function at all (module load, a static block, a field initializer). */
  readonly initialization: boolean;
}

export interface StateEvidence {
  /** `this.balance`, `this.#items`, `count`. */
  readonly name: string;
  /** The class body or the program the state belongs to. */
  readonly owner: TSESTree.Node;
  readonly reads: StateAccess[];
  readonly writes: StateWrite[];
}

export interface GuardEvidenceInputs {
  readonly recorded: RecordedFile;
  readonly resolver: Resolver;
  readonly locks: LockAnalysis;
}

interface StateId {
  readonly key: string;
  readonly name: string;
  readonly owner: TSESTree.Node;
}

/** The state evidence of a file, by state key, and the awaits of each function. */
export interface GuardEvidence {
  readonly states: ReadonlyMap<string, StateEvidence>;
  readonly awaitsOf: ReadonlyMap<FunctionFlow, readonly TSESTree.AwaitExpression[]>;
}

export function collectGuardEvidence(inputs: GuardEvidenceInputs): GuardEvidence {
  const { recorded, resolver, locks } = inputs;
  const states = new Map<string, StateEvidence>();
  const awaitsOf = new Map<FunctionFlow, TSESTree.AwaitExpression[]>();
  const contextHeld = new CallerLocks(recorded, resolver, locks);
  const evidenceOf = (id: StateId): StateEvidence => {
    let evidence = states.get(id.key);
    if (!evidence) {
      evidence = { name: id.name, owner: id.owner, reads: [], writes: [] };
      states.set(id.key, evidence);
    }
    return evidence;
  };
  const heldAt = (node: TSESTree.Node, flow: FunctionFlow): ReadonlyMap<string, LockRef> => {
    const held = new Map(contextHeld.of(flow));
    for (const lock of locks.heldAt.get(node) ?? []) if (isShareable(lock)) held.set(lock.key, lock);
    return held;
  };
  for (const flow of recorded.flows) {
    for (const steps of flow.steps.values()) {
      for (const step of steps) {
        switch (step.kind) {
          case 'await': {
            const list = awaitsOf.get(flow);
            if (list) list.push(step.node);
            else awaitsOf.set(flow, [step.node]);
            break;
          }
          case 'member':
          case 'read': {
            const id = step.kind === 'member' ? fieldOf(step.node) : moduleVariableOf(step.variable);
            if (id) evidenceOf(id).reads.push({ node: step.node, flow, held: heldAt(step.node, flow) });
            break;
          }
          case 'memberWrite':
          case 'write': {
            const id = step.kind === 'memberWrite' ? fieldOf(step.node) : moduleVariableOf(step.variable);
            const site = writeSite(step.node);
            if (!id || !site) break;
            evidenceOf(id).writes.push({ node: step.node, flow, held: heldAt(step.node, flow), site, initialization: isInitialization(flow) });
            break;
          }
          default:
            break;
        }
      }
    }
  }
  return { states, awaitsOf };
}

/** `this.balance`, `this.#items`, `this.stats.hits` in an instance method (or an arrow inside one) of a class. */
function fieldOf(node: TSESTree.MemberExpression): StateId | undefined {
  const path = memberPath(node);
  if (!path || path.root.type !== 'ThisExpression' || path.properties.length === 0) return undefined;
  const body = classBodyOfThis(path.root);
  if (!body) return undefined;
  const name = `this.${path.properties.join('.')}`;
  return { key: `field:${body.range[0]}:${name}`, name, owner: body };
}

/** A `let`/`var` of the module's top level (in ES modules, scripts and CommonJS alike). */
function moduleVariableOf(variable: Variable): StateId | undefined {
  const scope = variable.scope;
  const topLevel = scope.type === 'module' || scope.type === 'global' || (scope.type === 'function' && scope.block.type === 'Program');
  const definition = variable.defs[0];
  if (!topLevel || definition?.type !== 'Variable' || variable.defs.length !== 1) return undefined;
  const declaration = definition.parent;
  if (declaration.kind === 'const') return undefined;
  const identifier = variable.identifiers[0];
  if (!identifier) return undefined;
  let program: TSESTree.Node = identifier;
  while (program.parent) program = program.parent;
  return { key: `module:${identifier.range[0]}:${variable.name}`, name: variable.name, owner: program };
}

/** The assignment or update of a write target; destructuring and loop heads are not read-modify-writes and are left out. */
function writeSite(target: TSESTree.Node): TSESTree.AssignmentExpression | TSESTree.UpdateExpression | undefined {
  const { parent, child } = outerParent(target);
  if (parent?.type === 'UpdateExpression') return parent;
  if (parent?.type === 'AssignmentExpression' && parent.left === child) return parent;
  return undefined;
}

/** Writes that run before anyone else can see the state: in a constructor, or outside any function (module load, static blocks, field initializers). */
function isInitialization(flow: FunctionFlow): boolean {
  if (!isFunctionNode(flow.node)) return true;
  const { parent } = outerParent(flow.node);
  return parent?.type === 'MethodDefinition' && parent.kind === 'constructor';
}

/**
 * Locks a function runs under because of who calls it:
 * - a callback passed to a call made while the lock is held
 *   (`this.mutex.runExclusive(() => items.forEach((i) => { this.total += i; }))`);
 * - a method or module function whose every call site in the file holds the
 *   lock (`#apply(n) { this.balance += n; }`, only ever called inside `runExclusive`).
 */
class CallerLocks {
  private readonly memo = new Map<FunctionFlow, ReadonlyMap<string, LockRef>>();
  private callSites: Map<FunctionNode, Array<{ call: TSESTree.CallExpression; flow: FunctionFlow }>> | undefined;

  constructor(
    private readonly recorded: RecordedFile,
    private readonly resolver: Resolver,
    private readonly locks: LockAnalysis,
  ) {}

  of(flow: FunctionFlow): ReadonlyMap<string, LockRef> {
    const known = this.memo.get(flow);
    if (known) return known;
    // A cycle of calls proves nothing: empty while it is being computed.
    this.memo.set(flow, empty);
    const result = this.compute(flow);
    this.memo.set(flow, result);
    return result;
  }

  private compute(flow: FunctionFlow): ReadonlyMap<string, LockRef> {
    const fn = flow.node;
    if (!isFunctionNode(fn)) return empty;
    const { parent, child } = outerParent(fn);
    if (parent?.type === 'CallExpression' && parent.arguments.includes(child as TSESTree.CallExpressionArgument) && flow.upper) {
      return this.heldAtCall(parent, flow.upper);
    }
    const sites = this.sitesOf(fn);
    if (sites.length === 0) return empty;
    let common: Map<string, LockRef> | undefined;
    for (const site of sites) {
      const held = this.heldAtCall(site.call, site.flow);
      if (!common) common = new Map(held);
      else for (const key of [...common.keys()]) if (!held.has(key)) common.delete(key);
      if (common.size === 0) return empty;
    }
    return common ?? empty;
  }

  private heldAtCall(call: TSESTree.CallExpression, flow: FunctionFlow): ReadonlyMap<string, LockRef> {
    const held = new Map(this.of(flow));
    for (const lock of this.locks.heldAt.get(call) ?? []) if (isShareable(lock)) held.set(lock.key, lock);
    return held;
  }

  private sitesOf(fn: FunctionNode): ReadonlyArray<{ call: TSESTree.CallExpression; flow: FunctionFlow }> {
    if (!this.callSites) {
      this.callSites = new Map();
      for (const flow of this.recorded.flows) {
        for (const steps of flow.steps.values()) {
          for (const step of steps) {
            if (step.kind !== 'call' || step.node.type !== 'CallExpression') continue;
            const callee = this.resolver.calledFunction(step.node);
            if (!callee) continue;
            const list = this.callSites.get(callee);
            if (list) list.push({ call: step.node, flow });
            else this.callSites.set(callee, [{ call: step.node, flow }]);
          }
        }
      }
    }
    return this.callSites.get(fn) ?? [];
  }
}

const empty: ReadonlyMap<string, LockRef> = new Map();
