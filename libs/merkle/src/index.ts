/**
 * @custos/merkle — the Merkle tree of RFC 9162 (Certificate Transparency v2) §2.1 over SHA-256,
 * pure and isomorphic: the server and the web app (which verifies proofs) share it, so it imports
 * nothing platform-specific and takes SHA-256 as a function (`node:crypto` on the server, a pure
 * implementation in the browser).
 *
 * - §2.1.1 Merkle Tree Hash with leaf/node domain separation: `leafHash`, `nodeHash`, `emptyRoot`.
 * - §2.1.3.1 PATH (inclusion proof) and §2.1.4.1 SUBPROOF (consistency proof), generated as plans:
 *   `inclusionPlan`, `consistencyPlan`, `rootPlan`, then `neededNodes` and `assemble`.
 * - §2.1.3.2 and §2.1.4.2 verification: `verifyInclusion`, `verifyConsistency`.
 * - `Frontier`: the tree's right edge, for appending leaves and storing the nodes each append completes.
 *
 * Why NodeRefs: the server stores only complete, aligned subtrees ({level, index}: 2^level leaves from
 * index·2^level), written once when their last leaf arrives and never changed. A proof element of
 * the RFC is MTH of a range that may not be complete (on the tree's right edge); it is the right fold
 * of the complete subtrees the RFC's split cuts that range into (`subtreesOf`). So a proof is planned
 * as lists of NodeRefs, fetched in one query, and folded.
 *
 * Tree sizes and leaf indexes are `number`s, exact up to 2^53 − 1. Hashes are 32-byte `Uint8Array`s.
 */
export { emptyRoot, HASH_SIZE, leafHash, nodeHash, type Sha256 } from './hash.js';
export { fromHex, toHex } from './hex.js';
export {
  assemble,
  consistencyPlan,
  inclusionPlan,
  neededNodes,
  rootPlan,
  subtreesOf,
  type NodeRef,
  type ProofPlan,
} from './plan.js';
export { verifyConsistency, verifyInclusion } from './verify.js';
export { Frontier, type NewNode } from './frontier.js';
