import { z } from 'zod';

import { PARTS } from '../callers.js';
import { PrincipalV1 } from './principal.js';
import { AuditContextV1 } from './statements.js';

export const AuditDecision = z.enum(['allow', 'deny']);

export const AppendAuditV1 = z.object({
  tenantId: z.string().min(1),
  audit: AuditContextV1,
  decision: AuditDecision,
  count: z.number().int().min(0),
  reason: z.string().optional(),
  /** The ids returned (statement ids, document ids, …); storage keeps them, or their digest when many. */
  returnedIds: z.array(z.string()).optional(),
  /** Why it was allowed: `{kind:'scope',scope}`, `{kind:'self'}`, `{kind:'policy',policyId,version,grantIds?}`, … */
  basis: z.array(z.record(z.string(), z.unknown())).optional(),
  /** ifiHash of each learner concerned; storage records only their pseudonymous keys. */
  learnerIfiHashes: z.array(z.string()).optional(),
  /** The event a record is made from, so a redelivered event is recorded once. */
  eventId: z.string().optional(),
});
export type AppendAuditV1 = z.infer<typeof AppendAuditV1>;

/** The record is written (durably, in the request's transaction) and sequenced into the chain soon after. */
export const AppendAuditReplyV1 = z.object({ recorded: z.literal(true) });
export type AppendAuditReplyV1 = z.infer<typeof AppendAuditReplyV1>;

export const VerifyAuditV1 = z.object({
  tenantId: z.string().min(1),
  /** Who asked (GET /api/v1/audit/verify): the verification is then recorded in the chain as `audit.verify`. */
  audit: AuditContextV1.optional(),
});
export type VerifyAuditV1 = z.infer<typeof VerifyAuditV1>;

/**
 * A signed checkpoint of a tenant's chain (docs/audit.md "Verifying the log"): the Ed25519 signature, base64, over
 * the canonical JSON of `{tenantId, seq, hash, at, kind}` (and `treeSize`, `rootHash` when present). `retention-start`: records up to `seq` were pruned and
 * the chain is verified from `seq + 1` on, with `hash` as the previous hash.
 */
