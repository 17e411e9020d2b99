/**
 * The project-wide acquired-before graph, merged from per-file summaries.
 *
 * Each summary names locks from its own file's point of view; the merge
 * gives every lock one project-wide id:
 *   `src/locks.ts#accounts`     a lock declared in a project file, also when imported
 *                               (`import:./locks:accounts` seen from `src/bank.ts`)
 *   `src/locks#accounts`        imported from a relative module that is not on disk
 *   `pkg:<specifier>:<name>`    imported from a package (left unresolved)
 *   `weblock:<name>`            a Web Lock: the name is the identity everywhere
 *
 * Edges are the files' own (nested acquisitions, and calls within a file),
 * plus one per call to another file's exported function made while holding
 * locks: each held lock -> each lock the callee acquires, at the call. What a
 * callee acquires includes what the functions of other files it calls
 * acquire, to any depth (cycles of calls end); an exported name is followed
 * through re-exports and `export *` to the file that defines it, and so is an
 * imported lock: `export { dbLock as lock } from './db'` is `db.ts`'s lock.
 *
 * Cycles are the strongly connected components with more than one lock, as
 * in the rule; shared-mode edges (two `mode: 'shared'` Web Lock holders) do
 * not conflict and stay out of them. A lock re-acquired through a call into
 * another file is a cycle of one lock: async-mutex and Web Locks are not
 * re-entrant, so that call waits forever (a lock class declared `reentrant`
 * in settings is left out).
 */
import { posix } from 'node:path';
import { LockGraph, type LockFileSummary, type SummaryExport } from '../engine';

export interface ProjectLock {
  readonly id: string;
  /** How the graph prints it: `accounts`, `Bank.mutex`, `Web Lock 'cache'`. */
  readonly label: string;
  /** The name `lockOrder` uses for it. */
  readonly orderName: string;
  /** The file that declares it (module-level and field locks of project files). */
  readonly file?: string;
  readonly kind: 'file' | 'weblock' | 'package' | 'unresolved';
  /** Its class may be re-acquired by its holder (settings `reentrant: true`). */
  readonly reentrant?: true;
}

export interface ProjectEdge {
  readonly from: string;
  readonly to: string;
  /** Where the inner acquisition (or the call that acquires) is. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The function the inner lock is acquired through, if any. */
  readonly through?: string;
  /** For a call into another file: where the called function is. */
  readonly callee?: { readonly file: string; readonly line: number };
  readonly shared: boolean;
}

export interface ProjectCycle {
  /** The locks of the component, in the suggested order. */
  readonly locks: readonly string[];
  /** Every edge between them. */
  readonly edges: readonly ProjectEdge[];
  /** The files those edges are in. */
  readonly files: readonly string[];
  /** Edges from two or more files: no single-file lint run can see it. */
  readonly crossFile: boolean;
  /** One closed walk through the cycle, for the message: the last edge leads back to the first edge's lock. */
  readonly example: readonly ProjectEdge[];
}

export interface Reacquisition {
  readonly lock: string;
  /** The call, made while holding the lock, to a function of another file that acquires it again. */
  readonly edge: ProjectEdge;
}

export interface ProjectGraph {
  readonly locks: readonly ProjectLock[];
  readonly edges: readonly ProjectEdge[];
  readonly cycles: readonly ProjectCycle[];
  readonly reacquisitions: readonly Reacquisition[];
  /** Every lock with a (non-shared) edge, outermost first: a topological order of the components. */
  readonly order: readonly string[];
  /** `order` as names for `settings.fearless.lockOrder` (the first lock of each name). */
  readonly lockOrder: readonly string[];
  /** Edges that go against `order`: within cycles, the acquisitions to change. */
  readonly againstOrder: readonly ProjectEdge[];
  /** Names shared by several ordered locks: `lockOrder` cannot tell them apart. */
  readonly ambiguousNames: ReadonlyArray<{ readonly name: string; readonly locks: readonly string[] }>;
  /** Calls made while holding locks to relative modules that were not analysed or do not export that function. */
  readonly unresolvedCalls: number;
}

