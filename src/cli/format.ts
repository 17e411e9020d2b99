/**
 * The project-wide graph as text (for people), JSON (for tools), Mermaid
 * and DOT (for drawing). Cycle edges are highlighted in the drawings; every
 * edge names the file and line of the acquisition.
 */
import type { ProjectCycle, ProjectEdge, ProjectGraph, ProjectLock } from './merge';
import type { FileError } from './summarize';

export const formats = ['text', 'json', 'mermaid', 'dot'] as const;
export type Format = (typeof formats)[number];

export interface RunStats {
  /** Files found under the paths. */
  readonly files: number;
  /** Files with a summary (analysed now or taken from the cache). */
  readonly analysed: number;
  readonly cached: number;
  readonly errors: ReadonlyArray<{ readonly file: string; readonly error: FileError }>;
}

export function formatGraph(format: Format, graph: ProjectGraph, stats: RunStats): string {
  switch (format) {
    case 'text':
      return formatText(graph, stats);
    case 'json':
      return formatJson(graph, stats);
    case 'mermaid':
      return formatMermaid(graph);
    case 'dot':
      return formatDot(graph);
  }
}

// ---------------------------------------------------------------------------
// Names

/**
 * Short names for people: the label, and when two locks share a label, as
 * much of where they come from as tells them apart (`stockLock (bug/inventory.js)`).
 */
function namer(graph: ProjectGraph): (id: string) => string {
  const byLabel = new Map<string, ProjectLock[]>();
  for (const lock of graph.locks) {
    const list = byLabel.get(lock.label);
    if (list) list.push(lock);
    else byLabel.set(lock.label, [lock]);
  }
  const names = new Map<string, string>();
  for (const [label, locks] of byLabel) {
    if (locks.length === 1) {
      names.set(locks[0]!.id, label);
      continue;
    }
    const origins = locks.map((lock) => origin(lock).split('/'));
    const longest = Math.max(...origins.map((parts) => parts.length));
    let segments = 1;
    while (segments < longest && new Set(origins.map((parts) => parts.slice(-segments).join('/'))).size < locks.length) segments++;
    locks.forEach((lock, index) => names.set(lock.id, `${label} (${origins[index]!.slice(-segments).join('/')})`));
  }
  return (id) => names.get(id) ?? id;
}

function origin(lock: ProjectLock): string {
  switch (lock.kind) {
    case 'weblock':
      return 'Web Lock';
    case 'package':
      return `package ${lock.id.slice('pkg:'.length, lock.id.lastIndexOf(':'))}`;
    case 'unresolved':
      return `${lock.id.slice(0, lock.id.lastIndexOf('#'))}, not found`;
    case 'file':
      return lock.file ?? lock.id;
  }
}

function site(edge: ProjectEdge): string {
  return `${edge.file}:${edge.line}:${edge.column}`;
}

