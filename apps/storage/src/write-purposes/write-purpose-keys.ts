// The two keys of write purposes (docs/privacy-operations.md "Write purposes"), the same on every storage replica:
// the pseudonym key (the audit pseudonym key, with a separate domain in each HMAC) and the hold key that seals
// held statements (CUSTOS_HOLD_KEY; when unset, derived from the audit pseudonym key, so an installation that has
// not set it still works, and one that sets it keeps the two secrets apart).
import { hkdfSync } from 'node:crypto';

export interface WritePurposeKeys {
  pseudonymKey: Buffer;
  holdKey: Buffer;
}

export const WRITE_PURPOSE_KEYS = Symbol('WRITE_PURPOSE_KEYS');

/** Parses CUSTOS_HOLD_KEY (32+ bytes as hex); errors name the setting, never the secret. */
export function writePurposeKeysFrom(
  auditPseudonymKey: Buffer,
  holdKeyHex: string | undefined,
): WritePurposeKeys {
  if (holdKeyHex !== undefined && !/^(?:[0-9a-fA-F]{2}){32,}$/.test(holdKeyHex.trim())) {
    throw new Error('CUSTOS_HOLD_KEY must be at least 32 bytes as hex (openssl rand -hex 32)');
  }
  return {
    pseudonymKey: auditPseudonymKey,
    holdKey:
      holdKeyHex !== undefined
        ? Buffer.from(holdKeyHex.trim(), 'hex')
        : Buffer.from(hkdfSync('sha256', auditPseudonymKey, Buffer.alloc(0), 'custos hold key v1', 32)),
  };
}
