// Reading the audit log (docs/audit.md "Auditor API", "Learners' access log"): the auditor's listing, export and
// statistics, and a learner's view of the accesses to their records. The gateway sends the raw query string to
// query, which decides with CASL and resolves the filter (a person to their identifier hashes, via consent);
// storage applies both in SQL and records the read in the same transaction.
import { z } from 'zod';

import { AuditCheckpointV1, AuditDecision, AuditInclusionProofV1 } from './audit.js';
import { PrincipalV1 } from './principal.js';
import { AuditContextV1 } from './statements.js';

const TenantId = z.string().min(1);
/** A record's place in its tenant's chain, as decimal text. */
const Seq = z.string().regex(/^\d{1,19}$/);
const Count = z.number().int().min(0);
const Instant = z.iso.datetime({ offset: true });

/**
 * One record exactly as stored: its canonical content (docs/audit.md "The chain") and its hash, so whoever reads
 * it can recompute the hash. A field that is empty in the table is absent. Loose, so that a field added to the
 * record later still reaches the auditor (the hash covers it) before this schema names it.
 */
export const AuditRecordV1 = z.looseObject({
  tenantId: z.string(),
  seq: Seq,
  at: z.string(),
  principalId: z.string(),
  principalKind: z.string().optional(),
  action: z.string(),
  resource: z.string().optional(),
  query: z.record(z.string(), z.unknown()),
  decision: z.string(),
  count: z.number().int(),
  reason: z.string().nullable(),
  returnedIds: z.array(z.string()).optional(),
  returnedDigest: z.string().optional(),
  basis: z.array(z.record(z.string(), z.unknown())).optional(),
  learnerKeys: z.array(z.string()).optional(),
  requestId: z.string().optional(),
  eventId: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditRecordV1 = z.infer<typeof AuditRecordV1>;

/** Newest first (`desc`, the default) or in chain order (`asc`). */
export const AuditOrderV1 = z.enum(['asc', 'desc']);
export type AuditOrderV1 = z.infer<typeof AuditOrderV1>;

/** Which records, resolved by query: every condition set must hold. */
export const AuditFilterV1 = z.object({
  /** Written after this instant (exclusive). */
  since: Instant.optional(),
  /** Written at or before this instant. */
  until: Instant.optional(),
  principalId: z.string().min(1).optional(),
  /** The record concerns one of these learners (identifier hashes; storage tests their keys). Empty: none. */
  learnerIfiHashes: z.array(z.string().min(1)).optional(),
  action: z.string().min(1).optional(),
  decision: AuditDecision.optional(),
  /** The basis names this institution policy. */
  policyId: z.string().min(1).optional(),
  /** The basis names this learner grant. */
  grantId: z.string().min(1).optional(),
});
export type AuditFilterV1 = z.infer<typeof AuditFilterV1>;

/** The raw query string of an /api/v1/audit or /api/v1/me/access-log request, one value per name. */
const AuditRequest = { principal: PrincipalV1, params: z.record(z.string(), z.string()) };

export const ListAuditRecordsV1 = z.object(AuditRequest);
export type ListAuditRecordsV1 = z.infer<typeof ListAuditRecordsV1>;

export const ListAuditRecordsReplyV1 = z.object({
  records: z.array(AuditRecordV1),
  /** The `cursor` parameter of the next page; null on the last page. */
  next: z.string().nullable(),
});
export type ListAuditRecordsReplyV1 = z.infer<typeof ListAuditRecordsReplyV1>;

/** Where an export is: the resolved filter, the snapshot and the last record written out. */
export const AuditExportCursorV1 = z.object({
  filter: AuditFilterV1,
  order: AuditOrderV1,
  /** The newest record when the export began: later records are not in it. */
  throughSeq: Seq,
  /** The last record written out; absent at the start. */
  position: Seq.optional(),
});
export type AuditExportCursorV1 = z.infer<typeof AuditExportCursorV1>;

export const StartAuditExportV1 = z.object(AuditRequest);
export type StartAuditExportV1 = z.infer<typeof StartAuditExportV1>;

export const StartAuditExportReplyV1 = z.object({
  /** How many records the export holds (and its audit record counts). */
  count: Count,
  cursor: AuditExportCursorV1,
});
export type StartAuditExportReplyV1 = z.infer<typeof StartAuditExportReplyV1>;

export const ReadAuditExportV1 = z.object({ principal: PrincipalV1, cursor: AuditExportCursorV1 });
export type ReadAuditExportV1 = z.infer<typeof ReadAuditExportV1>;

export const ReadAuditExportReplyV1 = z.object({
  records: z.array(AuditRecordV1),
  /** Null when the export is complete. */
  next: AuditExportCursorV1.nullable(),
});
export type ReadAuditExportReplyV1 = z.infer<typeof ReadAuditExportReplyV1>;

export const GetAuditStatsV1 = z.object(AuditRequest);
export type GetAuditStatsV1 = z.infer<typeof GetAuditStatsV1>;

export const AuditStatsV1 = z.object({
  /** How many records the figures are made of. */
  records: Count,
  /** Per principal: how many of its requests were allowed and how many denied. */
  principals: z.array(
    z.object({
      principalId: z.string(),
      /** Absent for records written before the log kept it. */
      principalKind: z.string().optional(),
      /** A credential's name, or a staff person's display name (else username); never a learner's. */
      name: z.string().optional(),
      allow: Count,
      deny: Count,
    }),
  ),
  /** Denials per calendar day (UTC), days without denials left out. */
  denialsPerDay: z.array(z.object({ day: z.iso.date(), denials: Count })),
  /**
   * Per institution policy: the allowed reads whose basis names it, and how many items they returned in all
   * (a read relying on several policies counts for each).
   */
  readsPerPolicy: z.array(z.object({ policyId: z.string(), reads: Count, items: Count })),
});
export type AuditStatsV1 = z.infer<typeof AuditStatsV1>;

export const GetAccessLogV1 = z.object(AuditRequest);
export type GetAccessLogV1 = z.infer<typeof GetAccessLogV1>;

/** One access to the learner's records, as the learner sees it: nothing about other learners. */
export const AccessLogEntryV1 = z.object({
  at: z.string(),
  principal: z.object({
    /** Absent for another learner: a learner's log never identifies other learners. */
    id: z.string().optional(),
    /** `credential`, `person`, `system` or `anonymous`; absent on records written before the log kept it. */
    kind: z.string().optional(),
    /** A staff person's display name (else username), a credential's name, or `another learner`. */
    name: z.string().optional(),
  }),
  action: z.string(),
  resource: z.string().optional(),
  decision: z.string(),
  /**
   * How many items the request returned — only when it concerned this learner alone: the count of a read that
   * also covered other learners would tell them something about those others.
   */
  count: Count.optional(),
  /** The rules that allowed it (grant ids left out: they may be other learners'). */
  basis: z.array(z.record(z.string(), z.unknown())),
  /**
   * That the record of this access is in the signed tree head of the reply (docs/audit.md "Proofs"): its chain
   * hash and audit path. Absent for a record the tree does not hold yet.
   */
  proof: AuditInclusionProofV1.extend({ recordHash: z.string() }).optional(),
});
export type AccessLogEntryV1 = z.infer<typeof AccessLogEntryV1>;

export const AccessLogReplyV1 = z.object({
  entries: z.array(AccessLogEntryV1),
  /** The tenant's newest signed tree head, which every entry's proof leads to, and the key it is signed with. */
  treeHead: AuditCheckpointV1.optional(),
  publicKeyPem: z.string().optional(),
  /** The `cursor` parameter of the next page; null on the last page. */
  next: z.string().nullable(),
});
export type AccessLogReplyV1 = z.infer<typeof AccessLogReplyV1>;

// Storage's side: the caller's access filter (CASL, compiled by @custos/authz) and the resolved filter, both
// applied in SQL; the read is recorded in the same transaction.
const StorageRead = {
  tenantId: TenantId,
  accessFilter: z.unknown(),
  filter: AuditFilterV1,
};

export const ReadAuditRecordsV1 = z.object({
  ...StorageRead,
  order: AuditOrderV1,
  /** Continue after this record (in `order`); absent: from the newest (desc) or the first (asc). */
  position: Seq.optional(),
  limit: z.number().int().min(1).max(1000),
  audit: AuditContextV1,
  /** Also prove each record's inclusion in the newest signed tree head (a learner's access log). */
  withProofs: z.boolean().optional(),
});
export type ReadAuditRecordsV1 = z.infer<typeof ReadAuditRecordsV1>;

export const ReadAuditRecordsReplyV1 = z.object({
  records: z.array(AuditRecordV1),
  /** The seq of the last record when more follow. */
  next: Seq.nullable(),
  /**
   * When the filter names learners: for each record, in order, whether it concerns those learners and nobody
   * else. A learner's access log shows a read's count only then — the count of a read that also covered other
   * learners says how much is recorded about them.
   */
  concernsOnlyThem: z.array(z.boolean()).optional(),
  /** With `withProofs`: the signed tree head and, per record in order, its inclusion proof (null: not in it). */
  proofs: z
    .object({
      treeHead: AuditCheckpointV1,
      publicKeyPem: z.string(),
      entries: z.array(AuditInclusionProofV1.nullable()),
    })
    .optional(),
});
export type ReadAuditRecordsReplyV1 = z.infer<typeof ReadAuditRecordsReplyV1>;

/** Fixes the snapshot, counts and records the export, before any record leaves. */
export const BeginAuditExportV1 = z.object({ ...StorageRead, audit: AuditContextV1 });
export type BeginAuditExportV1 = z.infer<typeof BeginAuditExportV1>;

export const BeginAuditExportReplyV1 = z.object({ throughSeq: Seq, count: Count });
export type BeginAuditExportReplyV1 = z.infer<typeof BeginAuditExportReplyV1>;

export const ReadAuditExportPageV1 = z.object({
  ...StorageRead,
  order: AuditOrderV1,
  position: Seq.optional(),
  throughSeq: Seq,
  limit: z.number().int().min(1).max(1000),
});
export type ReadAuditExportPageV1 = z.infer<typeof ReadAuditExportPageV1>;

export const ReadAuditStatsV1 = z.object({
  tenantId: TenantId,
  accessFilter: z.unknown(),
  since: Instant.optional(),
  until: Instant.optional(),
  audit: AuditContextV1,
});
export type ReadAuditStatsV1 = z.infer<typeof ReadAuditStatsV1>;

// Consent's side: a person's identifiers (the auditor's `person` filter) and the names of principals (the
// learner's access log).
export const PersonIdentifiersV1 = z.object({ tenantId: TenantId, personId: z.string().uuid() });
export type PersonIdentifiersV1 = z.infer<typeof PersonIdentifiersV1>;

export const PersonIdentifiersReplyV1 = z.object({
  /** ifiHash of every identifier linked to the person (an mbox in both its forms). */
  ifiHashes: z.array(z.string()),
});
export type PersonIdentifiersReplyV1 = z.infer<typeof PersonIdentifiersReplyV1>;

export const PrincipalNamesV1 = z.object({
  tenantId: TenantId,
  principalIds: z.array(z.string().min(1)).max(1000),
});
export type PrincipalNamesV1 = z.infer<typeof PrincipalNamesV1>;

export const PrincipalNamesReplyV1 = z.object({
  /** Those of the asked ids that are people or credentials of the tenant. */
  principals: z.array(z.object({ id: z.string(), kind: z.enum(['person', 'credential']), name: z.string() })),
});
export type PrincipalNamesReplyV1 = z.infer<typeof PrincipalNamesReplyV1>;
