// Imported writes (docs/flows.md "Import from another LRS"): statements that another LRS (or another Custos)
// already stored, with their id and authority, written here as they are. Ingest validates them like a POST and
// refuses the invalid ones by name (not the whole batch); storage keeps their id and authority, gives them its own
// `stored` (xAPI 2.0 Data §2.4.8: the time this LRS stored them) and records where they came from in
// `storage.statement_provenance`.
import { z } from 'zod';

import { AttachmentPartV1 } from './attachments.js';
import { PrincipalV1 } from './principal.js';

/** Who carried the import out, as the audit names them: an admin, a learner, or the CLI (`system`). */
export const ImportedByV1 = z.object({
  principalId: z.string().min(1),
  principalKind: z.enum(['credential', 'person', 'system']),
});
export type ImportedByV1 = z.infer<typeof ImportedByV1>;

/** Where imported statements come from: the source (an xAPI endpoint URL or an issuer) and the import. */
export const ImportProvenanceV1 = z.object({
  /** The source LRS's xAPI endpoint, or the issuer of a signed archive. */
  source: z.string().min(1).max(2048),
  /** The import (job or archive) these statements arrived with. */
  importId: z.uuid(),
});
export type ImportProvenanceV1 = z.infer<typeof ImportProvenanceV1>;

/** A statement the import did not store, and why (invalid, or the id already stored with other content). */
export const ImportRefusalV1 = z.object({
  /** The statement's id as the source gave it; null when it had none. */
  id: z.string().nullable(),
  reason: z.string(),
});
export type ImportRefusalV1 = z.infer<typeof ImportRefusalV1>;

/** The outcome of one imported write: stored now, already stored with the same content, refused. */
export const ImportOutcomeV1 = z.object({
  imported: z.array(z.string()),
  skipped: z.array(z.string()),
  refused: z.array(ImportRefusalV1),
});
export type ImportOutcomeV1 = z.infer<typeof ImportOutcomeV1>;

/** The imported write as ingest takes it: statements as the source served them, not yet validated. */
export const ImportedWriteV1 = ImportProvenanceV1.extend({
  tenantId: z.string().min(1),
  importedBy: ImportedByV1,
  /** The statements as the source served them (each keeps its id, authority, stored and version). */
  statements: z.array(z.unknown()),
  /** Attachment data the source sent with them (multipart parts), by SHA-2. */
  attachments: z.array(AttachmentPartV1).optional(),
  /** Names the write in the audit log. */
  batchId: z.uuid().optional(),
});
export type ImportedWriteV1 = z.infer<typeof ImportedWriteV1>;

/**
 * `ingest.v1.statements.import`: an imported write asked for over the bus by a principal (the gateway checks and
 * ingest checks again that it may manage imports of the tenant).
 */
export const ImportStatementsV1 = z.object({
  principal: PrincipalV1,
  write: ImportedWriteV1,
});
export type ImportStatementsV1 = z.infer<typeof ImportStatementsV1>;

/** `storage.v1.statements.import`: validated statements with Custos's `stored`, and each one's original one. */
export const StoreImportedStatementsV1 = ImportProvenanceV1.extend({
  tenantId: z.string().min(1),
  importedBy: ImportedByV1,
  batchId: z.uuid(),
  statements: z
    .array(
      z.object({
        statement: z
          .record(z.string(), z.unknown())
          .refine((s) => typeof s.id === 'string' && typeof s.stored === 'string' && !!s.authority),
        /** The `stored` the source gave it (null when it had none). */
        originalStored: z.string().nullable(),
      }),
    )
    .min(1),
  attachments: z.array(AttachmentPartV1).optional(),
});
export type StoreImportedStatementsV1 = z.infer<typeof StoreImportedStatementsV1>;

// Import jobs (POST /api/v1/imports, `custos import`): paging through a source LRS's statements, with the
// cursor kept after every page so that an interrupted import resumes where it stopped.

export const ImportJobStateV1 = z.enum(['running', 'completed', 'failed']);
export type ImportJobStateV1 = z.infer<typeof ImportJobStateV1>;

