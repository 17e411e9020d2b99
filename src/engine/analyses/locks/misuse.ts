/**
 * Lock requests used wrongly at the call, found from the acquisitions alone
 * (no dataflow): a scoped request nobody waits for, a releaser taken from an
 * unawaited `acquire()`, and an acquisition inside the `try` whose `finally`
 * releases (ErrorProne's LockNotBeforeTry).
 */
import type { Acquisition } from '../../classify/locks';
import type { LockFinding } from './findings';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, skipWrappers } from '../../facts/ast';
import { enclosingStatementOf } from './shapes';

type Variable = TSESLint.Scope.Variable;

export interface MisuseInputs {
  readonly variableOf: (id: TSESTree.Identifier) => Variable | undefined;
  /** The first release of the acquisition's lock inside `block` (its own code), if any. */
  readonly releaseWithin: (block: TSESTree.Node, acquisition: Acquisition) => TSESTree.Node | undefined;
}

export function findMisuses(acquisitions: readonly Acquisition[], inputs: MisuseInputs): LockFinding[] {
  const findings: LockFinding[] = [];
  for (const acquisition of acquisitions) {
    const floating = floatingRequest(acquisition);
    if (floating) findings.push(floating);
    const unawaited = releaserNotAwaited(acquisition, inputs);
    if (unawaited) findings.push(unawaited);
    const inTry = acquiredInTry(acquisition, inputs);
    if (inTry) findings.push(inTry);
  }
  return findings;
}

function enclosingFunction(node: TSESTree.Node): TSESTree.Node | undefined {
  let current = node.parent;
  while (current && !isFunctionNode(current)) current = current.parent;
  return current;
}

/**
 * `m.runExclusive(cb);`, `navigator.locks.request(name, cb);` as a statement of an async function: the code
 * after it runs before (and without) the lock, and a rejection is lost. `void request(...)` says so on purpose;
 * a returned, awaited, chained (`.then`/`.catch`) or stored promise is handled. In a sync function nothing
 * can wait for it, so firing it is the only thing the function can do: not reported.
 */
function floatingRequest(acquisition: Acquisition): LockFinding | undefined {
  if (acquisition.form !== 'scoped' || !acquisition.floats || acquisition.completes !== acquisition.node) return undefined;
  if (acquisition.node.parent.type !== 'ExpressionStatement') return undefined;
  const fn = enclosingFunction(acquisition.node);
  if (!fn || !isFunctionNode(fn) || !fn.async) return undefined;
  return { kind: 'floatingRequest', acquisition };
}

/** `const release = mutex.acquire()` without `await`, then `release()`: `release` is a Promise, the call throws TypeError. */
function releaserNotAwaited(acquisition: Acquisition, inputs: MisuseInputs): LockFinding | undefined {
  // Only a plain releaser: `const [, release] = sem.acquire()` already throws when it destructures the Promise.
  if (acquisition.form !== 'explicit' || acquisition.completes !== acquisition.node || acquisition.returns !== 'releaser') return undefined;
  const declarator = acquisition.node.parent;
  if (declarator.type !== 'VariableDeclarator' || declarator.init !== acquisition.node) return undefined;
  const id = declarator.id;
  if (id.type !== 'Identifier') return undefined;
  const variable = inputs.variableOf(id);
  for (const reference of variable?.references ?? []) {
    const call = reference.identifier.parent;
    if (call?.type === 'CallExpression' && call.callee === reference.identifier) return { kind: 'releaserNotAwaited', acquisition, use: call, name: id.name };
  }
  return undefined;
}

/**
 * `try { await m.acquire(); ... } finally { m.release(); }`: when the acquisition rejects (a timeout, `cancel()`,
 * an aborted signal), the `finally` releases a lock this task does not hold. With a releaser
 * (`release = await m.acquire()` inside, `release()` in the `finally`) the call throws TypeError and hides the
 * rejection. A guarded release (`release?.()`, `if (release) release()`) is correct and not reported.
 */
function acquiredInTry(acquisition: Acquisition, inputs: MisuseInputs): LockFinding | undefined {
  if (acquisition.form !== 'explicit' || !acquisition.waits || acquisition.completes === acquisition.node) return undefined;
  const statement = enclosingStatementOf(acquisition.completes);
  const block = statement?.parent;
  const tryStatement = block?.parent;
  if (block?.type !== 'BlockStatement' || tryStatement?.type !== 'TryStatement' || tryStatement.block !== block || !tryStatement.finalizer) return undefined;
  const release = inputs.releaseWithin(tryStatement.finalizer, acquisition);
  if (!release || guarded(release, tryStatement.finalizer)) return undefined;
  const callee = release.type === 'CallExpression' ? skipWrappers(release.callee) : undefined;
  const throughReleaser = callee?.type === 'Identifier';
  const movable = block.body[0] === statement && (statement.type === 'ExpressionStatement' || statement.type === 'VariableDeclaration');
  return { kind: 'acquiredInTry', acquisition, release, tryStatement, throughReleaser, movable: movable ? statement : undefined };
}

/** `release?.()`, `if (release) release()`, `release && release()`: the release runs only when something was acquired. */
function guarded(release: TSESTree.Node, finalizer: TSESTree.Node): boolean {
  if (release.type === 'CallExpression' && release.optional) return true;
  let current = release.parent;
  while (current && current !== finalizer) {
    if (
      current.type === 'IfStatement' ||
      current.type === 'ConditionalExpression' ||
      current.type === 'LogicalExpression' ||
      current.type === 'ChainExpression'
    )
      return true;
    current = current.parent;
  }
  return false;
}
