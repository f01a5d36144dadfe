// The content of one audit record (docs/audit.md "The record"), built from what a caller asked to append and
// where the record goes in its tenant's chain. Pure, so what the chain hashes is decided in one place.
import type { AppendAuditV1 } from '@custos/contracts';

import { type AuditRecordContent, digestOfIds, MAX_RECORDED_IDS } from './audit-chain.js';

/** Where the record goes: the next place of its tenant's chain, given by the sequencer (ADR 0010). */
export interface ChainPlace {
  seq: string;
  prevHash: string;
}

/** A record as its request writes it: everything but its place in the chain. */
export type PendingAuditRecord = Omit<AuditRecordContent, 'seq' | 'prevHash'>;

/**
 * The record of `entry`, written `at`. Returned ids are kept when at most {@link MAX_RECORDED_IDS}, their digest
 * always; learners (those of the audit context and those storage found) only as `learnerKey(ifiHash)`,
 * deduplicated and sorted, so the same learners give the same record; the basis only when allowed.
 * `requestId` is the request being handled when the caller did not name one. Fields without a value stay
 * absent, so they stay out of the canonical form.
 */
export function pendingRecordOf(
  entry: AppendAuditV1,
  at: string,
  learnerKey: (ifiHash: string) => string,
  requestId: string | undefined,
): PendingAuditRecord {
  const { audit } = entry;
  const ids = entry.returnedIds;
  const record: PendingAuditRecord = {
    tenantId: entry.tenantId,
    at,
    principalId: audit.principalId,
    action: audit.action,
    query: pseudonymisedQuery(audit.query, learnerKey),
    decision: entry.decision,
    count: entry.count,
    reason: entry.reason ?? null,
  };
  const request = audit.requestId ?? requestId;
  if (request !== undefined) record.requestId = request;
  if (audit.principalKind !== undefined) record.principalKind = audit.principalKind;
  if (audit.resource !== undefined) record.resource = audit.resource;
  if (ids !== undefined) {
    if (ids.length <= MAX_RECORDED_IDS) record.returnedIds = [...ids];
    record.returnedDigest = digestOfIds(ids);
  }
  // What storage found in SQL (entry) names the basis more precisely than the asking side (audit) could; a
  // denial has none.
  const basis = entry.basis ?? audit.basis;
  if (entry.decision === 'allow' && basis !== undefined) record.basis = basis;
  const learners = [...(audit.learnerIfiHashes ?? []), ...(entry.learnerIfiHashes ?? [])];
  if (audit.learnerIfiHashes !== undefined || entry.learnerIfiHashes !== undefined) {
    record.learnerKeys = [...new Set(learners.map(learnerKey))].sort();
  }
  if (entry.eventId !== undefined) record.eventId = entry.eventId;
  return record;
}

/** The record of `entry` at `place` in the chain: what the chain hashes. */
export function auditRecordOf(
  entry: AppendAuditV1,
  place: ChainPlace & { at: string },
  learnerKey: (ifiHash: string) => string,
  requestId: string | undefined,
): AuditRecordContent {
  return placed(pendingRecordOf(entry, place.at, learnerKey, requestId), place);
}

/** A pending record given its place. */
export const placed = (record: PendingAuditRecord, place: ChainPlace): AuditRecordContent => ({
  ...record,
  seq: place.seq,
  prevHash: place.prevHash,
});

/**
 * A query as the log keeps it. A learner identifier hash (`agentIfiHash`, `learnerIfiHash`, `agentIfiHashes`)
 * or a hashed username (`usernameHash`) is a plain SHA-256 anyone can test an e-mail address against, so it is
 * replaced by its keyed pseudonym (`agentKey`, `learnerKey`, `agentKeys`, `usernameKey`), the same key
 * `learner_keys` holds. One place, so no read or change path can put a testable identifier into the log.
 * Only top-level keys are rewritten: an audit query names learner hashes at its top level, as `…IfiHash(es)`.
 */
export function pseudonymisedQuery(
  query: Record<string, unknown>,
  learnerKey: (ifiHash: string) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    const hashed = /^(.*?)(IfiHash|Hash)(es)?$/.exec(name);
    if (hashed && (name.endsWith('IfiHash') || name.endsWith('IfiHashes') || name === 'usernameHash')) {
      const keyName = `${hashed[1]}Key${hashed[3] ? 's' : ''}`;
      out[keyName] = Array.isArray(value)
        ? (value as unknown[]).map((v) => (typeof v === 'string' ? learnerKey(v) : v))
        : typeof value === 'string'
          ? learnerKey(value)
          : value;
    } else {
      out[name] = value;
    }
  }
  return out;
}
