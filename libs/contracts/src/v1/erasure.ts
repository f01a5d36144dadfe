// Erasure of a person (GDPR Art. 17; docs/adr/0013-erasure-and-crypto-shredding.md, docs/privacy-operations.md):
// the HTTP bodies and views of /api/v1/people/:id/erasure, /api/v1/me/erasure-requests and /api/v1/erasures/:id,
// the requests the gateway sends consent, and the two steps consent asks storage to carry out. Learners travel
// to storage only as identifier hashes, never as identifiers.
import { z } from 'zod';

import { PrincipalV1 } from './principal.js';

/**
 * Where an erasure is:
 * - `waiting`: a learner's own request inside its grace period (`dueAt`); the learner may cancel it, an admin
 *   may approve it at once;
 * - `approved`: to be carried out (an admin asked, an admin approved, or the grace period ran out);
 * - `running`: being carried out; `progress.step` says which step, and a crash resumes there;
 * - `blocked`: not carried out — a legal obligation or a legal hold covers some of the person's records
 *   (`blockers` says which and why); nothing was changed;
 * - `completed`: done; `completion` is the signed completion record;
 * - `cancelled`: withdrawn by the learner inside the grace period.
 */
export const ErasureStateV1 = z.enum(['waiting', 'approved', 'running', 'blocked', 'completed', 'cancelled']);
export type ErasureStateV1 = z.infer<typeof ErasureStateV1>;

/** Why an erasure was blocked or narrowed. */
export const ErasureBlockerV1 = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('legal-obligation'),
    policyId: z.string(),
    policyVersion: z.number().int(),
    purposeCode: z.string(),
    purposeText: z.string(),
    /** How many of the person's statements the policy's scope covers. */
    statements: z.number().int().min(0),
  }),
  z.object({
    kind: z.literal('legal-hold'),
    holdId: z.string(),
    reason: z.string(),
    /** When the hold ends; absent while it has no end. */
    until: z.string().optional(),
  }),
]);
export type ErasureBlockerV1 = z.infer<typeof ErasureBlockerV1>;

/** The stable stand-in for the person in statements about others (one per erasure). */
export const ErasedAgentV1 = z.object({ homePage: z.string(), name: z.string() });
export type ErasedAgentV1 = z.infer<typeof ErasedAgentV1>;

/** What storage removed and rewrote. */
export const StorageErasureCountsV1 = z.object({
  /** Statements whose only data subject was the person: deleted. */
  statementsDeleted: z.number().int().min(0),
  /** Statements about others that mentioned the person: rewritten with the placeholder. */
  statementsPseudonymised: z.number().int().min(0),
  /** Statements kept as they are because a legal obligation covers them (a narrowed erasure). */
  statementsRetained: z.number().int().min(0),
  stateDocumentsDeleted: z.number().int().min(0),
  agentProfileDocumentsDeleted: z.number().int().min(0),
  /** Attachment data no remaining statement refers to. */
  attachmentsDeleted: z.number().int().min(0),
});
export type StorageErasureCountsV1 = z.infer<typeof StorageErasureCountsV1>;

/** What consent removed. */
export const ConsentErasureCountsV1 = z.object({
  person: z.number().int().min(0),
  agentLinks: z.number().int().min(0),
  roles: z.number().int().min(0),
  groupMemberships: z.number().int().min(0),
  grants: z.number().int().min(0),
  objections: z.number().int().min(0),
  receipts: z.number().int().min(0),
  signInRecords: z.number().int().min(0),
});
export type ConsentErasureCountsV1 = z.infer<typeof ConsentErasureCountsV1>;

/**
 * The completion record: signed by storage with the audit signing key (Ed25519 over the canonical JSON of
 * `record`), and appended to the tenant's audit log as `erasure.complete`. It names the person only by their
 * Custos id (a random UUID that, once the person is erased, belongs to nobody) and no identifier or hash.
 */
export const ErasureCompletionRecordV1 = z.object({
  type: z.literal('custos.erasure.v1.completion'),
  erasureId: z.uuid(),
  tenantId: z.string(),
  personId: z.uuid(),
  requestedBy: z.enum(['admin', 'self']),
  requestedAt: z.iso.datetime(),
  /** A person id (the admin who asked or approved), or `grace-period` when a learner's request ran its course. */
  approvedBy: z.string(),
  completedAt: z.iso.datetime(),
  placeholder: ErasedAgentV1,
  removed: StorageErasureCountsV1.omit({ statementsPseudonymised: true, statementsRetained: true }).extend(
    ConsentErasureCountsV1.shape,
  ),
  pseudonymised: z.object({ statements: z.number().int().min(0) }),
  /** A narrowed erasure: what was kept, and under which legal obligation. */
  retained: z.array(ErasureBlockerV1),
});
export type ErasureCompletionRecordV1 = z.infer<typeof ErasureCompletionRecordV1>;

export const SignedErasureCompletionV1 = z.object({
  record: ErasureCompletionRecordV1,
  algorithm: z.literal('Ed25519'),
  /** The audit signing key's id (docs/audit.md "Keys"): the same key signs the log's tree heads. */
  publicKeyId: z.string(),
  /** Base64 Ed25519 signature over the canonical JSON of `record`. */
  signature: z.string(),
});
export type SignedErasureCompletionV1 = z.infer<typeof SignedErasureCompletionV1>;

