// RFC 9162 §2.1.3.1 (PATH) and §2.1.4.1 (SUBPROOF) as plans over stored nodes: each proof element is
// MTH of some range of leaves, and every range the RFC's recursion meets splits into complete, aligned
// subtrees (NodeRefs), whose hashes the server stores. Planning first lets the server fetch every
// hash a request needs in one query, then fold them (`assemble`).

import { foldRight, type Sha256 } from './hash.js';
import { isCount, largestPowerOfTwoBelow, log2Exact, powerOfTwoAtLeast } from './sizes.js';

/**
 * The complete subtree of 2^level leaves [index·2^level, (index+1)·2^level). Level 0 is a leaf
 * hash. These are the only node hashes the server stores.
 */
export interface NodeRef {
  readonly level: number;
  readonly index: number;
}

/**
 * One entry per proof element, in the RFC's order: the NodeRefs, left to right, whose hashes folded
 * right (`H(h1, H(h2, … hk))`) give that element.
 */
export type ProofPlan = readonly (readonly NodeRef[])[];

/**
 * The complete, aligned subtrees covering leaves [start, end), left to right, as the RFC's split
 * (largest power of two below the size on the left) produces them: the binary digits of the size,
 * largest first. MTH of the range is their hashes folded right.
 *
 * Only ranges the RFC's recursion can meet have such a split: `start` must be a multiple of the
 * smallest power of two ≥ `end − start` (any range from 0 qualifies). Others throw a RangeError.
 */
export function subtreesOf(start: number, end: number): NodeRef[] {
  if (!isCount(start) || !isCount(end) || start > end) {
    throw new RangeError(`subtreesOf: [${start}, ${end}) is not a range of leaves`);
  }
  if (start === end) return [];
  if (start % powerOfTwoAtLeast(end - start) !== 0) {
    throw new RangeError(`subtreesOf: [${start}, ${end}) is not a subtree of any Merkle tree`);
  }
  const refs: NodeRef[] = [];
  for (let at = start; at < end;) {
    const width = largestPowerOfTwoAtMost(end - at);
    refs.push({ level: log2Exact(width), index: at / width });
    at += width;
  }
  return refs;
}

/** The plan of one element, the tree's root MTH(D[n]); for n = 0 it folds to SHA-256(""). */
export function rootPlan(treeSize: number): ProofPlan {
  return [subtreesOf(0, treeSize)];
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1, for 0 ≤ leafIndex < treeSize (else a RangeError). */
export function inclusionPlan(leafIndex: number, treeSize: number): ProofPlan {
  if (!isCount(leafIndex) || !isCount(treeSize) || leafIndex >= treeSize) {
    throw new RangeError(`inclusionPlan: leaf ${leafIndex} is not in a tree of ${treeSize}`);
  }
  return path(leafIndex, 0, treeSize);
}

// PATH(m, D[start:end]) with m counted from the first leaf of the whole tree.
function path(m: number, start: number, end: number): NodeRef[][] {
  if (end - start === 1) return [];
  const split = start + largestPowerOfTwoBelow(end - start);
  return m < split
    ? [...path(m, start, split), subtreesOf(split, end)]
    : [...path(m, split, end), subtreesOf(start, split)];
}

/**
 * PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1, for 0 ≤ size1 ≤ size2 (else a
 * RangeError). Equal sizes and size1 = 0 give the empty proof (the RFC's SUBPROOF(m, D[m], true) = {};
 * every tree extends the empty one).
 */
export function consistencyPlan(size1: number, size2: number): ProofPlan {
  if (!isCount(size1) || !isCount(size2) || size1 > size2) {
    throw new RangeError(`consistencyPlan: no proof from a tree of ${size1} to one of ${size2}`);
  }
  if (size1 === 0) return [];
  return subproof(size1, 0, size2, true);
}

// SUBPROOF(m, D[start:end], whole) with m counted from the first leaf of the whole tree.
function subproof(m: number, start: number, end: number, whole: boolean): NodeRef[][] {
  if (m === end) return whole ? [] : [subtreesOf(start, end)];
  const split = start + largestPowerOfTwoBelow(end - start);
  return m <= split
    ? [...subproof(m, start, split, whole), subtreesOf(split, end)]
    : [...subproof(m, split, end, false), subtreesOf(start, split)];
}

/** Every NodeRef the plans use, once each, in first-use order: what to fetch in one query. */
export function neededNodes(plans: readonly ProofPlan[]): NodeRef[] {
  const seen = new Map<string, NodeRef>();
  for (const plan of plans) {
    for (const refs of plan) {
      for (const ref of refs) {
        const key = `${ref.level}:${ref.index}`;
        if (!seen.has(key)) seen.set(key, { level: ref.level, index: ref.index });
      }
    }
  }
  return [...seen.values()];
}

/** The proof's hashes: each element's NodeRefs looked up and folded right. */
export function assemble(sha: Sha256, plan: ProofPlan, lookup: (ref: NodeRef) => Uint8Array): Uint8Array[] {
  return plan.map((refs) => foldRight(sha, refs.map(lookup)));
}

function largestPowerOfTwoAtMost(n: number): number {
  return largestPowerOfTwoBelow(n + 1);
}
