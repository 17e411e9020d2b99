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
 */
import { isFunctionNode, rootOf, type FunctionNode } from '../../facts/ast';
import type { TSESTree } from '@typescript-eslint/utils';
import type { FileAnalysis } from '../../file-analysis';
import type { LockRef } from './analysis';

export const lockSummaryVersion = 1;

export interface SummaryLock {
  readonly id: string;
  /** How the graph prints it: `this.accounts` in `Bank`, `mutex`, `Web Lock 'ledger'`. */
  readonly label: string;
  /** The name `lockOrder` would use for it. */
  readonly orderName: string;
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
  /** Locks the function may acquire, directly or through calls. */
  readonly acquires: readonly string[];
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
    if (id !== undefined && !locks.has(id)) locks.set(id, { id, label: labelOf(lock), orderName: orderNameOf(lock) });
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
    for (const [fn, summary] of result.summaries) {
      for (const name of exportedNames(fn)) {
        const acquires = [...summary.acquires.values()].map((entry) => note(entry.lock)).filter((id): id is string => id !== undefined);
        if (acquires.length > 0) exported.push({ name, acquires, line: fn.loc.start.line });
      }
      for (const call of summary.externalCalls) {
        const held = call.held.map(note).filter((id): id is string => id !== undefined);
        const separator = call.callee.lastIndexOf(':');
        if (held.length === 0 || separator === -1) continue;
        externalCalls.push({
          held,
          module: call.callee.slice(0, separator),
          name: call.callee.slice(separator + 1),
          line: call.node.loc.start.line,
          column: call.node.loc.start.column + 1,
        });
      }
    }
  }
  return { version: lockSummaryVersion, file, locks: [...locks.values()], edges, exports: exported, externalCalls };
}

/**
 * The names other modules import a function by: `export function f`,
 * `export const f = () => {}`, `export default function`, `export { f }`,
 * `module.exports.f = f` and `exports.f = function () {}`.
 */
function exportedNames(fn: FunctionNode): string[] {
  const names: string[] = [];
  const parent = fn.parent;
  if (fn.type === 'FunctionDeclaration') {
    if (parent?.type === 'ExportNamedDeclaration' && fn.id) names.push(fn.id.name);
    if (parent?.type === 'ExportDefaultDeclaration') names.push('default');
  }
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' && parent.parent.parent?.type === 'ExportNamedDeclaration') {
    names.push(parent.id.name);
  }
  if (parent?.type === 'ExportDefaultDeclaration' && !isFunctionNode(parent.declaration as TSESTree.Node)) names.push('default');
  if (
    parent?.type === 'AssignmentExpression' &&
    parent.right === fn &&
    parent.left.type === 'MemberExpression' &&
    !parent.left.computed &&
    parent.left.property.type === 'Identifier'
  ) {
    const target = parent.left.object;
    const isExports =
      (target.type === 'Identifier' && target.name === 'exports') ||
      (target.type === 'MemberExpression' &&
        target.object.type === 'Identifier' &&
        target.object.name === 'module' &&
        !target.computed &&
        target.property.type === 'Identifier' &&
        target.property.name === 'exports');
    if (isExports) names.push(parent.left.property.name);
  }
  // `function f() {}` ... `export { f }` / `export { f as g }`.
  const id = fn.type === 'FunctionDeclaration' ? fn.id : parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id : undefined;
  if (id) {
    const program = rootOf(fn);
    for (const statement of program.body) {
      if (statement.type !== 'ExportNamedDeclaration' || statement.source) continue;
      for (const specifier of statement.specifiers) {
        if (specifier.local.type === 'Identifier' && specifier.local.name === id.name) {
          names.push(specifier.exported.type === 'Identifier' ? specifier.exported.name : String(specifier.exported.value));
        }
      }
    }
  }
  return names;
}
