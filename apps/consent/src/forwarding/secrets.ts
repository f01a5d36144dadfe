// A forwarding target's secret at rest (its Basic secret, OAuth client secret or webhook secret): AES-256-GCM under
// the installation's forwarding key (CUSTOS_FORWARDING_KEY; when unset, derived with HKDF-SHA256 from the key people's
// tokens are signed with, which every consent replica holds and standalone keeps in its data directory). The tenant
// and the target id are bound in as associated data, so a sealed secret cannot be moved to another target.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The 256-bit key, from CUSTOS_FORWARDING_KEY (hex, 32+ bytes) or the token signing key; undefined: neither. */
export function forwardingKeyFrom(
  forwardingKeyHex: string | undefined,
  jwtPrivateKey: string | undefined,
): Buffer | undefined {
  if (forwardingKeyHex !== undefined) {
    if (!/^(?:[0-9a-fA-F]{2}){32,}$/.test(forwardingKeyHex.trim())) {
      throw new Error('CUSTOS_FORWARDING_KEY must be at least 32 bytes as hex (openssl rand -hex 32)');
    }
    return Buffer.from(
      hkdfSync(
        'sha256',
        Buffer.from(forwardingKeyHex.trim(), 'hex'),
        Buffer.alloc(0),
        'custos forwarding v1',
        32,
      ),
    );
  }
  if (jwtPrivateKey === undefined) return undefined;
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(jwtPrivateKey, 'utf8'),
      Buffer.alloc(0),
      'custos forwarding secrets v1',
      32,
    ),
  );
}

const aad = (tenantId: string, targetId: string) => Buffer.from(`forwarding:${tenantId}:${targetId}`);

/** IV ‖ tag ‖ ciphertext of the secret. */
export function sealSecret(key: Buffer, tenantId: string, targetId: string, secret: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(tenantId, targetId));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The secret sealed by sealSecret; throws when the key, tenant or target differ or the bytes were altered. */
export function openSecret(key: Buffer, tenantId: string, targetId: string, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES)).setAAD(
    aad(tenantId, targetId),
  );
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}

/** Milliseconds to wait after the `attempts`-th failure in a row: doubling from `baseMs`, at most `maxMs`. */
export const backoffMs = (attempts: number, baseMs: number, maxMs: number): number =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
