import { describe, expect, it } from 'vitest';

import {
  assemble,
  consistencyPlan,
  inclusionPlan,
  neededNodes,
  rootPlan,
  subtreesOf,
  toHex,
  type NodeRef,
} from '@custos/merkle';

import { leaves, mth, path, proof, sha256 } from '../test/reference.js';

const MAX = 70;
const data = leaves(MAX);

// The stored node {level, index}, computed naively from the leaves it covers.
const lookup = (ref: NodeRef): Uint8Array => {
  const width = 2 ** ref.level;
  const covered = data.slice(ref.index * width, (ref.index + 1) * width);
  if (covered.length !== width) throw new Error(`no complete subtree ${ref.level}:${ref.index}`);
  return mth(covered);
};

const hex = (hashes: Uint8Array[]) => hashes.map(toHex);

// Every range [start, end) the RFC's recursive split visits in a tree of n leaves.
function rangesOf(start: number, end: number): [number, number][] {
  if (end - start <= 1) return [[start, end]];
  let k = 1;
  while (k * 2 < end - start) k *= 2;
  return [[start, end], ...rangesOf(start, start + k), ...rangesOf(start + k, end)];
}

describe('subtreesOf', () => {
  it('splits every range of the RFC recursion into complete subtrees whose right fold is its MTH', () => {
    for (let n = 1; n <= MAX; n++) {
      for (const [start, end] of rangesOf(0, n)) {
        const refs = subtreesOf(start, end);
        // Contiguous, left to right, covering exactly [start, end), levels strictly decreasing.
        let at = start;
        for (const ref of refs) {
          expect(ref.index * 2 ** ref.level).toBe(at);
          at += 2 ** ref.level;
        }
        expect(at).toBe(end);
        expect(refs.map((r) => r.level)).toEqual([...refs.map((r) => r.level)].sort((a, b) => b - a));
        expect(new Set(refs.map((r) => r.level)).size).toBe(refs.length);
        expect(hex(assemble(sha256, [refs], lookup))).toEqual([toHex(mth(data.slice(start, end)))]);
      }
    }
  });

  it('follows the binary digits of the size', () => {
    expect(subtreesOf(0, 13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(subtreesOf(8, 11)).toEqual([
      { level: 1, index: 4 },
      { level: 0, index: 10 },
    ]);
    expect(subtreesOf(5, 5)).toEqual([]);
  });

  it('refuses ranges no Merkle tree splits into', () => {
    for (const [start, end] of [
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 3],
      [-1, 2],
      [0.5, 2],
      [0, Number.NaN],
    ] as const) {
      expect(() => subtreesOf(start, end), `[${start}, ${end})`).toThrow(RangeError);
    }
  });
});

describe('rootPlan', () => {
  it('gives MTH(D[n]) for every size, the empty tree included', () => {
    for (let n = 0; n <= MAX; n++) {
      expect(hex(assemble(sha256, rootPlan(n), lookup))).toEqual([toHex(mth(data.slice(0, n)))]);
    }
  });
});

describe('inclusionPlan', () => {
  it('gives PATH(m, D[n]) for every leaf of every tree of 1 to 70 leaves', () => {
    for (let n = 1; n <= MAX; n++) {
      for (let m = 0; m < n; m++) {
        const got = hex(assemble(sha256, inclusionPlan(m, n), lookup));
        expect(got, `m=${m} n=${n}`).toEqual(hex(path(m, data.slice(0, n))));
      }
    }
  });

  it('refuses a leaf outside the tree', () => {
    expect(() => inclusionPlan(3, 3)).toThrow(RangeError);
    expect(() => inclusionPlan(0, 0)).toThrow(RangeError);
    expect(() => inclusionPlan(-1, 3)).toThrow(RangeError);
  });
});

describe('consistencyPlan', () => {
  it('gives PROOF(m, D[n]) for every pair of sizes 1 ≤ m ≤ n ≤ 70', () => {
    for (let n = 1; n <= MAX; n++) {
      for (let m = 1; m <= n; m++) {
        const got = hex(assemble(sha256, consistencyPlan(m, n), lookup));
        expect(got, `m=${m} n=${n}`).toEqual(hex(proof(m, data.slice(0, n))));
      }
    }
  });

  it('gives the empty proof from the empty tree, and refuses a shrinking tree', () => {
    expect(consistencyPlan(0, 0)).toEqual([]);
    expect(consistencyPlan(0, 9)).toEqual([]);
    expect(() => consistencyPlan(5, 4)).toThrow(RangeError);
  });
});

describe('neededNodes', () => {
  it('lists each node the plans use exactly once, so one query fetches them all', () => {
    const plans = [rootPlan(13), inclusionPlan(12, 13), consistencyPlan(7, 13), inclusionPlan(3, 13)];
    const needed = neededNodes(plans);
    const key = (r: NodeRef) => `${r.level}:${r.index}`;
    const used = new Set(plans.flatMap((plan) => plan.flat().map(key)));
    expect(needed.map(key).sort()).toEqual([...used].sort());
    // The root of 13 and the inclusion proof of its last leaf share the nodes 3:0 and 2:2.
    expect(plans.flatMap((plan) => plan.flat()).length).toBeGreaterThan(needed.length);
  });
});
