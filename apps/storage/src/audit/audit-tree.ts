// The audit Merkle tree's leaves (ADR 0010): a record's leaf is its chain hash, so a proof of inclusion proves the
// very record the chain holds (and its place: the chain hash covers `seq` and the previous hash).
import { createHash } from 'node:crypto';

import { fromHex, leafHash, type Sha256 } from '@custos/merkle';

export const sha256: Sha256 = (data) => new Uint8Array(createHash('sha256').update(data).digest());

/** The leaf hash of a record: SHA-256(0x00 || its 32-byte chain hash), RFC 9162's leaf hash. */
export const leafOf = (recordHash: string): Uint8Array => leafHash(sha256, fromHex(recordHash));
