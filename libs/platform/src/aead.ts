// AES-256-GCM, the one cipher Custos seals with: storage's held statements, data keys, agent tokens, statement
// content, documents and attachments; consent's forwarding secrets. The associated data names what a sealed value belongs to (its tenant, its statement, its key), so
// a value moved to another place does not open there.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** IV ‖ tag ‖ ciphertext of `plaintext` under the 256-bit `key`, bound to `aad`. A fresh random IV each time. */
export function seal(key: Buffer, aad: string, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** What {@link seal} sealed; throws when the key or `aad` differ or the bytes were altered. */
export function open(key: Buffer, aad: string, sealed: Buffer): Buffer {
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** {@link open}, or undefined when it does not open (a destroyed or wrong key: the caller's stand-in). */
export function tryOpen(key: Buffer, aad: string, sealed: Buffer): Buffer | undefined {
  try {
    return open(key, aad, sealed);
  } catch {
    return undefined;
  }
}
