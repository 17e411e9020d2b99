/**
 * A file's lock facts as plain JSON, for the project-wide graph
 * (`fearless lock-graph`): small, serializable, cacheable by content hash,
 * and merged across files without the ASTs.
 *
 * Lock ids are global:
 *   `<file>#<name>`                a module-level lock of <file>
 *   `<file>#<Class>.<field>`       a field of a class declared in <file>
 *   `weblock:<name>`               a Web Lock (the name is the identity, everywhere)
 *   `import:<specifier>:<name>`    a lock imported from another module, resolved by the merge
 * Locks local to one function (locals, parameters) stay out: they cannot meet another file.
 *
 * A summary depends on its file's text alone (imported modules are not read:
 * the CLI analyses with `followImports: false`), so the CLI caches it by
 * content. What crosses files is data the merge follows, to any depth:
 *
 *   export function settle() { return audit(); }   // exports: settle calls ./audit:audit
 *   export { dbLock as lock } from './db';         // reexports: lock -> ./db's dbLock
 *   export * from './locks';                       // stars: ['./locks']
 */
import { isFunctionNode, type FunctionNode } from '../../facts/ast';
import type { TSESTree } from '@typescript-eslint/utils';
import type { FileAnalysis } from '../../file-analysis';
import { exportTableOf } from '../../facts/modules/exports';
import type { Resolver } from '../../facts/resolve';
import type { LockRef } from './analysis';
import { importedFunctionName } from './imported-callee';

export const lockSummaryVersion = 2;

export interface SummaryLock {
  readonly id: string;
  /** How the graph prints it: `this.accounts` in `Bank`, `mutex`, `Web Lock 'ledger'`. */
  readonly label: string;
  /** The name `lockOrder` would use for it. */
  readonly orderName: string;
  /** Its class may be taken again by the task that holds it (settings `reentrant: true`): re-acquiring it is no deadlock. */
  readonly reentrant?: true;
}

export interface SummaryEdge {
  readonly from: string;
  readonly to: string;
  readonly line: number;
  readonly column: number;
  /** The function the inner acquisition is in (or called through). */
  readonly through?: string;
  readonly shared: boolean;
}

export interface SummaryExport {
  /** The exported name (`default` for a default export). */
  readonly name: string;
  /** Locks the function may acquire, directly or through calls of its own file. */
  readonly acquires: readonly string[];
  /** Functions of relative modules it calls, directly or through functions of its own file: the merge adds what they acquire. */
  readonly calls?: ReadonlyArray<{ readonly module: string; readonly name: string; readonly line: number }>;
  readonly line: number;
}

