// RFC 9162 §2.1.1 — the Merkle Tree Hash's three rules, with the leaf/node domain separation
// (0x00 before a leaf, 0x01 before two children) that keeps a leaf from passing for an inner node.

/** A synchronous SHA-256: `node:crypto` on the server, a pure implementation in the browser. */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** Bytes in a SHA-256 output, so in every hash this module reads or produces. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** MTH({d}) = SHA-256(0x00 || d): the hash of one leaf. */
export function leafHash(sha: Sha256, data: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + data.length);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return sha(input);
}

/** SHA-256(0x01 || left || right): the hash of an inner node from its two children's hashes. */
export function nodeHash(sha: Sha256, left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha(input);
}

/** MTH({}) = SHA-256(""): the root of the empty tree. */
export function emptyRoot(sha: Sha256): Uint8Array {
  return sha(new Uint8Array(0));
}

/**
 * H(h1, H(h2, … H(hk-1, hk))): the hash of a range from its complete subtrees, left to right (the
 * RFC's split puts the complete left part first, so the right part nests). No subtree: the empty tree.
 */
export function foldRight(sha: Sha256, hashes: readonly Uint8Array[]): Uint8Array {
  let acc = hashes.at(-1);
  if (acc === undefined) return emptyRoot(sha);
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(sha, hashes[i]!, acc);
  return acc;
}

export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
