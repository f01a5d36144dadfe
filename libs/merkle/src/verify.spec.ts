import { describe, expect, it } from 'vitest';

import { emptyRoot, leafHash, verifyConsistency, verifyInclusion } from '@custos/merkle';

import { leaves, mth, path, proof, sha256 } from '../test/reference.js';

const MAX = 70;
const data = leaves(MAX);
const other = leaves(MAX, 'other');
const leafHashes = data.map((d) => leafHash(sha256, d));
const roots = Array.from({ length: MAX + 1 }, (_, n) => mth(data.slice(0, n)));
const otherRoots = Array.from({ length: MAX + 1 }, (_, n) => mth(other.slice(0, n)));

// A copy of the hash with one bit flipped (which bit varies with `salt`).
function flip(hash: Uint8Array, salt = 0): Uint8Array {
  const copy = hash.slice();
  copy[salt % copy.length]! ^= 1 << (salt % 8);
  return copy;
}
const replaced = (list: Uint8Array[], i: number, value: Uint8Array) =>
  list.map((h, j) => (i === j ? value : h));
const extra = new Uint8Array(32).fill(7);
// The exhaustive checks take a few seconds alone and several times that on a loaded 2-core machine: more than
// vitest's default 5 s. A bound on a hang, not a timing assertion.
const EXHAUSTIVE_TIMEOUT_MS = 60_000;

describe('verifyInclusion (RFC 9162 §2.1.3.2)', () => {
  it(
    'accepts every correct proof and rejects every forgery, for every leaf of trees of 1 to 70',
    () => {
      for (let n = 1; n <= MAX; n++) {
        const root = roots[n]!;
        for (let m = 0; m < n; m++) {
          const leaf = leafHashes[m]!;
          const good = path(m, data.slice(0, n));
          const ok = (l: Uint8Array, i: number, size: number, p: Uint8Array[], r: Uint8Array) =>
            verifyInclusion(sha256, l, i, size, p, r);
          const at = `m=${m} n=${n}`;
          expect(ok(leaf, m, n, good, root), at).toBe(true);
          good.forEach((h, i) =>
            expect(ok(leaf, m, n, replaced(good, i, flip(h, i + m)), root), at).toBe(false),
          );
          expect(ok(flip(leaf, n), m, n, good, root), at).toBe(false);
          expect(ok(leaf, m, n, good, flip(root, m)), at).toBe(false);
          expect(ok(leaf, m, n, good, otherRoots[n]!), at).toBe(false);
          expect(ok(leafHash(sha256, other[m]!), m, n, good, root), at).toBe(false);
          if (good.length > 0) {
            expect(ok(leaf, m, n, good.slice(0, -1), root), at).toBe(false);
            expect(ok(leaf, m, n, good.slice(1), root), at).toBe(false);
          }
          expect(ok(leaf, m, n, [...good, extra], root), at).toBe(false);
          expect(ok(leaf, m, n, [...good, good.at(-1) ?? leaf], root), at).toBe(false);
          expect(ok(leaf, m, n, [extra, ...good], root), at).toBe(false);
          // Another index: this leaf and proof claimed elsewhere, and another leaf's proof for this one.
          for (const j of [m - 1, m + 1, n - 1 - m]) {
            if (j < 0 || j >= n || j === m) continue;
            expect(ok(leaf, j, n, good, root), `${at} j=${j}`).toBe(false);
            expect(ok(leaf, m, n, path(j, data.slice(0, n)), root), `${at} j=${j}`).toBe(false);
          }
          // The proof and leaf claimed in the next larger tree (its real root).
          if (n < MAX) expect(ok(leaf, m, n + 1, good, roots[n + 1]!), at).toBe(false);
        }
      }
    },
    EXHAUSTIVE_TIMEOUT_MS,
  );

  it('rejects malformed input without throwing', () => {
    const good = path(2, data.slice(0, 5));
    const [leaf, root] = [leafHashes[2]!, roots[5]!];
    const cases: [string, () => boolean][] = [
      ['index = size', () => verifyInclusion(sha256, leafHashes[5]!, 5, 5, good, root)],
      ['index > size', () => verifyInclusion(sha256, leaf, 9, 5, good, root)],
      ['size 0', () => verifyInclusion(sha256, leaf, 0, 0, [], emptyRoot(sha256))],
      ['negative index', () => verifyInclusion(sha256, leaf, -1, 5, good, root)],
      ['fractional index', () => verifyInclusion(sha256, leaf, 2.5, 5, good, root)],
      ['NaN size', () => verifyInclusion(sha256, leaf, 2, Number.NaN, good, root)],
      ['unsafe size', () => verifyInclusion(sha256, leaf, 2, 2 ** 53, good, root)],
      [
        'short element',
        () => verifyInclusion(sha256, leaf, 2, 5, replaced(good, 0, good[0]!.slice(1)), root),
      ],
      [
        'long element',
        () => verifyInclusion(sha256, leaf, 2, 5, replaced(good, 0, new Uint8Array(33)), root),
      ],
      ['short leaf', () => verifyInclusion(sha256, leaf.slice(0, 31), 2, 5, good, root)],
      ['short root', () => verifyInclusion(sha256, leaf, 2, 5, good, root.slice(0, 31))],
      ['not an array', () => verifyInclusion(sha256, leaf, 2, 5, {} as Uint8Array[], root)],
      ['not bytes', () => verifyInclusion(sha256, leaf, 2, 5, ['ab'] as unknown as Uint8Array[], root)],
    ];
    for (const [name, run] of cases) expect(run(), name).toBe(false);
  });

  it('accepts the one-leaf tree with the empty proof', () => {
    expect(verifyInclusion(sha256, leafHashes[0]!, 0, 1, [], roots[1]!)).toBe(true);
  });
});