/** What a module specifier written in `from` refers to. */
export type ModuleTarget = { readonly file: string } | { readonly missing: string } | { readonly package: string };

/** Extensions tried after the path as written, in this order, then `/index` with each. */
export const resolutionExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** `./x.js` written in TypeScript (node16 style) is `./x.ts` on disk. */
const compiledToSource: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/**
 * Resolves specifiers relative to the importing file, the way bundlers and
 * TypeScript do for relative paths: the path as written, with each
 * extension, then as a folder's index. `exists` answers for project-relative
 * paths ('/'-separated). Bare specifiers are packages, never resolved.
 */
export function createModuleResolver(exists: (file: string) => boolean): (from: string, specifier: string) => ModuleTarget {
  const memo = new Map<string, ModuleTarget>();
  return (from, specifier) => {
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) return { package: specifier };
    const base = specifier.startsWith('/') ? posix.normalize(specifier.slice(1)) : posix.normalize(posix.join(posix.dirname(from), specifier));
    let target = memo.get(base);
    if (target) return target;
    const candidates = [base, ...resolutionExtensions.map((extension) => base + extension)];
    const extension = posix.extname(base);
    for (const source of compiledToSource[extension] ?? []) candidates.push(base.slice(0, -extension.length) + source);
    candidates.push(...resolutionExtensions.map((extension) => `${base}/index${extension}`));
    const file = candidates.find((candidate) => candidate !== '.' && !candidate.startsWith('../') && exists(candidate));
    target = file ? { file } : { missing: base };
    memo.set(base, target);
    return target;
  };
}

interface LockInfo {
  label: string;
  orderName: string;
  file?: string;
  kind: ProjectLock['kind'];
  /** Seen in the declaring file itself: its label wins over an importer's. */
  declared: boolean;
  reentrant?: true;
}

