// `custos erasure status --public-key FILE`: checks an erasure's completion record against the audit signing
// key's public key, as a data-protection officer or auditor would, with nothing from the installation trusted.
import { type KeyObject, verify } from 'node:crypto';

import { canonicalJson, type SignedErasureCompletionV1 } from '@custos/contracts';

/** Whether `completion.signature` is an Ed25519 signature by `publicKey` over the canonical JSON of its record. */
export function completionSignatureValid(
  completion: SignedErasureCompletionV1,
  publicKey: KeyObject,
): boolean {
  const signature = Buffer.from(completion.signature, 'base64');
  // Ed25519 signatures are 64 bytes; anything else is not one.
  if (completion.algorithm !== 'Ed25519' || signature.length !== 64) return false;
  return verify(null, Buffer.from(canonicalJson(completion.record), 'utf8'), publicKey, signature);
}
