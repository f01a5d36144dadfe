// Statement messages: the write path (gateway -> ingest -> storage) and the read path
// (gateway -> query -> storage).
import { z } from 'zod';

import { AttachmentPartV1 } from './attachments.js';
import { AccessVersionV1, PrincipalV1, principalIdOf } from './principal.js';

const XapiVersion = z.enum(['1.0.3', '2.0.0']);
/** A statement as JSON. Ingest validated it strictly; receivers re-check only cheap invariants. */
const StatementJson = z.record(z.string(), z.unknown());

export const IngestStatementsV1 = z.object({
  principal: PrincipalV1,
  version: XapiVersion,
  /** The request body as parsed JSON: one statement or an array. */
  body: z.unknown(),
  /** Set for PUT /statements?statementId=. */
  statementId: z.string().optional(),
  /** The attachment parts of a multipart/mixed body (Communication §1.5.2), after the first. */
  attachments: z.array(AttachmentPartV1).optional(),
});
export type IngestStatementsV1 = z.infer<typeof IngestStatementsV1>;

export const IngestStatementsReplyV1 = z.object({ ids: z.array(z.string()) });
export type IngestStatementsReplyV1 = z.infer<typeof IngestStatementsReplyV1>;

export const StoreStatementsV1 = z.object({
  tenantId: z.string().min(1),
  /** The credential that wrote these statements (drives statements/read/mine). */
  authorityCredentialId: z.string().uuid(),
  statements: z
    .array(
      StatementJson.refine((s) => typeof s.id === 'string' && typeof s.stored === 'string' && !!s.authority),
    )
    .min(1),
  /** Attachment data the statements reference, stored in the same transaction. */
  attachments: z.array(AttachmentPartV1).optional(),
  /** One per ingest request: names the write in the audit log (storage makes one up when absent). */
  batchId: z.uuid().optional(),
  /**
   * The writer holds the xAPI `define` scope (or `all`): the Activity definitions these statements carry update
   * the LRS's canonical ones (docs/access-model.md "Activity definitions"). Absent: they do not.
   */
  definesActivities: z.boolean().optional(),
  /**
   * The writer is bound to this policy's purpose: storage decides, per statement, whether its data subjects have
   * a basis under it, and rejects, holds or pseudonymises as the policy says. Absent: accepted as they come.
   */
  writePolicyId: z.uuid().optional(),
});
export type StoreStatementsV1 = z.infer<typeof StoreStatementsV1>;

export const StoreStatementsReplyV1 = z.object({ ids: z.array(z.string()) });
export type StoreStatementsReplyV1 = z.infer<typeof StoreStatementsReplyV1>;

/** The xAPI GET /statements query as it arrived (strings), plus the caller. */
export const FindStatementsV1 = z.object({
  principal: PrincipalV1,
  version: XapiVersion,
  params: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  acceptLanguages: z.array(z.string()).default([]),
});
export type FindStatementsV1 = z.infer<typeof FindStatementsV1>;

export const FindStatementsReplyV1 = z.object({
  /** Set for statementId / voidedStatementId look-ups. */
  statement: StatementJson.optional(),
  statements: z.array(StatementJson).optional(),
  /** Opaque cursor for the next page; the gateway turns it into a `more` URL. */
  more: z.string().optional(),
  consistentThrough: z.string(),
  lastModified: z.string().optional(),
  /** Set when `attachments=true` was asked: the data of the attachments these statements reference. */
  attachments: z.array(AttachmentPartV1).optional(),
});
export type FindStatementsReplyV1 = z.infer<typeof FindStatementsReplyV1>;

const AccessFilterJson = z.unknown();

/** Parsed query, already stripped of raw learner identifiers (agent arrives as a hash). */
export const StatementQueryV1 = z.object({
  statementId: z.string().optional(),
  voidedStatementId: z.string().optional(),
  agentIfiHash: z.string().optional(),
  verb: z.string().optional(),
  activity: z.string().optional(),
  registration: z.string().optional(),
  relatedActivities: z.boolean(),
  relatedAgents: z.boolean(),
  since: z.string().optional(),
  until: z.string().optional(),
  limit: z.number().int().min(0),
  ascending: z.boolean(),
  /** Continue after this order key (from a `more` cursor). */
  afterSeq: z.string().optional(),
  /**
   * Forwarding (docs/flows.md): exactly these statements, voided or not, oldest first, of those the access filter
   * lets through and `forwardFilter` keeps; the other filters are not used with it.
   */
  statementIds: z.array(z.string()).max(500).optional(),
  forwardFilter: z
    .object({
      verbs: z.array(z.string()).max(50).optional(),
      activityPrefixes: z.array(z.string()).max(50).optional(),
      registrations: z.array(z.string()).max(50).optional(),
    })
    .optional(),
});
export type StatementQueryV1 = z.infer<typeof StatementQueryV1>;

