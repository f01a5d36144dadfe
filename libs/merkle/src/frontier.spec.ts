import { describe, expect, it } from 'vitest';

import { Frontier, leafHash, subtreesOf, toHex, type NewNode } from '@custos/merkle';

import { leaves, mth, sha256 } from '../test/reference.js';

const MAX = 70;
const data = leaves(MAX);
const leafHashes = data.map((d) => leafHash(sha256, d));
const naive = (level: number, index: number) =>
  toHex(mth(data.slice(index * 2 ** level, (index + 1) * 2 ** level)));

describe('Frontier', () => {
  it('creates each complete subtree exactly once, when its last leaf arrives, with its MTH', () => {
    const frontier = Frontier.empty(sha256);
    const created = new Map<string, string>();
    for (let n = 1; n <= MAX; n++) {
      const fresh: NewNode[] = frontier.append(leafHashes[n - 1]!);
      expect(fresh[0]!.ref).toEqual({ level: 0, index: n - 1 });
      for (const { ref, hash } of fresh) {
        const key = `${ref.level}:${ref.index}`;
        expect(created.has(key), key).toBe(false);
        // Its last leaf is the one just appended.
        expect((ref.index + 1) * 2 ** ref.level).toBe(n);
        expect(toHex(hash), key).toBe(naive(ref.level, ref.index));
        created.set(key, toHex(hash));
      }
      expect(frontier.size).toBe(n);
      expect(toHex(frontier.root()), `n=${n}`).toBe(toHex(mth(data.slice(0, n))));
    }
    // Every complete aligned subtree inside 70 leaves, and nothing else.
    let expected = 0;
    for (let level = 0; 2 ** level <= MAX; level++) expected += Math.floor(MAX / 2 ** level);
    expect(created.size).toBe(expected);
  });

  it('continues a stored tree from the hashes of its subtrees as if it had never stopped', () => {
    for (let n = 0; n <= MAX; n++) {
      const hashes = subtreesOf(0, n).map((ref) =>
        mth(data.slice(ref.index * 2 ** ref.level, (ref.index + 1) * 2 ** ref.level)),
      );
      const resumed = Frontier.fromNodes(sha256, n, hashes);
      expect(resumed.size).toBe(n);
      expect(toHex(resumed.root())).toBe(toHex(mth(data.slice(0, n))));
      if (n < MAX) {
        const fresh = resumed.append(leafHashes[n]!);
        for (const { ref, hash } of fresh) expect(toHex(hash)).toBe(naive(ref.level, ref.index));
        expect(toHex(resumed.root())).toBe(toHex(mth(data.slice(0, n + 1))));
      }
    }
  });

  it('refuses a wrong number of stored hashes and leaf hashes that are not 32 bytes', () => {
    const h = leafHashes[0]!;
    expect(() => Frontier.fromNodes(sha256, 3, [h])).toThrow(RangeError);
    expect(() => Frontier.fromNodes(sha256, 1, [h.slice(1)])).toThrow(RangeError);
    expect(() => Frontier.fromNodes(sha256, 0, [h])).toThrow(RangeError);
    expect(() => Frontier.empty(sha256).append(new Uint8Array(31))).toThrow(RangeError);
  });
});
