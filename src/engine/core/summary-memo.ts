/**
 * A memo for per-function summaries that may recurse: a function asked for
 * again while its own summary is being computed (direct or mutual recursion,
 * `function a() { b() } function b() { a() }`) gets the `whileComputing`
 * answer, the analysis's "assume nothing more happens", so the computation
 * ends.
 */
const computing: unique symbol = Symbol('computing');

export class SummaryMemo<K, V> {
  private readonly values = new Map<K, V | typeof computing>();

  constructor(private readonly whileComputing: () => V) {}

  /** Whether the key was computed, or is being computed. */
  has(key: K): boolean {
    return this.values.has(key);
  }

  get(key: K, compute: () => V): V {
    const cached = this.values.get(key);
    if (cached === computing) return this.whileComputing();
    if (cached !== undefined) return cached;
    this.values.set(key, computing);
    const value = compute();
    this.values.set(key, value);
    return value;
  }
}