export const AuditContextV1 = z.object({
  principalId: z.string(),
  action: z.string(),
  /** What was asked, with learner identifiers already replaced by hashes. */
  query: z.record(z.string(), z.unknown()),
  /** The gateway's request id (x-request-id), so a record can be matched with the request's logs. */
  requestId: z.string().optional(),
  /** 'credential' | 'person' | 'system' | 'anonymous' (docs/audit.md). */
  principalKind: z.enum(['credential', 'person', 'system', 'anonymous']).optional(),
  /** What was accessed or changed: 'statements', 'documents/state', 'agents', 'export', 'policy', … */
  resource: z.string().optional(),
  /**
   * The parts of the principal's access that allow the request, as far as the asking side knows them
   * (`AuditBasis` of @custos/authz); recorded only when allowed. Storage replaces it where its SQL knows better.
   */
  basis: z.array(z.record(z.string(), z.unknown())).optional(),
  /** ifiHash of learners the request is known to concern (a document's agent, an export's learner). */
  learnerIfiHashes: z.array(z.string()).optional(),
});
export type AuditContextV1 = z.infer<typeof AuditContextV1>;

/** The audit context of a request of `principal` (docs/audit.md "What is recorded"). */
export const auditContextOf = (
  principal: PrincipalV1,
  action: string,
  resource: string,
  query: Record<string, unknown>,
  known: Pick<AuditContextV1, 'basis' | 'learnerIfiHashes'> = {},
): AuditContextV1 => ({
  principalId: principalIdOf(principal),
  principalKind: principal.kind,
  action,
  resource,
  query,
  ...known,
});

/**
 * A read source of the caller (an xAPI scope, self access, an institution policy) with the statements it
 * grants: storage names in the audit record those that allowed what it returned.
 */
export const ReadBasisSourceV1 = z.object({
  /** The source as the audit names it (`AuditBasis` of @custos/authz). */
  basis: z.record(z.string(), z.unknown()),
  filter: AccessFilterJson,
  /** `consent` policies: also name the grants of this policy that cover the returned statements. */
  grantsOfPolicy: z.uuid().optional(),
});
export type ReadBasisSourceV1 = z.infer<typeof ReadBasisSourceV1>;

/** A `RedactionPlan` of @custos/authz as it crosses the wire. */
export const RedactionPlanJson = z.object({
  whole: AccessFilterJson.nullable(),
  partial: z.array(z.object({ fields: z.array(z.string()), filter: AccessFilterJson })),
});

export const ReadStatementsV1 = z.object({
  tenantId: z.string().min(1),
  /** The caller's access, compiled from its CASL rules by @custos/authz; applied inside SQL. */
  accessFilter: AccessFilterJson,
  query: StatementQueryV1,
  audit: AuditContextV1,
  /** Also return the stored data of the attachments the readable statements reference. */
  attachments: z.boolean().optional(),
  /**
   * Set when a policy of the caller redacts: which statements are read whole, and per field rule which are
   * read with which parts removed (`RedactionPlan` of @custos/authz). Absent: every statement is whole.
   */
  redaction: RedactionPlanJson.optional(),
  /** The caller's read sources, for the audit record's basis. */
  basisSources: z.array(ReadBasisSourceV1).max(1000).optional(),
  /**
   * The tenant's access version the filter was built at (ADR 0011), when the caller keeps rules between reads:
   * the page query then checks it is still current, and answers `accessStale` instead of a page when it is not.
   */
  accessVersion: AccessVersionV1.optional(),
});
export type ReadStatementsV1 = z.infer<typeof ReadStatementsV1>;

export const ReadStatementsReplyV1 = z.object({
  statements: z.array(StatementJson),
  /** Order key of the last row when more rows exist beyond the limit. */
  nextAfterSeq: z.string().optional(),
  consistentThrough: z.string(),
  /** Set when asked for: attachment data of the statements in this page, and of no others. */
  attachments: z.array(AttachmentPartV1).optional(),
  /**
   * The request's `accessVersion` is no longer the tenant's: nothing was read or recorded, and the caller must
   * build its filter again from fresh rules (ADR 0011). `statements` is then empty.
   */
  accessStale: z.literal(true).optional(),
  /**
   * The page query checked the request's `accessVersion` (ADR 0011). A caller keeps rules only once storage said
   * so, and a reply to kept rules without it counts as stale: a storage that predates the check never gets them.
   */
  accessChecked: z.literal(true).optional(),
  /** With `query.statementIds`: the data subjects' identifier hashes of each returned statement, in order. */
  subjectIfiHashes: z.array(z.array(z.string())).optional(),
});
export type ReadStatementsReplyV1 = z.infer<typeof ReadStatementsReplyV1>;

export const StatementsStoredV1 = z.object({
  type: z.literal('custos.storage.v1.statements_stored'),
  messageId: z.string().uuid(),
  tenantId: z.string(),
  statementIds: z.array(z.string()),
  storedAt: z.string(),
});
export type StatementsStoredV1 = z.infer<typeof StatementsStoredV1>;
