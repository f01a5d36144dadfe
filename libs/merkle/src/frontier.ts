// The right edge of an append-only Merkle tree: the hashes of subtreesOf(0, size), at most one per
// level, largest first. Appending a leaf adds it at level 0 and merges equal-level neighbours, which
// completes exactly the subtrees whose last leaf it is; those are the new nodes the server stores.

import { foldRight, HASH_SIZE, isHash, nodeHash, type Sha256 } from './hash.js';
import { subtreesOf, type NodeRef } from './plan.js';
import { half, isCount, isOdd } from './sizes.js';

/** A complete subtree an append created, with its hash. */
export interface NewNode {
  readonly ref: NodeRef;
  readonly hash: Uint8Array;
}

/** The right edge of a tree: enough to append leaves and compute the root without the rest. */
export class Frontier {
  private constructor(
    private readonly sha: Sha256,
    private leaves: number,
    // Hashes of subtreesOf(0, leaves), left to right.
    private readonly edge: Uint8Array[],
  ) {}

  /** The frontier of the empty tree. */
  static empty(sha: Sha256): Frontier {
    return new Frontier(sha, 0, []);
  }

  /**
   * The frontier of a stored tree of `treeSize` leaves, from the hashes of `subtreesOf(0, treeSize)`
   * in that order. A wrong count or a hash that is not 32 bytes throws a RangeError.
   */
  static fromNodes(sha: Sha256, treeSize: number, hashes: readonly Uint8Array[]): Frontier {
    const expected = subtreesOf(0, treeSize).length;
    if (hashes.length !== expected || !hashes.every(isHash)) {
      throw new RangeError(
        `Frontier.fromNodes: a tree of ${treeSize} needs ${expected} hashes of ${HASH_SIZE} bytes`,
      );
    }
    return new Frontier(sha, treeSize, [...hashes]);
  }

  /** The number of leaves. */
  get size(): number {
    return this.leaves;
  }

  /**
   * Appends one leaf (its leaf hash, `leafHash(sha, data)`) and returns the subtrees it completed:
   * the leaf itself at level 0, then each parent up to the first left child, lowest level first.
   */
  append(leafHash: Uint8Array): NewNode[] {
    if (!isHash(leafHash)) throw new RangeError(`Frontier.append: a leaf hash has ${HASH_SIZE} bytes`);
    if (!isCount(this.leaves + 1)) throw new RangeError('Frontier.append: the tree is full');
    let index = this.leaves;
    let level = 0;
    let hash = leafHash;
    const created: NewNode[] = [{ ref: { level, index }, hash }];
    // A right child (odd index) completes its parent: merge it with the left sibling on the edge.
    while (isOdd(index)) {
      hash = nodeHash(this.sha, this.edge.pop()!, hash);
      index = half(index);
      level++;
      created.push({ ref: { level, index }, hash });
    }
    this.edge.push(hash);
    this.leaves++;
    return created;
  }

  /** MTH of the tree so far (SHA-256("") when empty). */
  root(): Uint8Array {
    return foldRight(this.sha, this.edge);
  }
}
