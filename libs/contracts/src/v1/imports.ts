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