export function mergeSummaries(summaries: readonly LockFileSummary[], resolve: (from: string, specifier: string) => ModuleTarget): ProjectGraph {
  const locks = new Map<string, LockInfo>();
  const edges: ProjectEdge[] = [];
  const seenEdges = new Set<string>();
  const reacquisitions: Reacquisition[] = [];
  let unresolvedCalls = 0;

  const summaryOf = new Map<string, LockFileSummary>();
  for (const summary of summaries) summaryOf.set(summary.file, summary);

  /**
   * Where an exported name is defined: through `export { a as b } from './x'` (and `import { a } from './x';
   * export { a as b }`) to `x`'s `a`, and through `export * from './y'` to the first star module that has the name
   * (as an export of its own, a lock it declares, or a re-export). A name found nowhere stays where it was asked.
   */
  const definingExport = (
    target: ModuleTarget,
    name: string,
    seen = new Set<string>(),
  ): ({ readonly file: string } | { readonly missing: string } | { readonly package: string }) & { readonly name: string } => {
    if (!('file' in target)) return { ...target, name };
    const key = `${target.file}\0${name}`;
    const summary = summaryOf.get(target.file);
    if (!summary || seen.has(key)) return { file: target.file, name };
    seen.add(key);
    const reexport = reexportOf(summary, name);
    if (reexport) return definingExport(resolve(summary.file, reexport.module), reexport.name, seen);
    if (hasOwn(summary, name)) return { file: target.file, name };
    for (const star of summary.stars ?? []) {
      const starTarget = resolve(summary.file, star);
      const starSummary = 'file' in starTarget ? summaryOf.get(starTarget.file) : undefined;
      if (starSummary && (hasOwn(starSummary, name) || reexportOf(starSummary, name) || (starSummary.stars?.length ?? 0) > 0)) {
        const found = definingExport(starTarget, name, seen);
        if ('file' in found && summaryOf.get(found.file) && hasOwn(summaryOf.get(found.file)!, found.name)) return found;
      }
    }
    return { file: target.file, name };
  };

  /** The exported function `name` of the module `specifier` names from `file`, with the summary of the file that defines it. */
  const exportedFunction = (file: string, specifier: string, name: string): { summary: LockFileSummary; exported: SummaryExport } | undefined => {
    const found = definingExport(resolve(file, specifier), name);
    const summary = 'file' in found ? summaryOf.get(found.file) : undefined;
    const exported = summary?.exports.find((entry) => entry.name === found.name);
    return summary && exported ? { summary, exported } : undefined;
  };

  /**
   * The project-wide locks an exported function may acquire: its own, and those of the functions of other files
   * it calls, to any depth. A call cycle among files ends at a function already being computed (its own locks are
   * counted where the cycle began).
   */
  const acquiresMemo = new Map<SummaryExport, readonly string[]>();
  const computing = new Set<SummaryExport>();
  const acquiresOf = (summary: LockFileSummary, exported: SummaryExport): readonly string[] => {
    const known = acquiresMemo.get(exported);
    if (known) return known;
    if (computing.has(exported)) return exported.acquires.map((id) => lockOf(summary, id));
    computing.add(exported);
    const acquired = new Set(exported.acquires.map((id) => lockOf(summary, id)));
    for (const call of exported.calls ?? []) {
      const callee = exportedFunction(summary.file, call.module, call.name);
      if (callee) for (const id of acquiresOf(callee.summary, callee.exported)) acquired.add(id);
    }
    computing.delete(exported);
    const result = [...acquired];
    acquiresMemo.set(exported, result);
    return result;
  };

  /** The project-wide id of a lock id written in `file`, and what the merge knows of it. */
  const globalId = (file: string, id: string): { id: string; info: Omit<LockInfo, 'label' | 'orderName'>; name?: string } => {
    if (id.startsWith('import:')) {
      const rest = id.slice('import:'.length);
      const separator = rest.lastIndexOf(':');
      const specifier = rest.slice(0, separator);
      // `import * as locks` then `locks.accounts`: the module's `accounts`.
      const name = rest.slice(separator + 1).replace(/^\*\./, '');
      const target = definingExport(resolve(file, specifier), name);
      if ('file' in target) return { id: `${target.file}#${target.name}`, info: { file: target.file, kind: 'file', declared: false }, name: target.name };
      if ('missing' in target) return { id: `${target.missing}#${target.name}`, info: { kind: 'unresolved', declared: false }, name: target.name };
      return { id: `pkg:${target.package}:${target.name}`, info: { kind: 'package', declared: false }, name: target.name };
    }
    if (id.startsWith('weblock:')) return { id, info: { kind: 'weblock', declared: true } };
    return { id, info: { file, kind: 'file', declared: true } };
  };

  /** Resolves a lock id of `file`, recording its label the first time (or from its declaring file). */
  const lockOf = (summary: LockFileSummary, id: string): string => {
    const resolved = globalId(summary.file, id);
    const known = locks.get(resolved.id);
    if (!known || (!known.declared && resolved.info.declared)) {
      const local = summary.locks.find((lock) => lock.id === id);
      const label = resolved.name ?? local?.label ?? id;
      const orderName = resolved.name ? (resolved.name.split('.').pop() ?? resolved.name) : (local?.orderName ?? label);
      const reentrant = local?.reentrant ?? known?.reentrant;
      locks.set(resolved.id, { ...resolved.info, label, orderName, ...(reentrant ? { reentrant } : {}) });
    }
    return resolved.id;
  };

  const addEdge = (edge: ProjectEdge): void => {
    const key = `${edge.from}\0${edge.to}\0${edge.file}\0${edge.line}\0${edge.column}`;
    if (seenEdges.has(key)) return;
    seenEdges.add(key);
    edges.push(edge);
  };

  // Every lock a file mentions, first from its declaring file where it is one of ours.
  const ordered = [...summaries].sort((a, b) => compare(a.file, b.file));
  for (const summary of ordered) for (const lock of summary.locks) lockOf(summary, lock.id);

  for (const summary of ordered) {
    for (const edge of summary.edges) {
      addEdge({
        from: lockOf(summary, edge.from),
        to: lockOf(summary, edge.to),
        file: summary.file,
        line: edge.line,
        column: edge.column,
        ...(edge.through !== undefined ? { through: edge.through } : {}),
        shared: edge.shared,
      });
    }
    for (const call of summary.externalCalls) {
      const found = exportedFunction(summary.file, call.module, call.name);
      if (!found) {
        unresolvedCalls++;
        continue;
      }
      const { summary: callee, exported } = found;
      for (const heldId of call.held) {
        const held = lockOf(summary, heldId);
        for (const acquired of acquiresOf(callee, exported)) {
          const edge: ProjectEdge = {
            from: held,
            to: acquired,
            file: summary.file,
            line: call.line,
            column: call.column,
            through: call.name,
            callee: { file: callee.file, line: exported.line },
            shared: false,
          };
          if (held === acquired) {
            if (!locks.get(held)?.reentrant) reacquisitions.push({ lock: held, edge });
          } else addEdge(edge);
        }
      }
    }
  }
  edges.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.file, b.file) || a.line - b.line || a.column - b.column);

  // Cycles and order over the edges that can deadlock.
  const graph = new LockGraph<ProjectEdge>();
  for (const edge of edges) if (!edge.shared) graph.add({ from: edge.from, to: edge.to, site: edge });
  const weights = new Map<string, number>();
  for (const edge of graph.edges()) weights.set(`${edge.from}\0${edge.to}`, (weights.get(`${edge.from}\0${edge.to}`) ?? 0) + 1);
  const weight = (from: string, to: string): number => weights.get(`${from}\0${to}`) ?? 0;

  const components = readableOrder(
    graph.suggestedOrder().map((members) => (members.length > 1 ? orderWithin(members, weight) : members)),
    edges.filter((edge) => !edge.shared),
    (id) => locks.get(id)?.orderName ?? id,
  );
  const order = components.flat();
  const position = new Map(order.map((id, index) => [id, index]));
  const cycles: ProjectCycle[] = [];
  const againstOrder: ProjectEdge[] = [];
  for (const members of components) {
    if (members.length < 2) continue;
    const inside = new Set(members);
    const cycleEdges = edges.filter((edge) => !edge.shared && inside.has(edge.from) && inside.has(edge.to));
    const against = cycleEdges.filter((edge) => position.get(edge.from)! > position.get(edge.to)!);
    againstOrder.push(...against);
    const files = [...new Set(cycleEdges.map((edge) => edge.file))].sort(compare);
    // A closed walk: an edge against the order, then the way back along the order.
    const first = against[0] ?? cycleEdges[0]!;
    const back = graph.path(first.to, first.from)?.map((edge) => edge.site) ?? [];
    cycles.push({ locks: members, edges: cycleEdges, files, crossFile: files.length >= 2, example: [first, ...back] });
  }

  const lockOrder: string[] = [];
  const byName = new Map<string, string[]>();
  for (const id of order) {
    const name = locks.get(id)?.orderName ?? id;
    const list = byName.get(name);
    if (list) list.push(id);
    else {
      byName.set(name, [id]);
      lockOrder.push(name);
    }
  }
  const ambiguousNames = [...byName].filter(([, ids]) => ids.length > 1).map(([name, ids]) => ({ name, locks: ids }));

  const projectLocks = [...locks].map(([id, info]): ProjectLock => ({
    id,
    label: info.label,
    orderName: info.orderName,
    ...(info.file !== undefined ? { file: info.file } : {}),
    kind: info.kind,
    ...(info.reentrant ? { reentrant: info.reentrant } : {}),
  }));
  projectLocks.sort((a, b) => (position.get(a.id) ?? Infinity) - (position.get(b.id) ?? Infinity) || compare(a.id, b.id));
  reacquisitions.sort((a, b) => compare(a.edge.file, b.edge.file) || a.edge.line - b.edge.line);

  return { locks: projectLocks, edges, cycles, reacquisitions, order, lockOrder, againstOrder, ambiguousNames, unresolvedCalls };
}