/** At most this many refusals are kept with a job (all are counted). */
export const MAX_KEPT_REFUSALS = 1000;

/** An import job as admins follow it. */
export const ImportJobV1 = z.object({
  id: z.uuid(),
  tenantId: z.string(),
  /** The source's xAPI endpoint. */
  source: z.string(),
  startedBy: z.string(),
  state: ImportJobStateV1,
  /** Pages of the source read and written so far. */
  pages: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  refused: z.number().int(),
  /** The refused statements by id, with the reason (the first {@link MAX_KEPT_REFUSALS}). */
  refusals: z.array(ImportRefusalV1),
  /** Where the import goes on from: the source's `more` URL (null: from the start, or done). */
  cursor: z.object({ more: z.string().nullable(), consistentThrough: z.string().nullable() }),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ImportJobV1 = z.infer<typeof ImportJobV1>;

const ByPrincipal = z.object({ principal: PrincipalV1 });

/** `ingest.v1.imports.start`: the body of POST /api/v1/imports, for an admin of the tenant. */
export const StartImportBodyV1 = z.object({
  /** The source's xAPI endpoint, e.g. `https://lrs.example.org/xapi` (its `/statements` is read). */
  from: z.url({ protocol: /^https?$/ }).max(2048),
  key: z.string().min(1).max(1024),
  secret: z.string().min(1).max(4096),
});
export type StartImportBodyV1 = z.infer<typeof StartImportBodyV1>;
export const StartImportV1 = ByPrincipal.extend({ body: StartImportBodyV1 });
export type StartImportV1 = z.infer<typeof StartImportV1>;
export const ImportJobReplyV1 = z.object({ job: ImportJobV1 });
export type ImportJobReplyV1 = z.infer<typeof ImportJobReplyV1>;

/** `storage.v1.imports.get` / `.list`: an admin follows the tenant's imports. */
export const GetImportV1 = ByPrincipal.extend({ id: z.uuid() });
export type GetImportV1 = z.infer<typeof GetImportV1>;
export const ListImportsV1 = ByPrincipal;
export type ListImportsV1 = z.infer<typeof ListImportsV1>;
export const ListImportsReplyV1 = z.object({ jobs: z.array(ImportJobV1) });
export type ListImportsReplyV1 = z.infer<typeof ListImportsReplyV1>;

/**
 * `storage.v1.imports.begin`: the job of an import from `source` into the tenant. An unfinished one (running in a
 * process that died, or failed) is resumed from its cursor and taken over by the new runner; else a new one.
 */
export const BeginImportV1 = z.object({
  tenantId: z.string().min(1),
  source: z.string().min(1).max(2048),
  startedBy: z.string().min(1),
});
export type BeginImportV1 = z.infer<typeof BeginImportV1>;
export const BeginImportReplyV1 = z.object({ job: ImportJobV1, runner: z.uuid(), resumed: z.boolean() });
export type BeginImportReplyV1 = z.infer<typeof BeginImportReplyV1>;

/** `storage.v1.imports.progress`: a page done (its counts, the cursor after it), or the job failed or done. */
export const ImportProgressV1 = z.object({
  tenantId: z.string().min(1),
  id: z.uuid(),
  runner: z.uuid(),
  /** Counts of the page just written; absent when only the state changes. */
  page: z
    .object({
      imported: z.number().int().min(0),
      skipped: z.number().int().min(0),
      refusals: z.array(ImportRefusalV1),
    })
    .optional(),
  cursor: z.object({ more: z.string().nullable(), consistentThrough: z.string().nullable() }),
  state: ImportJobStateV1,
  error: z.string().max(2000).nullable().optional(),
});
export type ImportProgressV1 = z.infer<typeof ImportProgressV1>;
/** `current: false`: another runner took the job over; this one stops. */
export const ImportProgressReplyV1 = z.object({ current: z.boolean(), job: ImportJobV1.optional() });
export type ImportProgressReplyV1 = z.infer<typeof ImportProgressReplyV1>;
