// The audit log is a hash chain per tenant: each record's hash covers its own canonical form
// and its predecessor's hash, so editing, deleting, inserting or reordering records breaks it.
import { createHash } from 'node:crypto';

import { canonicalJson } from '@custos/contracts';

/** One place for the rule (libs/contracts), re-exported where the chain's readers have always found it. */
export { canonicalJson };

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecordContent {
  tenantId: string;
  seq: string;
  at: string;
  principalId: string;
  action: string;
  query: Record<string, unknown>;
  decision: string;
  count: number;
  reason: string | null;
  prevHash: string;
  // Fields of the full record (docs/audit.md). Absent on records written before they existed, and then left
  // out of the canonical form, so those records keep their hashes.
  requestId?: string;
  principalKind?: string;
  resource?: string;
  returnedIds?: string[];
  returnedDigest?: string;
  basis?: Record<string, unknown>[];
  learnerKeys?: string[];
  eventId?: string;
}

/** Up to this many returned ids are kept in the record itself; beyond, only their digest. */
export const MAX_RECORDED_IDS = 100;

/** SHA-256 over the sorted ids, one per line: the same set always gives the same digest. */
export const digestOfIds = (ids: readonly string[]): string =>
  createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex');

export const hashAuditRecord = (record: AuditRecordContent): string =>
  createHash('sha256').update(canonicalJson(record)).digest('hex');

export interface ChainBreak {
  seq: string;
  reason: string;
}

/**
 * Checks one record against the previous one; returns why the link is broken, if it is.
 * `expectedSeq`/`expectedPrev` come from the record before it (or the genesis values).
 */
export function checkLink(
  record: AuditRecordContent & { hash: string },
  expectedSeq: bigint,
  expectedPrev: string,
): string | null {
  if (BigInt(record.seq) !== expectedSeq) return `expected record ${expectedSeq}, found ${record.seq}`;
  if (record.prevHash !== expectedPrev) return 'previous-hash link does not match the record before it';
  const { hash, ...content } = record;
  if (hashAuditRecord(content) !== hash) return 'content does not match its hash';
  return null;
}
