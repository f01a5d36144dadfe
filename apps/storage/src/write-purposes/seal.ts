// The content of held statements at rest (docs/privacy-operations.md "Write purposes"): AES-256-GCM under a key of
// the tenant, derived (HKDF-SHA256) from the hold key (CUSTOS_HOLD_KEY, or the audit pseudonym key when unset).
// The statement id and the tenant are bound in as associated data, so a sealed payload cannot be moved to another
// statement or tenant and still open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The tenant's 256-bit hold key, from the installation's hold key (32+ bytes). */
export const tenantHoldKey = (holdKey: Buffer, tenantId: string): Buffer =>
  Buffer.from(hkdfSync('sha256', holdKey, Buffer.alloc(0), `custos held statements v1:${tenantId}`, 32));

const aad = (tenantId: string, statementId: string) =>
  Buffer.from(`${tenantId}:${statementId.toLowerCase()}`);

/** IV ‖ tag ‖ ciphertext of the statement's JSON. */
export function sealStatement(
  key: Buffer,
  tenantId: string,
  statementId: string,
  payload: Record<string, unknown>,
): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(tenantId, statementId));
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The statement sealed by sealStatement; throws when the key, tenant or id differ or the bytes were altered. */
export function openStatement(
  key: Buffer,
  tenantId: string,
  statementId: string,
  sealed: Buffer,
): Record<string, unknown> {
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(aad(tenantId, statementId));
  decipher.setAuthTag(tag);
  const json = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  return JSON.parse(json.toString('utf8')) as Record<string, unknown>;
}
