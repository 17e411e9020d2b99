/**
 * State guarded by a lock in some places and not in others (Clang's
 * `GUARDED_BY`, Infer's lock consistency violation), inferred from the code
 * instead of declared. JavaScript is single-threaded; async code interleaves
 * at `await`, so a lock (`runExclusive`, `navigator.locks.request`,
 * `acquire()` ... `release()`) is what keeps a read-modify-write whole.
 *
 * Evidence of a guard: a read-modify-write of the state while a shareable lock
 * is held (`this.balance -= n`, `count++`, `this.total = this.total + x`, or a
 * read and a later write in one function, both under the lock).
 *
 * A finding: a write of the same state in another method of the class (or
 * another function of the module) that does not hold that lock, and
 * - itself reads the state before an `await` and writes it after
 *   (`const b = this.balance; await audit(); this.balance = b - n`): a locked
 *   update that runs during that `await` is lost (`update`); or
 * - is any write while some locked update spans an `await` between its read
 *   and its write: this write can land during that `await` and be overwritten
 *   when the locked update writes back (`write`).
 *
 * Not a finding: state only touched outside locks (no evidence of a guard),
 * initialization (constructors, module load, static blocks, field
 * initializers), plain reads, a sync write while every locked update is sync
 * (nothing can land in the middle of it), and functions every call site of
 * which holds the lock (a private helper of the critical section).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionFlow } from '../../core/flow';
import type { EngineInputs } from '../../inputs';
import type { LockAnalysis, LockRef } from '../locks/analysis';
import { collectGuardEvidence, type StateAccess, type StateEvidence, type StateWrite } from './guard-evidence';
import type { GuardedStateFinding } from './findings';

export interface GuardedStateInputs extends Pick<EngineInputs, 'recorded' | 'resolver'> {
  readonly locks: () => LockAnalysis | undefined;
}

/** A read-modify-write under a lock: where it writes, and the `await` between its read and its write, if any. */
interface GuardedUpdate {
  readonly write: StateWrite;
  readonly lock: LockRef;
  readonly spans: TSESTree.AwaitExpression | undefined;
}

export function analyzeGuardedState(inputs: GuardedStateInputs): GuardedStateFinding[] {
  const locks = inputs.locks();
  if (!locks || locks.acquisitions.length === 0) return [];
  const evidence = collectGuardEvidence({ recorded: inputs.recorded, resolver: inputs.resolver, locks });
  const findings: GuardedStateFinding[] = [];
  for (const state of evidence.states.values()) diagnoseState(state, evidence.awaitsOf, findings);
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

function diagnoseState(state: StateEvidence, awaitsOf: ReadonlyMap<FunctionFlow, readonly TSESTree.AwaitExpression[]>, findings: GuardedStateFinding[]): void {
  const guarded = new Map<string, GuardedUpdate[]>();
  for (const write of state.writes) {
    if (write.initialization) continue;
    for (const lock of write.held.values()) {
      const held = (read: StateAccess): boolean => read.held.has(lock.key);
      if (!isSelfUpdate(write) && !state.reads.some((read) => read.flow === write.flow && held(read) && read.node.range[0] < write.site.range[1])) continue;
      const update: GuardedUpdate = { write, lock, spans: awaitBetween(state, write, awaitsOf, held) };
      const list = guarded.get(lock.key);
      if (list) list.push(update);
      else guarded.set(lock.key, [update]);
    }
  }
  if (guarded.size === 0) return;
  // The lock with the most guarded updates first: the one the state is most plainly guarded by.
  const byEvidence = [...guarded.values()].sort((a, b) => b.length - a.length);
  for (const write of state.writes) {
    if (write.initialization) continue;
    const member = memberOf(write.site, state.owner);
    for (const updates of byEvidence) {
      const lock = updates[0]!.lock;
      if (write.held.has(lock.key)) continue;
      // The other sites: guarded updates in other methods (a method that takes the lock for part of its work is one site, not evidence against itself).
      const others = updates.filter((update) => memberOf(update.write.site, state.owner) !== member);
      if (others.length === 0) continue;
      const guardedSites = others.map((update) => update.write.site);
      const interleaves = awaitBetween(state, write, awaitsOf, () => true);
      if (interleaves) {
        findings.push({
          kind: 'unguardedState',
          form: 'update',
          node: write.site,
          name: state.name,
          lock,
          guardedSites,
          await: interleaves,
          spanning: undefined,
        });
        break;
      }
      const spanning = others.find((update) => update.spans);
      if (spanning) {
        findings.push({
          kind: 'unguardedState',
          form: 'write',
          node: write.site,
          name: state.name,
          lock,
          guardedSites,
          await: spanning.spans!,
          spanning: spanning.write.site,
        });
        break;
      }
    }
  }
}

/** `this.n += x`, `count++`, `this.total = this.total + x`: the write reads the state itself. */
function isSelfUpdate(write: StateWrite): boolean {
  return write.site.type === 'UpdateExpression' || write.site.operator !== '=';
}

/**
 * The last `await` of the write's function that comes after a read of the
 * state and before the write completes: `const b = this.balance; await f(); this.balance = b - n`,
 * `this.total += await f()`, `this.v = await compute(this.v)`.
 */
function awaitBetween(
  state: StateEvidence,
  write: StateWrite,
  awaitsOf: ReadonlyMap<FunctionFlow, readonly TSESTree.AwaitExpression[]>,
  counts: (read: StateAccess) => boolean,
): TSESTree.AwaitExpression | undefined {
  const awaits = awaitsOf.get(write.flow);
  if (!awaits) return undefined;
  let firstRead = Infinity;
  for (const read of state.reads) {
    if (read.flow === write.flow && counts(read) && read.node.range[0] < write.site.range[1]) firstRead = Math.min(firstRead, read.node.range[0]);
  }
  if (isSelfUpdate(write)) firstRead = Math.min(firstRead, write.node.range[0]);
  let last: TSESTree.AwaitExpression | undefined;
  for (const node of awaits) {
    if (node.range[1] > firstRead && node.range[1] <= write.site.range[1] && (!last || node.range[1] > last.range[1])) last = node;
  }
  return last;
}

/** The method of the class body (or the outermost function of the module) a node is in. */
function memberOf(node: TSESTree.Node, owner: TSESTree.Node): TSESTree.Node | undefined {
  let current: TSESTree.Node | undefined = node;
  let outermostFunction: TSESTree.Node | undefined;
  while (current && current !== owner) {
    if (current.parent === owner) return current;
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression')
      outermostFunction = current;
    current = current.parent;
  }
  return outermostFunction;
}
