// Learner data exports (DESIGN "Privacy operations": right of access / portability). The gateway streams
// NDJSON while it pages: query.v1.exports.start (authorise, audit, snapshot) then query.v1.exports.read
// until the cursor runs out; query asks consent who the learner is and storage for each page.
import { z } from 'zod';

import { LinkedAgentV1 } from './agents.js';
import { AttachmentPartV1 } from './attachments.js';
import { DocumentKindV1 } from './documents.js';
import { PersonPrincipalV1, PrincipalV1 } from './principal.js';
import { AuditContextV1 } from './statements.js';

const TenantId = z.string().min(1);
/** A bigint key (statement seq, document id) as decimal text. */
const Key = z.string().regex(/^\d{1,19}$/);
const Count = z.number().int().min(0);

/** Whose data: absent = the asking person themself (`/me/export`), else a person id (admin route). */
const ExportRequest = { principal: PrincipalV1, personId: z.string().uuid().optional() };

export const AuthorizeExportV1 = z.object(ExportRequest);
export type AuthorizeExportV1 = z.infer<typeof AuthorizeExportV1>;

export const AuthorizeExportReplyV1 = z.object({
  /**
   * The learner as a data subject: the principal whose self access (and nothing else: no roles beyond
   * `learner`, no groups, no institution policies) selects their records, over every linked identifier.
   */
  dataSubject: PersonPrincipalV1,
  /** The linked identifiers, so documents (addressed by hash) can name their agent. */
  agents: z.array(LinkedAgentV1),
});
export type AuthorizeExportReplyV1 = z.infer<typeof AuthorizeExportReplyV1>;

/** Where an export is: statements up to a seq snapshot, then documents up to an id snapshot. */
export const ExportCursorV1 = z.object({
  part: z.enum(['statements', 'documents']),
  /** Continue after this key of the part (0: from the start). */
  after: Key,
  throughSeq: Key,
  throughDocumentId: Key,
});
export type ExportCursorV1 = z.infer<typeof ExportCursorV1>;

export const StartExportV1 = z.object(ExportRequest);
export type StartExportV1 = z.infer<typeof StartExportV1>;

export const StartExportReplyV1 = z.object({
  personId: z.string().uuid(),
  /** What the snapshot holds (and the audit record counts). */
  statements: Count,
  documents: Count,
  cursor: ExportCursorV1,
});
export type StartExportReplyV1 = z.infer<typeof StartExportReplyV1>;

export const ReadExportV1 = z.object({ ...ExportRequest, cursor: ExportCursorV1 });
export type ReadExportV1 = z.infer<typeof ReadExportV1>;

/** A State or Agent Profile document of the learner, as an export line carries it. */
export const ExportDocumentV1 = z.object({
  kind: DocumentKindV1,
  activityId: z.string().optional(),
  /** The learner's identifier the document is addressed to. */
  agent: z.record(z.string(), z.unknown()).optional(),
  stateId: z.string().optional(),
  profileId: z.string().optional(),
  registration: z.string().optional(),
  contentType: z.string(),
  updated: z.string(),
  /** `json`: `content` is the parsed JSON value; `base64`: the exact bytes, base64. */
  encoding: z.enum(['json', 'base64']),
  content: z.unknown(),
});
export type ExportDocumentV1 = z.infer<typeof ExportDocumentV1>;

export const ReadExportReplyV1 = z.object({
  statements: z.array(z.record(z.string(), z.unknown())),
  /** Attachment data of this page's statements. */
  attachments: z.array(AttachmentPartV1),
  documents: z.array(ExportDocumentV1),
  /** Null when the export is complete. */
  next: ExportCursorV1.nullable(),
});
export type ReadExportReplyV1 = z.infer<typeof ReadExportReplyV1>;

/** storage: snapshot, count and audit in one transaction, before any data leaves. */
export const BeginExportV1 = z.object({
  tenantId: TenantId,
  /** The learner's self access to statements and to documents, compiled by @custos/authz. */
  statementFilter: z.unknown(),
  documentFilter: z.unknown(),
  audit: AuditContextV1,
});
export type BeginExportV1 = z.infer<typeof BeginExportV1>;

export const BeginExportReplyV1 = z.object({
  throughSeq: Key,
  throughDocumentId: Key,
  statements: Count,
  documents: Count,
});
export type BeginExportReplyV1 = z.infer<typeof BeginExportReplyV1>;

/** storage: one page of a part, in key order, after `after` and up to `through`. */
export const ReadExportPageV1 = z.object({
  tenantId: TenantId,
  part: z.enum(['statements', 'documents']),
  accessFilter: z.unknown(),
  after: Key,
  through: Key,
  limit: z.number().int().min(1).max(1000),
});
export type ReadExportPageV1 = z.infer<typeof ReadExportPageV1>;

export const StoredExportDocumentV1 = z.object({
  kind: DocumentKindV1,
  activityId: z.string().nullable(),
  agentIfiHash: z.string().nullable(),
  registration: z.string().nullable(),
  documentId: z.string(),
  contentType: z.string(),
  updated: z.string(),
  /** The exact bytes, base64. */
  content: z.base64(),
});
export type StoredExportDocumentV1 = z.infer<typeof StoredExportDocumentV1>;

export const ReadExportPageReplyV1 = z.object({
  statements: z.array(z.record(z.string(), z.unknown())),
  attachments: z.array(AttachmentPartV1),
  documents: z.array(StoredExportDocumentV1),
  /** The key of the last row when more rows follow (up to `through`). */
  next: Key.nullable(),
});
export type ReadExportPageReplyV1 = z.infer<typeof ReadExportPageReplyV1>;
