// Document Resource messages (State, Activity Profile, Agent Profile): writes and deletes go
// gateway -> ingest -> storage, reads go gateway -> query -> storage. Document contents are arbitrary
// bytes and travel base64-encoded inside the JSON payloads.
import { z } from 'zod';

import { PrincipalV1 } from './principal.js';
import { AuditContextV1 } from './statements.js';

const XapiVersion = z.enum(['1.0.3', '2.0.0']);

export const DocumentKindV1 = z.enum(['state', 'activityProfile', 'agentProfile']);
export type DocumentKindV1 = z.infer<typeof DocumentKindV1>;

/** The `resource` of a document kind in the audit log (docs/audit.md). */
export const documentAuditResource = (kind: DocumentKindV1): string =>
  ({
    state: 'documents/state',
    activityProfile: 'documents/activity-profile',
    agentProfile: 'documents/agent-profile',
  })[kind];

/** The query string as it arrived (strings); the receiving part validates it. */
const RawParams = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** A document body: its bytes, base64, and the Content-Type it was written with. */
export const DocumentBodyV1 = z.object({
  contentType: z.string().min(1),
  content: z.base64(),
});
export type DocumentBodyV1 = z.infer<typeof DocumentBodyV1>;

/** PUT, POST or DELETE on a Document Resource, as the gateway received it. */
export const WriteDocumentV1 = z.object({
  principal: PrincipalV1,
  version: XapiVersion,
  kind: DocumentKindV1,
  method: z.enum(['PUT', 'POST', 'DELETE']),
  params: RawParams,
  /** The If-Match / If-None-Match header values, unparsed. */
  ifMatch: z.string().optional(),
  ifNoneMatch: z.string().optional(),
  /** Set for PUT and POST. */
  body: DocumentBodyV1.optional(),
});
export type WriteDocumentV1 = z.infer<typeof WriteDocumentV1>;

export const WriteDocumentReplyV1 = z.object({
  /** The ETag (unquoted) of the document after a PUT or POST. */
  etag: z.string().optional(),
});
export type WriteDocumentReplyV1 = z.infer<typeof WriteDocumentReplyV1>;

/**
 * Where a document lives. The agent is only the SHA-256 of its canonical identifier. `documentId` absent
 * means every document of the context (State DELETE); `registration` absent on such a request means
 * every registration, and on a single-document request the document without registration.
 */
export const DocumentAddressV1 = z.object({
  activityId: z.string().min(1).optional(),
  agentIfiHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** Lowercased; any 8-4-4-4-12 hex form (xAPI does not require an RFC 9562 variant). */
  registration: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    .optional(),
  documentId: z.string().min(1).optional(),
});
export type DocumentAddressV1 = z.infer<typeof DocumentAddressV1>;

const EntityTagConditionJson = z.union([
  z.object({ any: z.literal(true) }),
  z.object({
    any: z.literal(false),
    tags: z.array(z.object({ value: z.string(), weak: z.boolean() })).min(1),
  }),
]);

export const StoreDocumentV1 = z.object({
  tenantId: z.string().min(1),
  kind: DocumentKindV1,
  method: z.enum(['PUT', 'POST', 'DELETE']),
  address: DocumentAddressV1,
  /** Parsed If-Match / If-None-Match; storage evaluates them under the row lock. */
  preconditions: z.object({
    ifMatch: EntityTagConditionJson.optional(),
    ifNoneMatch: EntityTagConditionJson.optional(),
  }),
  /** Whether an existing document may only be replaced with a precondition (the versioned xAPI rule). */
  conflictWithoutPrecondition: z.boolean(),
  /** 1.0.3 profiles: a PUT without If-Match/If-None-Match is a 400 even for a new document. */
  preconditionRequired: z.boolean().optional(),
  body: DocumentBodyV1.optional(),
  /** Who writes: the write commits together with this audit record. */
  audit: AuditContextV1.optional(),
});
export type StoreDocumentV1 = z.infer<typeof StoreDocumentV1>;

export const StoreDocumentReplyV1 = z.object({
  etag: z.string().optional(),
  /** How many documents a DELETE removed. */
  deleted: z.number().int().min(0).optional(),
});
export type StoreDocumentReplyV1 = z.infer<typeof StoreDocumentReplyV1>;

/** GET on a Document Resource, as the gateway received it. */
export const FindDocumentsV1 = z.object({
  principal: PrincipalV1,
  version: XapiVersion,
  kind: DocumentKindV1,
  params: RawParams,
});
export type FindDocumentsV1 = z.infer<typeof FindDocumentsV1>;

export const StoredDocumentV1 = DocumentBodyV1.extend({
  etag: z.string(),
  updated: z.string(),
});
export type StoredDocumentV1 = z.infer<typeof StoredDocumentV1>;

export const FindDocumentsReplyV1 = z.object({
  /** Set when the request named one document. */
  document: StoredDocumentV1.optional(),
  /** Set for the multiple-document GET: the ids, newest first. */
  ids: z.array(z.string()).optional(),
  /** Latest update among the documents returned. */
  lastModified: z.string().optional(),
});
export type FindDocumentsReplyV1 = z.infer<typeof FindDocumentsReplyV1>;

export const ReadDocumentsV1 = z.object({
  tenantId: z.string().min(1),
  kind: DocumentKindV1,
  /** The caller's access to documents of this kind, compiled from its CASL rules; applied inside SQL. */
  accessFilter: z.unknown(),
  address: DocumentAddressV1,
  /** Multiple-document GET only: documents updated after this instant. */
  since: z.string().optional(),
  /** Set for learner data (State, Agent Profile): the read commits together with this audit record. */
  audit: AuditContextV1.optional(),
});
export type ReadDocumentsV1 = z.infer<typeof ReadDocumentsV1>;

export const ReadDocumentsReplyV1 = z.object({
  documents: z.array(
    z.object({
      documentId: z.string(),
      updated: z.string(),
      /** Only when the request named one document. */
      document: StoredDocumentV1.optional(),
    }),
  ),
});
export type ReadDocumentsReplyV1 = z.infer<typeof ReadDocumentsReplyV1>;