describe('verifyConsistency (RFC 9162 §2.1.4.2)', () => {
  it(
    'accepts every correct proof and rejects every forgery, for every pair of sizes 1 ≤ m < n ≤ 70',
    () => {
      const ok = (m: number, n: number, p: Uint8Array[], r1: Uint8Array, r2: Uint8Array) =>
        verifyConsistency(sha256, m, n, p, r1, r2);
      for (let n = 2; n <= MAX; n++) {
        for (let m = 1; m < n; m++) {
          const [r1, r2] = [roots[m]!, roots[n]!];
          const good = proof(m, data.slice(0, n));
          const at = `m=${m} n=${n}`;
          expect(ok(m, n, good, r1, r2), at).toBe(true);
          good.forEach((h, i) => expect(ok(m, n, replaced(good, i, flip(h, i + m)), r1, r2), at).toBe(false));
          expect(ok(m, n, good, flip(r1, n), r2), at).toBe(false);
          expect(ok(m, n, good, r1, flip(r2, m)), at).toBe(false);
          expect(ok(m, n, good, otherRoots[m]!, r2), at).toBe(false);
          expect(ok(m, n, good, r1, otherRoots[n]!), at).toBe(false);
          expect(ok(m, n, good.slice(0, -1), r1, r2), at).toBe(false);
          expect(ok(m, n, good.slice(1), r1, r2), at).toBe(false);
          expect(ok(m, n, [...good, extra], r1, r2), at).toBe(false);
          expect(ok(m, n, [...good, good.at(-1)!], r1, r2), at).toBe(false);
          expect(ok(m, n, [r1, ...good], r1, r2) && (m & (m - 1)) !== 0, at).toBe(false);
          expect(ok(n, m, good, r2, r1), at).toBe(false);
          expect(ok(m, n, [], r1, r2), at).toBe(false);
          // The proof of a neighbouring size pair does not pass for this one.
          if (m + 1 < n) expect(ok(m, n, proof(m + 1, data.slice(0, n)), r1, r2), at).toBe(false);
          if (n < MAX) expect(ok(m, n + 1, good, r1, roots[n + 1]!), at).toBe(false);
        }
      }
    },
    EXHAUSTIVE_TIMEOUT_MS,
  );

  it('accepts equal sizes only with the empty proof and equal roots', () => {
    for (let n = 1; n <= MAX; n++) {
      expect(verifyConsistency(sha256, n, n, [], roots[n]!, roots[n]!)).toBe(true);
      expect(verifyConsistency(sha256, n, n, [], roots[n]!, otherRoots[n]!)).toBe(false);
      expect(verifyConsistency(sha256, n, n, [roots[n]!], roots[n]!, roots[n]!)).toBe(false);
    }
  });

  it('accepts growth from the empty tree only from its root, with the empty proof', () => {
    const empty = emptyRoot(sha256);
    expect(verifyConsistency(sha256, 0, 0, [], empty, empty)).toBe(true);
    expect(verifyConsistency(sha256, 0, 5, [], empty, roots[5]!)).toBe(true);
    expect(verifyConsistency(sha256, 0, 5, [], roots[1]!, roots[5]!)).toBe(false);
    expect(verifyConsistency(sha256, 0, 5, [roots[5]!], empty, roots[5]!)).toBe(false);
    expect(verifyConsistency(sha256, 0, 0, [], roots[1]!, roots[1]!)).toBe(false);
  });

  it('rejects malformed input without throwing', () => {
    const good = proof(3, data.slice(0, 7));
    const [r1, r2] = [roots[3]!, roots[7]!];
    const cases: [string, () => boolean][] = [
      ['size1 > size2', () => verifyConsistency(sha256, 7, 3, good, r2, r1)],
      ['negative size', () => verifyConsistency(sha256, -3, 7, good, r1, r2)],
      ['fractional size', () => verifyConsistency(sha256, 3, 7.5, good, r1, r2)],
      ['unsafe size', () => verifyConsistency(sha256, 3, 2 ** 53, good, r1, r2)],
      ['short element', () => verifyConsistency(sha256, 3, 7, replaced(good, 1, new Uint8Array(31)), r1, r2)],
      ['short root1', () => verifyConsistency(sha256, 3, 7, good, r1.slice(1), r2)],
      ['long root2', () => verifyConsistency(sha256, 3, 7, good, r1, new Uint8Array(64))],
      ['not an array', () => verifyConsistency(sha256, 3, 7, null as unknown as Uint8Array[], r1, r2)],
      ['empty proof', () => verifyConsistency(sha256, 3, 7, [], r1, r2)],
    ];
    for (const [name, run] of cases) expect(run(), name).toBe(false);
  });
});
