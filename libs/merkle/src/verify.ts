// RFC 9162 §2.1.3.2 and §2.1.4.2, step by step. Both run on proofs from the network, so anything
// malformed (sizes that are not safe integers, an index outside the tree, hashes that are not 32
// bytes, missing or extra elements) is a `false`, never an exception.

import { emptyRoot, equalBytes, isHash, nodeHash, type Sha256 } from './hash.js';
import { half, isCount, isOdd, isPowerOfTwo } from './sizes.js';

function isHashList(value: unknown): value is readonly Uint8Array[] {
  return Array.isArray(value) && value.every(isHash);
}

/** RFC 9162 §2.1.3.2: does `proof` show the leaf with hash `leafHash` at `leafIndex` under `root`? */
export function verifyInclusion(
  sha: Sha256,
  leafHash: Uint8Array,
  leafIndex: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isCount(leafIndex) || !isCount(treeSize) || leafIndex >= treeSize) return false;
  if (!isHash(leafHash) || !isHash(root) || !isHashList(proof)) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(sha, p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(sha, r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of `size1` leaves with root `root1` is a prefix
 * of the tree of `size2` leaves with root `root2`? The RFC's algorithm covers 0 < size1 < size2; for
 * the two cases it leaves out, the RFC's definitions decide: equal sizes need the empty proof
 * (SUBPROOF(m, D[m], true) = {}) and equal roots; size1 = 0 needs the empty proof and root1 =
 * MTH({}) = SHA-256("").
 */
export function verifyConsistency(
  sha: Sha256,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!isCount(size1) || !isCount(size2) || size1 > size2) return false;
  if (!isHash(root1) || !isHash(root2) || !isHashList(proof)) return false;
  if (size1 === size2) {
    return proof.length === 0 && equalBytes(root1, root2) && (size1 > 0 || equalBytes(root1, emptyRoot(sha)));
  }
  if (size1 === 0) return proof.length === 0 && equalBytes(root1, emptyRoot(sha));
  // 1. An empty proof fails.
  if (proof.length === 0) return false;
  // 2. For a power-of-two size1 the old root is itself a node of the new tree: the proof leaves it out.
  const [first, ...rest] = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  if (first === undefined) return false;
  // 3-4. Start from the old tree's last leaf, above the levels where it is a right child (those
  // nodes are inside the first element).
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5-6. Rebuild both roots: the old one from the left siblings only, the new one from all.
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(sha, c, fr);
      sr = nodeHash(sha, c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sha, sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // 7. Every element used, and both roots match.
  return sn === 0 && equalBytes(fr, root1) && equalBytes(sr, root2);
}
