// The content of held statements at rest (docs/privacy-operations.md "Write purposes"): AES-256-GCM under a key of
// the tenant, derived (HKDF-SHA256) from the hold key (CUSTOS_HOLD_KEY, or the audit pseudonym key when unset).
// The statement id and the tenant are bound in as associated data, so a sealed payload cannot be moved to another
// statement or tenant and still open.
import { hkdfSync } from 'node:crypto';

import { open, seal } from '../sealing/index.js';

/** The tenant's 256-bit hold key, from the installation's hold key (32+ bytes). */
export const tenantHoldKey = (holdKey: Buffer, tenantId: string): Buffer =>
  Buffer.from(hkdfSync('sha256', holdKey, Buffer.alloc(0), `custos held statements v1:${tenantId}`, 32));

const aad = (tenantId: string, statementId: string) => `${tenantId}:${statementId.toLowerCase()}`;

/** IV ‖ tag ‖ ciphertext of the statement's JSON. */
export function sealStatement(
  key: Buffer,
  tenantId: string,
  statementId: string,
  payload: Record<string, unknown>,
): Buffer {
  return seal(key, aad(tenantId, statementId), Buffer.from(JSON.stringify(payload), 'utf8'));
}

/** The statement sealed by sealStatement; throws when the key, tenant or id differ or the bytes were altered. */
export function openStatement(
  key: Buffer,
  tenantId: string,
  statementId: string,
  sealed: Buffer,
): Record<string, unknown> {
  const json = open(key, aad(tenantId, statementId), sealed);
  return JSON.parse(json.toString('utf8')) as Record<string, unknown>;
}