export interface SummaryExternalCall {
  readonly held: readonly string[];
  /** The module specifier as written (`./bank`). */
  readonly module: string;
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

export interface LockFileSummary {
  readonly version: typeof lockSummaryVersion;
  /** The file's path relative to the project root, with forward slashes. */
  readonly file: string;
  readonly locks: readonly SummaryLock[];
  readonly edges: readonly SummaryEdge[];
  readonly exports: readonly SummaryExport[];
  readonly externalCalls: readonly SummaryExternalCall[];
  /** Exported names that lead to another module (`export { a as b } from './x'`): b -> { module: './x', name: 'a' }. */
  readonly reexports?: Readonly<Record<string, { readonly module: string; readonly name: string }>>;
  /** `export * from './x'` specifiers, in source order. */
  readonly stars?: readonly string[];
}

/** The global id of a lock seen from `file`, or undefined for function-local locks. */
export function globalLockId(lock: LockRef, file: string): string | undefined {
  switch (lock.scope) {
    case 'module':
      return `${file}#${lock.origin?.name ?? lock.display}`;
    case 'field':
      return `${file}#${lock.origin?.name ?? lock.display}`;
    case 'weblock':
      return `weblock:${lock.origin?.name ?? lock.display}`;
    case 'import':
      return lock.origin?.module !== undefined ? `import:${lock.origin.module}:${lock.origin.name}` : undefined;
    default:
      return undefined;
  }
}

function labelOf(lock: LockRef): string {
  if (lock.scope === 'weblock') return `Web Lock '${lock.display}'`;
  if (lock.scope === 'field') return lock.origin?.name ?? lock.display;
  return lock.display;
}

function orderNameOf(lock: LockRef): string {
  if (lock.scope === 'weblock') return lock.display;
  return (
    lock.display
      .replace(/^this\./, '')
      .split('.')
      .pop() ?? lock.display
  );
}

export function lockSummaryOf(analysis: FileAnalysis, file: string): LockFileSummary {
  const result = analysis.locks();
  const locks = new Map<string, SummaryLock>();
  const note = (lock: LockRef): string | undefined => {
    const id = globalLockId(lock, file);
    if (id !== undefined && !locks.has(id)) {
      locks.set(id, { id, label: labelOf(lock), orderName: orderNameOf(lock), ...(lock.reentrant ? { reentrant: true as const } : {}) });
    }
    return id;
  };
  const edges: SummaryEdge[] = [];
  // Not `exports`: in the CommonJS build that would shadow the module's own exports object.
  const exported: SummaryExport[] = [];
  const externalCalls: SummaryExternalCall[] = [];
  if (result) {
    for (const edge of result.edges) {
      const from = note(edge.held.lock);
      const to = note(edge.acquired);
      if (from === undefined || to === undefined) continue;
      edges.push({
        from,
        to,
        line: edge.node.loc.start.line,
        column: edge.node.loc.start.column + 1,
        ...(edge.through ? { through: edge.through.callee } : {}),
        shared: edge.shared,
      });
    }
    for (const [, summary] of result.summaries) {
      for (const call of summary.externalCalls) {
        const held = call.held.map(note).filter((id): id is string => id !== undefined);
        if (held.length === 0) continue;
        externalCalls.push({
          held,
          module: call.callee.module,
          name: call.callee.name,
          line: call.node.loc.start.line,
          column: call.node.loc.start.column + 1,
        });
      }
    }
  }
  const table = exportTableOf(analysis.sourceCode.ast, analysis.resolver);
  const callsOf = importedCallsOf(analysis.resolver, analysis.sourceCode.visitorKeys);
  for (const [name, fn] of table.functions) {
    const summary = result?.summaries.get(fn);
    const acquires = summary ? [...summary.acquires.values()].map((entry) => note(entry.lock)).filter((id): id is string => id !== undefined) : [];
    const calls = callsOf(fn);
    if (acquires.length > 0 || calls.length > 0) exported.push({ name, acquires, ...(calls.length > 0 ? { calls } : {}), line: fn.loc.start.line });
  }
  const reexports = Object.fromEntries([...table.reexports].map(([name, target]) => [name, { module: target.specifier, name: target.name }]));
  return {
    version: lockSummaryVersion,
    file,
    locks: [...locks.values()],
    edges,
    exports: exported,
    externalCalls,
    ...(table.reexports.size > 0 ? { reexports } : {}),
    ...(table.stars.length > 0 ? { stars: [...table.stars] } : {}),
  };
}

/**
 * The functions of relative modules a function calls: in its own body (not in nested functions, which may run
 * later, without the caller's locks), and through the functions of its own file it calls. Memoized per function;
 * recursion ends at a function already being visited.
 *
 *   export function settle() { audit(); local(); }   // ./audit:audit, and what local() calls
 */
function importedCallsOf(
  resolver: Resolver,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
): (fn: FunctionNode) => Array<{ module: string; name: string; line: number }> {
  const memo = new Map<FunctionNode, Array<{ module: string; name: string; line: number }>>();
  const visit = (fn: FunctionNode): Array<{ module: string; name: string; line: number }> => {
    const known = memo.get(fn);
    if (known) return known;
    const calls: Array<{ module: string; name: string; line: number }> = [];
    memo.set(fn, calls);
    const seen = new Set<string>();
    const add = (module: string, name: string, line: number): void => {
      const key = `${module}:${name}`;
      if (seen.has(key)) return;
      seen.add(key);
      calls.push({ module, name, line });
    };
    const walk = (node: TSESTree.Node): void => {
      if (node.type === 'CallExpression') {
        const imported = importedFunctionName(resolver, node);
        if (imported) add(imported.module, imported.name, node.loc.start.line);
        else {
          const callee = resolver.calledFunction(node);
          if (callee && callee !== fn) for (const inner of visit(callee)) add(inner.module, inner.name, node.loc.start.line);
        }
      }
      for (const key of visitorKeys[node.type] ?? []) {
        const child = (node as unknown as Record<string, unknown>)[key];
        for (const item of Array.isArray(child) ? child : [child]) {
          if (item && typeof item === 'object' && typeof (item as TSESTree.Node).type === 'string' && !isFunctionNode(item as TSESTree.Node)) {
            walk(item as TSESTree.Node);
          }
        }
      }
    };
    walk(fn.body);
    return calls;
  };
  return visit;
}