/**
 * An order of a cycle's locks that goes against as few acquisitions as it
 * can (the greedy heuristic of Eades, Lin and Smyth for a minimum feedback
 * arc set): sinks last, sources first, otherwise the lock with the most
 * outgoing minus incoming acquisitions next. Its back edges are the ones to
 * change to break the cycle.
 */
const naturalOrder = new Intl.Collator('en', { numeric: true });

/**
 * The components in a topological order that people can read: among the components free to come next, the one whose
 * first lock's name sorts first (`w2` before `w10`), so unrelated locks come in name order, not in discovery order.
 */
export function readableOrder(components: readonly string[][], edges: ReadonlyArray<{ from: string; to: string }>, nameOf: (id: string) => string): string[][] {
  const componentOf = new Map<string, number>();
  components.forEach((members, index) => members.forEach((id) => componentOf.set(id, index)));
  const successors = components.map(() => new Set<number>());
  const indegree = components.map(() => 0);
  for (const edge of edges) {
    const from = componentOf.get(edge.from);
    const to = componentOf.get(edge.to);
    if (from === undefined || to === undefined || from === to || successors[from]!.has(to)) continue;
    successors[from]!.add(to);
    indegree[to]!++;
  }
  const key = (index: number): string => nameOf(components[index]![0]!);
  const before = (a: number, b: number): number => naturalOrder.compare(key(a), key(b)) || naturalOrder.compare(components[a]![0]!, components[b]![0]!);
  const ready = components
    .map((_, index) => index)
    .filter((index) => indegree[index] === 0)
    .sort(before);
  const result: string[][] = [];
  while (ready.length > 0) {
    const next = ready.shift()!;
    result.push(components[next]!);
    for (const successor of successors[next]!) {
      if (--indegree[successor]! > 0) continue;
      // Insert in order (binary search): the ready list stays sorted.
      let low = 0;
      let high = ready.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (before(ready[middle]!, successor) < 0) low = middle + 1;
        else high = middle;
      }
      ready.splice(low, 0, successor);
    }
  }
  return result.length === components.length ? result : [...components];
}

