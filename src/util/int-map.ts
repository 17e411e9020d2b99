/**
 * A persistent map from small non-negative integers to values: a big-endian
 * Patricia trie (Okasaki and Gill, "Fast Mergeable Integer Maps").
 *
 * Why this and not a `Map` copied per code-path segment: dataflow states of
 * sibling segments share almost everything. A trie's shape depends only on its
 * key set, so `union`/`intersection` skip any subtree that both sides share
 * (pointer equality) and cost time in proportion to what differs. Copying a
 * `Map` at every segment would make a function with thousands of tracked
 * values and thousands of branches quadratic.
 *
 * Keys must be integers in [0, 2^30). `undefined` is not a storable value.
 */

export type IntMap<V> = Leaf<V> | Branch<V> | null;

interface Leaf<V> {
  readonly key: number;
  readonly value: V;
}

interface Branch<V> {
  readonly prefix: number;
  readonly mask: number;
  readonly left: Leaf<V> | Branch<V>;
  readonly right: Leaf<V> | Branch<V>;
}

export const emptyIntMap: IntMap<never> = null;

function isLeaf<V>(node: Leaf<V> | Branch<V>): node is Leaf<V> {
  return (node as Leaf<V>).key !== undefined;
}

/** The bits of `key` above the branching bit `mask`. */
function maskKey(key: number, mask: number): number {
  return key & ~(mask | (mask - 1));
}

function zeroBit(key: number, mask: number): boolean {
  return (key & mask) === 0;
}

function matchesPrefix(key: number, prefix: number, mask: number): boolean {
  return maskKey(key, mask) === prefix;
}

function highestBit(x: number): number {
  return 1 << (31 - Math.clz32(x));
}

function joinTrees<V>(prefix1: number, tree1: Leaf<V> | Branch<V>, prefix2: number, tree2: Leaf<V> | Branch<V>): Branch<V> {
  const mask = highestBit(prefix1 ^ prefix2);
  const prefix = maskKey(prefix1, mask);
  return zeroBit(prefix1, mask) ? { prefix, mask, left: tree1, right: tree2 } : { prefix, mask, left: tree2, right: tree1 };
}

/** A branch, or the surviving child when the other one became empty. */
function makeBranch<V>(prefix: number, mask: number, left: IntMap<V>, right: IntMap<V>): IntMap<V> {
  if (left === null) return right;
  if (right === null) return left;
  return { prefix, mask, left, right };
}

export function intMapGet<V>(map: IntMap<V>, key: number): V | undefined {
  let node = map;
  while (node !== null) {
    if (isLeaf(node)) return node.key === key ? node.value : undefined;
    if (!matchesPrefix(key, node.prefix, node.mask)) return undefined;
    node = zeroBit(key, node.mask) ? node.left : node.right;
  }
  return undefined;
}

export function intMapHas(map: IntMap<unknown>, key: number): boolean {
  return intMapGet(map, key) !== undefined;
}

export function intMapSet<V>(map: IntMap<V>, key: number, value: V): Leaf<V> | Branch<V> {
  if (map === null) return { key, value };
  if (isLeaf(map)) {
    if (map.key === key) return map.value === value ? map : { key, value };
    return joinTrees(key, { key, value }, map.key, map);
  }
  if (!matchesPrefix(key, map.prefix, map.mask)) {
    return joinTrees(key, { key, value }, map.prefix, map);
  }
  if (zeroBit(key, map.mask)) {
    const left = intMapSet(map.left, key, value);
    return left === map.left ? map : { prefix: map.prefix, mask: map.mask, left, right: map.right };
  }
  const right = intMapSet(map.right, key, value);
  return right === map.right ? map : { prefix: map.prefix, mask: map.mask, left: map.left, right };
}

export function intMapDelete<V>(map: IntMap<V>, key: number): IntMap<V> {
  if (map === null) return null;
  if (isLeaf(map)) return map.key === key ? null : map;
  if (!matchesPrefix(key, map.prefix, map.mask)) return map;
  if (zeroBit(key, map.mask)) {
    const left = intMapDelete(map.left, key);
    return left === map.left ? map : makeBranch(map.prefix, map.mask, left, map.right);
  }
  const right = intMapDelete(map.right, key);
  return right === map.right ? map : makeBranch(map.prefix, map.mask, map.left, right);
}

/**
 * Keys of either map; where both have a key, `combine(a, b)` decides the value
 * (return `a` or `b` itself when nothing changes, so sharing survives).
 */
