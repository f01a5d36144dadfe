// A forwarding target's secret at rest (its Basic secret, OAuth client secret or webhook secret): AES-256-GCM under
// the installation's forwarding key (CUSTOS_FORWARDING_KEY; when unset, derived with HKDF-SHA256 from the key people's
// tokens are signed with, which every consent replica holds and standalone keeps in its data directory). The tenant
// and the target id are bound in as associated data, so a sealed secret cannot be moved to another target.
import { hkdfSync } from 'node:crypto';

import { open, seal } from '@custos/platform';

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

const aad = (tenantId: string, targetId: string) => `forwarding:${tenantId}:${targetId}`;

/** IV ‖ tag ‖ ciphertext of the secret. */
export function sealSecret(key: Buffer, tenantId: string, targetId: string, secret: string): Buffer {
  return seal(key, aad(tenantId, targetId), Buffer.from(secret, 'utf8'));
}

/** The secret sealed by sealSecret; throws when the key, tenant or target differ or the bytes were altered. */
export function openSecret(key: Buffer, tenantId: string, targetId: string, sealed: Buffer): string {
  return open(key, aad(tenantId, targetId), sealed).toString('utf8');
}

/** Milliseconds to wait after the `attempts`-th failure in a row: doubling from `baseMs`, at most `maxMs`. */
export const backoffMs = (attempts: number, baseMs: number, maxMs: number): number =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
