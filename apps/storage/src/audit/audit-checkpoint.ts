// Signed checkpoints of a tenant's audit chain (docs/audit.md "Verifying the log"). A checkpoint says "the
// record at `seq` had hash `hash`", signed with the Ed25519 key only storage holds. The signed message names the
// kind too: a `retention-start` checkpoint tells verification to start after it, so nobody who can write the
// database but lacks the key can turn a periodic checkpoint into one and have older records dropped unnoticed.
import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

import type { AuditCheckpointV1 } from '@custos/contracts';

import { canonicalJson } from './audit-chain.js';
import { type AuditKeys, publicKeyIdOf } from './audit-keys.js';
import type { AuditHead } from './audit.repository.js';

export type CheckpointKind = AuditCheckpointV1['kind'];

/** What a checkpoint's signature covers. */
export type CheckpointClaim = Pick<
  AuditCheckpointV1,
  'tenantId' | 'seq' | 'hash' | 'at' | 'kind' | 'treeSize' | 'rootHash'
>;

/**
 * The exact bytes signed: the canonical JSON (keys sorted, no spaces, UTF-8) of the claim. A signed tree head
 * (ADR 0010) also names the Merkle tree's size and root; checkpoints signed before the tree existed do not, and
 * keep verifying as they were signed.
 */
export const checkpointMessage = ({
  tenantId,
  seq,
  hash,
  at,
  kind,
  treeSize,
  rootHash,
}: CheckpointClaim): Buffer =>
  Buffer.from(
    canonicalJson({
      tenantId,
      seq,
      hash,
      at,
      kind,
      ...(treeSize !== undefined && { treeSize }),
      ...(rootHash !== undefined && { rootHash }),
    }),
    'utf8',
  );

export function signCheckpoint(
  keys: Pick<AuditKeys, 'signingKey' | 'publicKeyId'>,
  claim: CheckpointClaim,
): AuditCheckpointV1 {
  return {
    tenantId: claim.tenantId,
    seq: claim.seq,
    hash: claim.hash,
    at: claim.at,
    kind: claim.kind,
    ...(claim.treeSize !== undefined && { treeSize: claim.treeSize }),
    ...(claim.rootHash !== undefined && { rootHash: claim.rootHash }),
    publicKeyId: keys.publicKeyId,
    signature: sign(null, checkpointMessage(claim), keys.signingKey).toString('base64'),
  };
}

/** The public keys checkpoints are checked with, by key id. */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

export const trustedKeysOf = (publicKeys: readonly KeyObject[]): TrustedKeys =>
  new Map(publicKeys.map((key) => [publicKeyIdOf(key), key]));

/** Reads an Ed25519 public key (SPKI PEM) as an auditor keeps it; the error names the file, never its bytes. */
export function publicKeyFromPem(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(`${source} is not a PEM public key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${source} is not an Ed25519 public key`);
  return key;
}

export type SignatureCheck = 'valid' | 'bad-signature' | 'unknown-key';

export function checkSignature(trusted: TrustedKeys, checkpoint: AuditCheckpointV1): SignatureCheck {
  const key = trusted.get(checkpoint.publicKeyId);
  if (!key) return 'unknown-key';
  const signature = Buffer.from(checkpoint.signature, 'base64');
  // Ed25519 signatures are 64 bytes; anything else is not one (and `verify` would throw on some inputs).
  if (signature.length !== 64) return 'bad-signature';
  return verify(null, checkpointMessage(checkpoint), key, signature) ? 'valid' : 'bad-signature';
}

/** The head's signed tree head as a checkpoint; null before the tree has one (a new or still-migrating log). */
export function signedHeadOf(tenantId: string, head: AuditHead): AuditCheckpointV1 | null {
  if (!head.signed || head.rootHash === null || head.treeBase + head.treeSize !== head.seq) return null;
  return {
    tenantId,
    seq: head.seq.toString(),
    hash: head.hash,
    at: head.signed.at,
    kind: 'periodic',
    treeSize: head.treeSize.toString(),
    rootHash: head.rootHash,
    publicKeyId: head.signed.publicKeyId,
    signature: head.signed.signature,
  };
}
