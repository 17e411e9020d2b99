/**
 * The acquired-before graph of lock classes (Linux lockdep's idea): an edge
 * A -> B each time B is acquired while A is held. A cycle means two tasks can
 * each hold one lock of the cycle and wait for the next: a deadlock.
 *
 * Written once for the rule (one file) and the `fearless lock-graph` command
 * (a whole project): plain data in, plain data out.
 */

export interface GraphEdge<Site> {
  readonly from: string;
  readonly to: string;
  /** Where the inner acquisition happens, and anything else the caller needs for messages. */
  readonly site: Site;
}

/** Strongly connected components (Tarjan, iterative): a lock is on a cycle if its component has more than one lock. */
export function stronglyConnected(nodes: Iterable<string>, successors: (node: string) => Iterable<string>): Map<string, number> {
  const component = new Map<string, number>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  let components = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; iterator: Iterator<string> }> = [];
    const enter = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, iterator: successors(node)[Symbol.iterator]() });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const next = frame.iterator.next();
      if (!next.done) {
        const successor = next.value;
        if (!index.has(successor)) enter(successor);
        else if (onStack.has(successor)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(successor)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        for (;;) {
          const member = stack.pop()!;
          onStack.delete(member);
          component.set(member, components);
          if (member === frame.node) break;
        }
        components++;
      }
    }
  }
  return component;
}

export class LockGraph<Site> {
  private readonly out = new Map<string, Map<string, GraphEdge<Site>[]>>();
  private components: Map<string, number> | undefined;

  add(edge: GraphEdge<Site>): void {
    if (edge.from === edge.to) return;
    let targets = this.out.get(edge.from);
    if (!targets) {
      targets = new Map();
      this.out.set(edge.from, targets);
    }
    const list = targets.get(edge.to);
    if (list) list.push(edge);
    else targets.set(edge.to, [edge]);
    if (!this.out.has(edge.to)) this.out.set(edge.to, new Map());
    this.components = undefined;
  }

  get nodes(): string[] {
    return [...this.out.keys()];
  }

  edges(): Array<GraphEdge<Site>> {
    const all: Array<GraphEdge<Site>> = [];
    for (const targets of this.out.values()) for (const list of targets.values()) all.push(...list);
    return all;
  }

  private componentOf(node: string): number | undefined {
    this.components ??= stronglyConnected(this.out.keys(), (from) => this.out.get(from)?.keys() ?? []);
    return this.components.get(node);
  }

  /** Whether the edge lies on a cycle: its ends are in the same strongly connected component. */
  onCycle(edge: GraphEdge<Site>): boolean {
    const component = this.componentOf(edge.from);
    return component !== undefined && component === this.componentOf(edge.to);
  }

  /** A shortest path of edges from `from` to `to` (breadth first), for naming the other half of a cycle. */
  path(from: string, to: string): Array<GraphEdge<Site>> | undefined {
    const previous = new Map<string, GraphEdge<Site>>();
    const queue = [from];
    const seen = new Set([from]);
    while (queue.length > 0) {
      const node = queue.shift()!;
      if (node === to) {
        const path: Array<GraphEdge<Site>> = [];
        let current = to;
        while (current !== from) {
          const edge = previous.get(current)!;
          path.unshift(edge);
          current = edge.from;
        }
        return path;
      }
      for (const [target, list] of this.out.get(node) ?? []) {
        if (seen.has(target)) continue;
        seen.add(target);
        previous.set(target, list[0]!);
        queue.push(target);
      }
    }
    return undefined;
  }

  /**
   * An order of the locks that respects every edge not on a cycle (a
   * topological order of the components), for `lockOrder` in the settings.
   */
  suggestedOrder(): string[][] {
    this.componentOf(this.nodes[0] ?? '');
    const components = this.components ?? new Map<string, number>();
    const members = new Map<number, string[]>();
    for (const [node, component] of components) {
      const list = members.get(component);
      if (list) list.push(node);
      else members.set(component, [node]);
    }
    // Tarjan numbers components in reverse topological order.
    return [...members.entries()].sort((a, b) => b[0] - a[0]).map(([, list]) => list.sort());
  }
}
