import { describe, expect, it } from 'vitest';
import {
  emptyIntMap,
  intMapDelete,
  intMapEquals,
  intMapForEach,
  intMapGet,
  intMapIntersection,
  intMapSet,
  intMapSize,
  intMapUnion,
  type IntMap,
} from '../../src/util/int-map';

/** A small deterministic generator, so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
}

function toObject(map: IntMap<number>): Record<number, number> {
  const out: Record<number, number> = {};
  intMapForEach(map, (key, value) => (out[key] = value));
  return out;
}

function fromEntries(entries: Array<[number, number]>): IntMap<number> {
  let map: IntMap<number> = emptyIntMap;
  for (const [key, value] of entries) map = intMapSet(map, key, value);
  return map;
}

describe('IntMap', () => {
  it('agrees with Map under random sets and deletes', () => {
    const next = random(1);
    const oracle = new Map<number, number>();
    let map: IntMap<number> = emptyIntMap;
    for (let i = 0; i < 5000; i++) {
      const key = next() % 300;
      if (next() % 3 === 0) {
        oracle.delete(key);
        map = intMapDelete(map, key);
      } else {
        const value = next() % 10;
        oracle.set(key, value);
        map = intMapSet(map, key, value);
      }
      expect(intMapGet(map, key)).toBe(oracle.get(key));
    }
    expect(toObject(map)).toEqual(Object.fromEntries(oracle));
    expect(intMapSize(map)).toBe(oracle.size);
  });

  it('unions and intersects like sets, combining shared keys', () => {
    const next = random(7);
    for (let round = 0; round < 50; round++) {
      const a: Array<[number, number]> = Array.from({ length: next() % 40 }, () => [next() % 64, next() % 5]);
      const b: Array<[number, number]> = Array.from({ length: next() % 40 }, () => [next() % 64, next() % 5]);
      const ma = new Map(a);
      const mb = new Map(b);
      const union = intMapUnion(fromEntries(a), fromEntries(b), (x, y) => x + y);
      const expectedUnion = new Map(ma);
      for (const [key, value] of mb) expectedUnion.set(key, ma.has(key) ? ma.get(key)! + value : value);
      expect(toObject(union)).toEqual(Object.fromEntries(expectedUnion));
      const intersection = intMapIntersection(fromEntries(a), fromEntries(b), (x, y) => x * 10 + y);
      const expectedIntersection = new Map([...ma].filter(([key]) => mb.has(key)).map(([key, value]) => [key, value * 10 + mb.get(key)!]));
      expect(toObject(intersection)).toEqual(Object.fromEntries(expectedIntersection));
    }
  });

  it('keeps sharing: joining a map with a small change of itself reuses the untouched subtrees', () => {
    let base: IntMap<number> = emptyIntMap;
    for (let i = 0; i < 1000; i++) base = intMapSet(base, i, i);
    const changed = intMapSet(base, 500, -1);
    expect(intMapUnion(base, base, (x) => x)).toBe(base);
    expect(intMapIntersection(base, base, (x) => x)).toBe(base);
    // The combine function keeps base's value: the result is base itself, not a copy.
    expect(intMapUnion(base, changed, (x) => x)).toBe(base);
    expect(intMapEquals(base, changed, (x, y) => x === y)).toBe(false);
    expect(intMapEquals(base, intMapSet(changed, 500, 500), (x, y) => x === y)).toBe(true);
  });

  it('setting a key to the value it has returns the same map', () => {
    const map = fromEntries([
      [1, 1],
      [2, 2],
      [900, 3],
    ]);
    expect(intMapSet(map, 2, 2)).toBe(map);
    expect(intMapDelete(map, 77)).toBe(map);
  });
});