export const ErasureViewV1 = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  state: ErasureStateV1,
  requestedBy: z.enum(['admin', 'self']),
  requestedAt: z.iso.datetime(),
  /** A learner's request: when it is carried out unless cancelled or approved before. */
  dueAt: z.iso.datetime().optional(),
  /** Keep the statements a legal obligation covers instead of blocking (asked by an admin). */
  narrow: z.boolean(),
  blockers: z.array(ErasureBlockerV1),
  progress: z.object({
    step: z.enum(['none', 'storage', 'consent', 'seal', 'done']),
    updatedAt: z.iso.datetime(),
  }),
  completion: SignedErasureCompletionV1.optional(),
});
export type ErasureViewV1 = z.infer<typeof ErasureViewV1>;

/** The body of POST /api/v1/people/:id/erasure. */
export const CreateErasureBodyV1 = z
  .object({
    /** Erase what no legal obligation covers and keep the rest, instead of blocking the whole erasure. */
    narrow: z.boolean().optional(),
  })
  .strict();
export type CreateErasureBodyV1 = z.infer<typeof CreateErasureBodyV1>;

export const CreateErasureV1 = z.object({
  principal: PrincipalV1,
  personId: z.uuid(),
  body: CreateErasureBodyV1,
});
export type CreateErasureV1 = z.infer<typeof CreateErasureV1>;

export const RequestOwnErasureV1 = z.object({
  principal: PrincipalV1,
  /** Made by a guardian for this learner (a minor linked to them); absent: the principal's own. */
  learnerId: z.string().min(1).optional(),
});
export type RequestOwnErasureV1 = z.infer<typeof RequestOwnErasureV1>;

export const ErasureByIdV1 = z.object({ principal: PrincipalV1, erasureId: z.uuid() });
export type ErasureByIdV1 = z.infer<typeof ErasureByIdV1>;

export const ErasureReplyV1 = z.object({ erasure: ErasureViewV1 });
export type ErasureReplyV1 = z.infer<typeof ErasureReplyV1>;

export const ListOwnErasuresV1 = z.object({ principal: PrincipalV1 });
export type ListOwnErasuresV1 = z.infer<typeof ListOwnErasuresV1>;

export const ListErasuresReplyV1 = z.object({ erasures: z.array(ErasureViewV1) });
export type ListErasuresReplyV1 = z.infer<typeof ListErasuresReplyV1>;

/** A legal-obligation policy's scope as an access filter, for storage to count the person's statements in it. */
export const ObligationScopeV1 = z.object({
  policyId: z.string(),
  policyVersion: z.number().int(),
  purposeCode: z.string(),
  purposeText: z.string(),
  /** An AccessFilter (@custos/authz); storage checks its shape before compiling it. */
  filter: z.unknown(),
});
export type ObligationScopeV1 = z.infer<typeof ObligationScopeV1>;

/**
 * consent → storage: erase the statements, documents and attachments of the data subject with these identifier
 * hashes. Idempotent per `erasureId`: a repeated request answers what the first one did. With `dryRun`, only
 * counts the statements the obligations cover and changes nothing.
 */
export const EraseLearnerRecordsV1 = z.object({
  tenantId: z.string().min(1),
  erasureId: z.uuid(),
  /**
   * The person erased (a random id, nothing personal): kept in the key store's record of the erasure, which outlives a
   * restore of older data (docs/operations.md "Backups and erasure"). Absent from older senders.
   */
  personId: z.uuid().optional(),
  /** Empty for a person with no linked identifier: nothing to erase in storage, but the step still runs. */
  subjectIfiHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
  placeholder: ErasedAgentV1,
  obligations: z.array(ObligationScopeV1),
  /** `block`: change nothing when an obligation covers any statement; `retain`: keep those, erase the rest. */
  onObligation: z.enum(['block', 'retain']),
  dryRun: z.boolean(),
});
export type EraseLearnerRecordsV1 = z.infer<typeof EraseLearnerRecordsV1>;

export const EraseLearnerRecordsReplyV1 = z.object({
  outcome: z.enum(['erased', 'blocked', 'checked']),
  /** Per obligation that covers at least one statement. */
  covered: z.array(ErasureBlockerV1),
  counts: StorageErasureCountsV1,
});
export type EraseLearnerRecordsReplyV1 = z.infer<typeof EraseLearnerRecordsReplyV1>;

/**
 * consent → storage: sign the completion record with the audit signing key and append it to the tenant's log, in
 * one transaction. Idempotent per erasure: a repeated request answers the record signed the first time.
 */
export const SealErasureV1 = z.object({
  record: ErasureCompletionRecordV1,
});
export type SealErasureV1 = z.infer<typeof SealErasureV1>;

export const SealErasureReplyV1 = z.object({ completion: SignedErasureCompletionV1 });
export type SealErasureReplyV1 = z.infer<typeof SealErasureReplyV1>;