export function orderWithin(members: readonly string[], weight: (from: string, to: string) => number): string[] {
  const remaining = new Set([...members].sort(compare));
  const front: string[] = [];
  const back: string[] = [];
  const degree = (node: string, direction: 'in' | 'out'): number => {
    let sum = 0;
    for (const other of remaining) if (other !== node) sum += direction === 'out' ? weight(node, other) : weight(other, node);
    return sum;
  };
  while (remaining.size > 0) {
    let changed = false;
    for (const node of [...remaining]) {
      if (degree(node, 'out') === 0) {
        back.unshift(node);
        remaining.delete(node);
        changed = true;
      } else if (degree(node, 'in') === 0) {
        front.push(node);
        remaining.delete(node);
        changed = true;
      }
    }
    if (changed) continue;
    let best: string | undefined;
    let bestScore = -Infinity;
    for (const node of remaining) {
      const score = degree(node, 'out') - degree(node, 'in');
      if (score > bestScore) {
        best = node;
        bestScore = score;
      }
    }
    front.push(best!);
    remaining.delete(best!);
  }
  return [...front, ...back];
}

/** `export { a as name } from './x'` of a summary; an own entry only (`toString` is an export name like any other). */
function reexportOf(summary: LockFileSummary, name: string): { readonly module: string; readonly name: string } | undefined {
  return summary.reexports && Object.hasOwn(summary.reexports, name) ? summary.reexports[name] : undefined;
}

/** Whether a file defines `name` itself: an exported function, or a module-level lock it declares. */
function hasOwn(summary: LockFileSummary, name: string): boolean {
  return summary.exports.some((entry) => entry.name === name) || summary.locks.some((lock) => lock.id === `${summary.file}#${name}`);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