export function intMapUnion<V>(a: IntMap<V>, b: IntMap<V>, combine: (a: V, b: V) => V): IntMap<V> {
  if (a === b || b === null) return a;
  if (a === null) return b;
  if (isLeaf(a) && isLeaf(b) && a.key === b.key) {
    const value = combine(a.value, b.value);
    return value === a.value ? a : value === b.value ? b : { key: a.key, value };
  }
  if (isLeaf(a)) return insertCombined(b, a.key, a.value, (inB) => combine(a.value, inB));
  if (isLeaf(b)) return insertCombined(a, b.key, b.value, (inA) => combine(inA, b.value));
  if (a.mask === b.mask && a.prefix === b.prefix) {
    const left = intMapUnion(a.left, b.left, combine)!;
    const right = intMapUnion(a.right, b.right, combine)!;
    if (left === a.left && right === a.right) return a;
    if (left === b.left && right === b.right) return b;
    return { prefix: a.prefix, mask: a.mask, left, right };
  }
  if (a.mask > b.mask && matchesPrefix(b.prefix, a.prefix, a.mask)) {
    if (zeroBit(b.prefix, a.mask)) {
      const left = intMapUnion(a.left, b, combine)!;
      return left === a.left ? a : { prefix: a.prefix, mask: a.mask, left, right: a.right };
    }
    const right = intMapUnion(a.right, b, combine)!;
    return right === a.right ? a : { prefix: a.prefix, mask: a.mask, left: a.left, right };
  }
  if (b.mask > a.mask && matchesPrefix(a.prefix, b.prefix, b.mask)) {
    if (zeroBit(a.prefix, b.mask)) {
      const left = intMapUnion(a, b.left, combine)!;
      return left === b.left ? b : { prefix: b.prefix, mask: b.mask, left, right: b.right };
    }
    const right = intMapUnion(a, b.right, combine)!;
    return right === b.right ? b : { prefix: b.prefix, mask: b.mask, left: b.left, right };
  }
  return joinTrees(a.prefix, a, b.prefix, b);
}

/** `map` with `key` set to `value`, or to `combine(existing)` when present. */
function insertCombined<V>(map: Leaf<V> | Branch<V>, key: number, value: V, combine: (existing: V) => V): Leaf<V> | Branch<V> {
  const existing = intMapGet(map, key);
  return intMapSet(map, key, existing === undefined ? value : combine(existing));
}

/** Keys present in both maps, valued by `combine(a, b)`. */
export function intMapIntersection<V>(a: IntMap<V>, b: IntMap<V>, combine: (a: V, b: V) => V): IntMap<V> {
  if (a === b) return a;
  if (a === null || b === null) return null;
  if (isLeaf(a)) {
    const inB = intMapGet(b, a.key);
    if (inB === undefined) return null;
    const value = combine(a.value, inB);
    return value === a.value ? a : { key: a.key, value };
  }
  if (isLeaf(b)) {
    const inA = intMapGet(a, b.key);
    if (inA === undefined) return null;
    const value = combine(inA, b.value);
    return value === b.value ? b : { key: b.key, value };
  }
  if (a.mask === b.mask && a.prefix === b.prefix) {
    const left = intMapIntersection(a.left, b.left, combine);
    const right = intMapIntersection(a.right, b.right, combine);
    if (left === a.left && right === a.right) return a;
    if (left === b.left && right === b.right) return b;
    return makeBranch(a.prefix, a.mask, left, right);
  }
  if (a.mask > b.mask && matchesPrefix(b.prefix, a.prefix, a.mask)) {
    return intMapIntersection(zeroBit(b.prefix, a.mask) ? a.left : a.right, b, combine);
  }
  if (b.mask > a.mask && matchesPrefix(a.prefix, b.prefix, b.mask)) {
    return intMapIntersection(a, zeroBit(a.prefix, b.mask) ? b.left : b.right, combine);
  }
  return null;
}

/** Structural equality; shared subtrees compare in constant time. */
export function intMapEquals<V>(a: IntMap<V>, b: IntMap<V>, valueEquals: (a: V, b: V) => boolean): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (isLeaf(a)) return isLeaf(b) && a.key === b.key && valueEquals(a.value, b.value);
  if (isLeaf(b)) return false;
  return a.prefix === b.prefix && a.mask === b.mask && intMapEquals(a.left, b.left, valueEquals) && intMapEquals(a.right, b.right, valueEquals);
}

export function intMapForEach<V>(map: IntMap<V>, visit: (key: number, value: V) => void): void {
  if (map === null) return;
  if (isLeaf(map)) {
    visit(map.key, map.value);
    return;
  }
  intMapForEach(map.left, visit);
  intMapForEach(map.right, visit);
}

export function intMapSize(map: IntMap<unknown>): number {
  let size = 0;
  intMapForEach(map, () => size++);
  return size;
}

export function intMapFromEntries<V>(entries: Iterable<readonly [number, V]>): IntMap<V> {
  let map: IntMap<V> = null;
  for (const [key, value] of entries) map = intMapSet(map, key, value);
  return map;
}