function through(edge: ProjectEdge): string {
  if (edge.through === undefined) return '';
  return edge.callee ? ` through ${edge.through} (${edge.callee.file}:${edge.callee.line})` : ` through ${edge.through}`;
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

/** Pairs of locks with their edges, in the graph's order. */
function groupEdges(edges: readonly ProjectEdge[]): Array<{ from: string; to: string; edges: ProjectEdge[] }> {
  const groups = new Map<string, { from: string; to: string; edges: ProjectEdge[] }>();
  for (const edge of edges) {
    const key = `${edge.from}\0${edge.to}\0${edge.shared}`;
    const group = groups.get(key);
    if (group) group.edges.push(edge);
    else groups.set(key, { from: edge.from, to: edge.to, edges: [edge] });
  }
  return [...groups.values()];
}

/** The cycle (1-based) each non-shared edge pair is on. */
function cycleOfPair(graph: ProjectGraph): Map<string, number> {
  const result = new Map<string, number>();
  graph.cycles.forEach((cycle, index) => {
    for (const edge of cycle.edges) result.set(`${edge.from}\0${edge.to}`, index + 1);
  });
  return result;
}

// ---------------------------------------------------------------------------
// Text

/** How much the text output shows before it counts the rest (`--format json` has everything). */
const textLimits = {
  cycles: 10,
  locks: 50,
  /** Lock lines per name before a name's locks are summed up in one line. */
  locksPerName: 3,
  edgePairs: 50,
  sitesPerPair: 3,
  againstOrder: 10,
  reacquisitions: 10,
  notes: 5,
  idsPerNote: 3,
} as const;

/** Names and paths in the order people read them: `f2` before `f10`. */
const collator = new Intl.Collator('en', { numeric: true });

function compareLocks(a: ProjectLock, b: ProjectLock): number {
  return collator.compare(a.label, b.label) || collator.compare(origin(a), origin(b)) || collator.compare(a.id, b.id);
}

function formatText(graph: ProjectGraph, stats: RunStats): string {
  const name = namer(graph);
  const lines: string[] = [];
  const inGraph = new Set(graph.edges.flatMap((edge) => [edge.from, edge.to]));
  const fromCache = stats.cached > 0 ? ` (${stats.cached} from the cache)` : '';
  const skipped = stats.errors.length > 0 ? `, ${stats.errors.length} skipped` : '';
  lines.push(
    `Lock graph of ${plural(stats.files, 'file')}${fromCache}: ${stats.analysed} analysed${skipped}; ${plural(inGraph.size, 'lock')}, ${plural(graph.edges.length, 'nested acquisition')}.`,
  );

  if (graph.edges.length === 0) {
    lines.push('', 'No lock is acquired while another is held: there is no order to keep.');
    return `${lines.join('\n')}\n`;
  }

  // The problems first: cycles (those across files first: no single file shows them), then re-acquisitions.
  const locksById = new Map(graph.locks.map((lock) => [lock.id, lock]));
  const cycles = graph.cycles
    .map((cycle) => ({ cycle, first: cycleKey(cycle, locksById) }))
    .sort((a, b) => Number(b.cycle.crossFile) - Number(a.cycle.crossFile) || collator.compare(a.first, b.first))
    .map(({ cycle }) => cycle);
  const numberOf = new Map<string, number>();
  cycles.forEach((cycle, index) => {
    for (const edge of cycle.edges) numberOf.set(`${edge.from}\0${edge.to}`, index + 1);
  });

  if (cycles.length === 0 && graph.reacquisitions.length === 0) {
    lines.push('', 'No cycles: every nested acquisition follows one order.');
  }
  if (cycles.length > 0) {
    const crossing = cycles.filter((cycle) => cycle.crossFile).length;
    lines.push('', `Cycles: ${cycles.length} (${crossing} across files)`);
    cycles.slice(0, textLimits.cycles).forEach((cycle, index) => lines.push(...describeCycle(cycle, index + 1, name)));
    const rest = cycles.slice(textLimits.cycles);
    if (rest.length > 0) {
      const restCrossing = rest.filter((cycle) => cycle.crossFile).length;
      const files = [...new Set(rest.flatMap((cycle) => cycle.files))].sort(collator.compare);
      lines.push(
        `  ... and ${plural(rest.length, 'more cycle')}${restCrossing > 0 ? ` (${restCrossing} across files)` : ', each within one file'}, in ${plural(files.length, 'file')}: ${listSome(files, 3)}.`,
      );
    }
  }
  if (graph.reacquisitions.length > 0) {
    lines.push('', `Re-acquired through a call into another file: ${graph.reacquisitions.length}`);
    for (const { lock, edge } of graph.reacquisitions.slice(0, textLimits.reacquisitions)) {
      lines.push(
        `  ${site(edge)}  calls ${edge.through ?? 'a function'} (${edge.callee?.file}:${edge.callee?.line}), which acquires ${name(lock)}, while holding it: it waits for itself forever`,
      );
    }
    lines.push(...more(graph.reacquisitions.length - textLimits.reacquisitions, 'more re-acquisition'));
  }

  // The locks, by name then file; a name many locks share is one line.
  const locks = graph.locks.filter((lock) => inGraph.has(lock.id)).sort(compareLocks);
  const byLabel = new Map<string, ProjectLock[]>();
  for (const lock of locks) byLabel.set(lock.label, [...(byLabel.get(lock.label) ?? []), lock]);
  const lockLines: Array<[string, string]> = [];
  for (const [label, group] of byLabel) {
    if (group.length > textLimits.locksPerName) {
      lockLines.push([label, `${plural(group.length, 'lock')}: ${listSome(group.map(where), textLimits.locksPerName)}`]);
    } else {
      for (const lock of group) lockLines.push([label, where(lock)]);
    }
  }
  lines.push('', `Locks: ${locks.length}`);
  const shownLocks = lockLines.slice(0, textLimits.locks);
  const width = Math.max(...shownLocks.map(([label]) => label.length));
  for (const [label, text] of shownLocks) lines.push(`  ${label.padEnd(width)}  ${text}`);
  lines.push(...more(lockLines.length - textLimits.locks, 'more line', 'more lines', 'of locks'));

  // The edges: those on cycles first, in cycle order, then the others by name.
  const groups = groupEdges(graph.edges)
    .map((group) => ({ group, cycle: group.edges[0]!.shared ? undefined : numberOf.get(`${group.from}\0${group.to}`) }))
    .sort(
      (a, b) =>
        (a.cycle ?? Infinity) - (b.cycle ?? Infinity) ||
        collator.compare(name(a.group.from), name(b.group.from)) ||
        collator.compare(name(a.group.to), name(b.group.to)),
    );
  lines.push('', `Acquired-before edges (A -> B: B is acquired while A is held): ${plural(groups.length, 'pair')}`);
  for (const { group, cycle } of groups.slice(0, textLimits.edgePairs)) {
    const note = group.edges[0]!.shared ? '  (both shared: no conflict)' : cycle !== undefined ? `  [cycle ${cycle}]` : '';
    lines.push(`  ${name(group.from)} -> ${name(group.to)}${note}`);
    const sites = [...group.edges].sort((a, b) => collator.compare(a.file, b.file) || a.line - b.line || a.column - b.column);
    for (const edge of sites.slice(0, textLimits.sitesPerPair)) lines.push(`      ${site(edge)}${through(edge)}`);
    if (sites.length > textLimits.sitesPerPair) lines.push(`      ... and ${plural(sites.length - textLimits.sitesPerPair, 'more site')}`);
  }
  lines.push(...more(groups.length - textLimits.edgePairs, 'more pair', 'more pairs', 'of locks'));

  lines.push('', 'Suggested lock order (outermost first), for settings.fearless.lockOrder or the `order` option of fearless/consistent-lock-order:');
  lines.push(`  ${JSON.stringify(graph.lockOrder)}`);
  if (graph.againstOrder.length > 0) {
    lines.push(`  Break the cycles first. In this order, ${plural(graph.againstOrder.length, 'acquisition goes', 'acquisitions go')} the other way:`);
    for (const edge of graph.againstOrder.slice(0, textLimits.againstOrder))
      lines.push(`    ${site(edge)}  ${name(edge.to)}${through(edge)} while holding ${name(edge.from)}`);
    if (graph.againstOrder.length > textLimits.againstOrder) lines.push(`    ... and ${graph.againstOrder.length - textLimits.againstOrder} more`);
  }
  const notes = [...graph.ambiguousNames].sort((a, b) => b.locks.length - a.locks.length || collator.compare(a.name, b.name));
  for (const { name: shared, locks: ids } of notes.slice(0, textLimits.notes)) {
    const sorted = [...ids].sort(collator.compare);
    lines.push(`  Note: ${plural(ids.length, 'lock')} share the name \`${shared}\` (${listSome(sorted, textLimits.idsPerNote)}); lockOrder names them once.`);
  }
  if (notes.length > textLimits.notes) lines.push(`  Note: ${notes.length - textLimits.notes} more names are shared by several locks.`);
  return `${lines.join('\n')}\n`;
}

/** Where a lock comes from, for the list of locks. */
function where(lock: ProjectLock): string {
  return lock.kind === 'weblock' ? 'by name, in any file' : origin(lock);
}

/** `  ... and 12 more pairs of locks (--format json lists them all)`, or nothing. */
function more(count: number, one: string, many = `${one}s`, what = ''): string[] {
  if (count <= 0) return [];
  return [`  ... and ${count} ${count === 1 ? one : many}${what ? ` ${what}` : ''} (--format json lists them all)`];
}

/** A cycle's sort key: its first lock by name, then where. */
function cycleKey(cycle: ProjectCycle, locks: ReadonlyMap<string, ProjectLock>): string {
  const members = cycle.locks
    .map((id) => locks.get(id))
    .filter((lock): lock is ProjectLock => lock !== undefined)
    .sort(compareLocks);
  const first = members[0];
  return first ? `${first.label}\0${origin(first)}` : (cycle.files[0] ?? '');
}

/** The first few items, and how many more. */
function listSome(items: readonly string[], count: number): string {
  return items.length <= count ? items.join(', ') : `${items.slice(0, count).join(', ')} and ${items.length - count} more`;
}

function describeCycle(cycle: ProjectCycle, number: number, name: (id: string) => string): string[] {
  const walk = cycle.example.map((edge) => name(edge.from));
  walk.push(name(cycle.example[0]!.from));
  const where = cycle.crossFile
    ? `across ${plural(cycle.files.length, 'file')}: ${listSome(cycle.files, 4)}`
    : `in ${cycle.files[0]} (fearless/consistent-lock-order reports it there too)`;
  const lines = [`  ${number}. ${walk.join(' -> ')}   ${where}`];
  const width = Math.max(...cycle.example.map((edge) => `${name(edge.from)} -> ${name(edge.to)}`.length));
  for (const edge of cycle.example) lines.push(`       ${`${name(edge.from)} -> ${name(edge.to)}`.padEnd(width)}  ${site(edge)}${through(edge)}`);
  const others = cycle.edges.length - cycle.example.length;
  if (others > 0) lines.push(`       (and ${plural(others, 'other edge')} between these locks, listed above)`);
  return lines;
}

// ---------------------------------------------------------------------------
// JSON

function formatJson(graph: ProjectGraph, stats: RunStats): string {
  const cycleOf = cycleOfPair(graph);
  const document = {
    version: 1,
    files: { total: stats.files, analysed: stats.analysed, cached: stats.cached, skipped: stats.errors.length },
    locks: graph.locks,
    edges: graph.edges.map((edge) => {
      const cycle = edge.shared ? undefined : cycleOf.get(`${edge.from}\0${edge.to}`);
      return cycle === undefined ? edge : { ...edge, cycle };
    }),
    cycles: graph.cycles.map((cycle, index) => ({ id: index + 1, ...cycle })),
    reacquisitions: graph.reacquisitions,
    lockOrder: graph.lockOrder,
    order: graph.order,
    againstOrder: graph.againstOrder,
    ambiguousNames: graph.ambiguousNames,
    unresolvedCalls: graph.unresolvedCalls,
    errors: stats.errors.map(({ file, error }) => ({ file, ...error })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

// ---------------------------------------------------------------------------
// Mermaid and DOT

const cycleColor = '#d62728';
/** At most this many sites on one arrow; the rest are counted. */
const maxSitesPerArrow = 3;

function arrowLabel(edges: readonly ProjectEdge[]): string[] {
  const sites = edges.slice(0, maxSitesPerArrow).map((edge) => `${edge.file}:${edge.line}${edge.through !== undefined ? ` via ${edge.through}` : ''}`);
  if (edges.length > maxSitesPerArrow) sites.push(`+${edges.length - maxSitesPerArrow} more`);
  return sites;
}

function nodeLines(lock: ProjectLock, name: (id: string) => string): string[] {
  const lines = [name(lock.id)];
  if (lock.kind === 'file' && lock.file) lines.push(lock.file);
  return lines;
}

function formatMermaid(graph: ProjectGraph): string {
  const name = namer(graph);
  const escape = (text: string): string => text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  const inGraph = new Set(graph.edges.flatMap((edge) => [edge.from, edge.to]));
  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  for (const lock of graph.locks) {
    if (!inGraph.has(lock.id)) continue;
    const id = `L${ids.size}`;
    ids.set(lock.id, id);
    lines.push(`  ${id}["${nodeLines(lock, name).map(escape).join('<br/>')}"]`);
  }
  const cycleOf = cycleOfPair(graph);
  const highlighted: number[] = [];
  groupEdges(graph.edges).forEach((group, index) => {
    const shared = group.edges[0]!.shared;
    const onCycle = !shared && cycleOf.has(`${group.from}\0${group.to}`);
    const arrow = shared ? '-.->' : onCycle ? '==>' : '-->';
    lines.push(`  ${ids.get(group.from)} ${arrow}|"${arrowLabel(group.edges).map(escape).join('<br/>')}"| ${ids.get(group.to)}`);
    if (onCycle) highlighted.push(index);
  });
  const cycleNodes = [...new Set(graph.cycles.flatMap((cycle) => cycle.locks))].map((lock) => ids.get(lock)).filter((id) => id !== undefined);
  if (cycleNodes.length > 0) {
    lines.push(`  classDef cycle stroke:${cycleColor},stroke-width:3px`);
    lines.push(`  class ${cycleNodes.join(',')} cycle`);
  }
  if (highlighted.length > 0) lines.push(`  linkStyle ${highlighted.join(',')} stroke:${cycleColor},stroke-width:3px`);
  return `${lines.join('\n')}\n`;
}

function formatDot(graph: ProjectGraph): string {
  const name = namer(graph);
  const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const inGraph = new Set(graph.edges.flatMap((edge) => [edge.from, edge.to]));
  const onCycle = new Set(graph.cycles.flatMap((cycle) => cycle.locks));
  const crossFile = new Set(graph.cycles.filter((cycle) => cycle.crossFile).flatMap((cycle) => cycle.locks));
  const lines = [
    'digraph lock_graph {',
    '  rankdir=LR;',
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const lock of graph.locks) {
    if (!inGraph.has(lock.id)) continue;
    const style = onCycle.has(lock.id) ? `, color=${quote(cycleColor)}, penwidth=${crossFile.has(lock.id) ? 3 : 2}` : '';
    lines.push(`  ${quote(lock.id)} [label=${quote(nodeLines(lock, name).join('\n'))}${style}];`);
  }
  const cycleOf = cycleOfPair(graph);
  for (const group of groupEdges(graph.edges)) {
    const shared = group.edges[0]!.shared;
    const cycle = shared ? undefined : cycleOf.get(`${group.from}\0${group.to}`);
    const style = shared ? ', style=dashed' : cycle !== undefined ? `, color=${quote(cycleColor)}, fontcolor=${quote(cycleColor)}, penwidth=2` : '';
    lines.push(`  ${quote(group.from)} -> ${quote(group.to)} [label=${quote(arrowLabel(group.edges).join('\n'))}${style}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