export const AuditCheckpointV1 = z.object({
  tenantId: z.string().min(1),
  seq: z.string().regex(/^\d+$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
  kind: z.enum(['periodic', 'retention-start']),
  /**
   * A signed tree head (ADR 0010): the tenant's Merkle tree (RFC 9162) has `treeSize` leaves and this root (hex).
   * Absent on checkpoints signed before the tree existed. Leaf i is the record `seq - treeSize + i + 1`.
   */
  treeSize: z.string().regex(/^\d+$/).optional(),
  rootHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** First 16 hex characters of the SHA-256 of the signing key's public key (SPKI DER). */
  publicKeyId: z.string(),
  signature: z.string(),
});
export type AuditCheckpointV1 = z.infer<typeof AuditCheckpointV1>;

/** What is wrong with a checkpoint: its signature, its key, or the chain's record at its `seq`. */
export const CheckpointProblemV1 = z.object({
  seq: z.string(),
  kind: z.string(),
  problem: z.enum([
    'bad-signature',
    'unknown-key',
    'hash-mismatch',
    'root-mismatch',
    'missing-record',
    'other-tenant',
  ]),
  detail: z.string(),
});
export type CheckpointProblemV1 = z.infer<typeof CheckpointProblemV1>;

/** Verification of a set of checkpoints (the stored ones, or those an auditor kept). */
export const CheckpointSummaryV1 = z.object({
  total: z.number().int(),
  /** Signature verified (unless signatures were not checked) and the chain's record at `seq` has its hash. */
  valid: z.number().int(),
  /** Older than the retained part of the log (pruned): nothing left to compare them with. */
  beforeStart: z.number().int(),
  /** After the first broken link: not compared. */
  unchecked: z.number().int(),
  latestValid: AuditCheckpointV1.pick({ seq: true, hash: true, at: true, kind: true }).optional(),
  /** The first 100 problems, in chain order. */
  problems: z.array(CheckpointProblemV1),
});
export type CheckpointSummaryV1 = z.infer<typeof CheckpointSummaryV1>;

export const VerifyAuditReplyV1 = z.object({
  ok: z.boolean(),
  /** Records whose link and hash were checked. */
  checked: z.number().int(),
  headHash: z.string().optional(),
  /** The first broken link, in chain order: a record, or the checkpoint that the chain contradicts. */
  firstBroken: z.object({ seq: z.string(), reason: z.string() }).optional(),
  /** The first record verified: 1, or the one after the newest retention-start checkpoint. */
  startSeq: z.string().optional(),
  headSeq: z.string().optional(),
  /** `not-checked`: no public key was at hand, so checkpoints were compared with the chain but not authenticated. */
  signatures: z.enum(['checked', 'not-checked']).optional(),
  /** Ids of the public keys checkpoints were verified with. */
  publicKeyIds: z.array(z.string()).optional(),
  retentionStart: AuditCheckpointV1.pick({ seq: true, hash: true, at: true }).optional(),
  checkpoints: CheckpointSummaryV1.optional(),
  /** The checkpoints an auditor kept outside the system (`custos audit verify --checkpoints FILE`). */
  kept: CheckpointSummaryV1.optional(),
  /** Records written but not yet sequenced into the chain and tree (ADR 0010), and when the oldest was written. */
  sequencing: z.object({ pending: z.number().int(), oldestAt: z.string().nullable() }).optional(),
});
export type VerifyAuditReplyV1 = z.infer<typeof VerifyAuditReplyV1>;

/** A page of a tenant's checkpoints; `after` continues from a `next` cursor (`<seq>:<kind>`). */
export const ListAuditCheckpointsV1 = z.object({
  tenantId: z.string().min(1),
  order: z.enum(['asc', 'desc']),
  after: z.object({ seq: z.string().regex(/^\d+$/), kind: z.string() }).optional(),
  limit: z.number().int().min(1).max(1000),
  audit: AuditContextV1,
});
export type ListAuditCheckpointsV1 = z.infer<typeof ListAuditCheckpointsV1>;

export const ListAuditCheckpointsReplyV1 = z.object({
  checkpoints: z.array(AuditCheckpointV1),
  next: z.object({ seq: z.string(), kind: z.string() }).nullable(),
});
export type ListAuditCheckpointsReplyV1 = z.infer<typeof ListAuditCheckpointsReplyV1>;

/** Signs the chain head now (POST /api/v1/audit/checkpoints); the request's own record is covered. */
export const CreateAuditCheckpointV1 = z.object({ tenantId: z.string().min(1), audit: AuditContextV1 });
export type CreateAuditCheckpointV1 = z.infer<typeof CreateAuditCheckpointV1>;

export const AuditPublicKeyRequestV1 = z.object({ tenantId: z.string().min(1), audit: AuditContextV1 });
export type AuditPublicKeyRequestV1 = z.infer<typeof AuditPublicKeyRequestV1>;

/** The key checkpoints are signed with, for an auditor to keep outside the system. */
export const AuditPublicKeyV1 = z.object({
  algorithm: z.literal('Ed25519'),
  publicKeyId: z.string(),
  /** SPKI PEM. */
  publicKeyPem: z.string(),
});
export type AuditPublicKeyV1 = z.infer<typeof AuditPublicKeyV1>;

/** The same requests from the gateway, with the caller (query decides whether they may). */
export const AuditIntegrityRequestV1 = z.object({ principal: PrincipalV1 });
export type AuditIntegrityRequestV1 = z.infer<typeof AuditIntegrityRequestV1>;

export const ListCheckpointsRequestV1 = z.object({
  principal: PrincipalV1,
  /** The query string of GET /api/v1/audit/checkpoints: `order`, `limit`, `after`. */
  params: z.record(z.string(), z.string()),
});
export type ListCheckpointsRequestV1 = z.infer<typeof ListCheckpointsRequestV1>;

export const ListCheckpointsReplyV1 = z.object({
  checkpoints: z.array(AuditCheckpointV1),
  /** The `after` parameter of the next page; null on the last page. */
  next: z.string().nullable(),
});
export type ListCheckpointsReplyV1 = z.infer<typeof ListCheckpointsReplyV1>;

// A request a part refused because its principal was not signed by the gateway (ADR 0006): a security record in
// the chain of the tenant the message claims (docs/audit.md "Refused principals").
export const PrincipalRefusalReasonV1 = z.enum(['missing', 'forged', 'expired', 'retargeted', 'mismatch']);
export type PrincipalRefusalReasonV1 = z.infer<typeof PrincipalRefusalReasonV1>;

export const PRINCIPAL_REFUSED_ACTION = 'principal.refused';

/** storage.v1.audit.refusal: ingest's and query's refusals; storage's own are appended directly. */
export const RecordRefusalV1 = z.object({
  tenantId: z.string().min(1).max(128),
  /** The part that refused it. */
  part: z.enum(PARTS),
  subject: z.string().min(1).max(200),
  reason: PrincipalRefusalReasonV1,
  /** The id and kind of the principal the message claims; `anonymous` when it names none that can be read. */
  principalId: z.string().min(1).max(128),
  principalKind: z.enum(['credential', 'person', 'anonymous']),
  requestId: z.string().max(64).optional(),
  /** Refusals left unrecorded before this one to keep a flood out of the chain. */
  suppressed: z.number().int().min(1).optional(),
});
export type RecordRefusalV1 = z.infer<typeof RecordRefusalV1>;

export const RecordRefusalReplyV1 = z.object({ recorded: z.boolean() });
export type RecordRefusalReplyV1 = z.infer<typeof RecordRefusalReplyV1>;

/** What every part records for a refusal: the one place its shape is decided. No learner data. */
export const refusalRecordOf = (r: RecordRefusalV1) => ({
  principalId: r.principalId,
  principalKind: r.principalKind,
  action: PRINCIPAL_REFUSED_ACTION,
  resource: 'principal',
  query: {
    subject: r.subject,
    part: r.part,
    ...(r.suppressed !== undefined && { suppressed: r.suppressed }),
  },
  decision: 'deny' as const,
  reason: r.reason,
  ...(r.requestId !== undefined && { requestId: r.requestId }),
});

/**
 * A proof that a record is in a tenant's audit Merkle tree of `treeSize` leaves (RFC 9162 §2.1.3): its leaf is
 * SHA-256(0x00 || the record's chain hash), at `leafIndex`; `path` is the audit path, hex, leaf to root.
 */
export const AuditInclusionProofV1 = z.object({
  seq: z.string().regex(/^\d+$/),
  leafIndex: z.string().regex(/^\d+$/),
  treeSize: z.string().regex(/^\d+$/),
  path: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
});
export type AuditInclusionProofV1 = z.infer<typeof AuditInclusionProofV1>;

/** That the tree of `to` leaves extends the tree of `from` leaves, unchanged (RFC 9162 §2.1.4). */
export const AuditConsistencyProofV1 = z.object({
  from: z.string().regex(/^\d+$/),
  to: z.string().regex(/^\d+$/),
  path: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
});
export type AuditConsistencyProofV1 = z.infer<typeof AuditConsistencyProofV1>;

/** GET /api/v1/audit/proof: `seq` (inclusion of that record) or `from` (consistency since that tree size). */
export const AuditProofRequestV1 = z.object({
  tenantId: z.string().min(1),
  audit: AuditContextV1,
  /** Tree size the proof is against; absent: the newest signed tree head. */
  treeSize: z.string().regex(/^\d+$/).optional(),
  seq: z.string().regex(/^\d+$/).optional(),
  from: z.string().regex(/^\d+$/).optional(),
});
export type AuditProofRequestV1 = z.infer<typeof AuditProofRequestV1>;

export const AuditProofV1 = z.object({
  /** The newest signed tree head, when the proof is against it. */
  treeHead: AuditCheckpointV1.optional(),
  inclusion: AuditInclusionProofV1.extend({ recordHash: z.string() }).optional(),
  consistency: AuditConsistencyProofV1.optional(),
});
export type AuditProofV1 = z.infer<typeof AuditProofV1>;

export const AuditProofParamsV1 = z.object({
  principal: PrincipalV1,
  /** The query string of GET /api/v1/audit/proof. */
  params: z.record(z.string(), z.string()),
});
export type AuditProofParamsV1 = z.infer<typeof AuditProofParamsV1>;
