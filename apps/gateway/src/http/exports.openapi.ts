// The OpenAPI description of ./exports.controller.ts (see ./openapi-route.ts).
import {
  AccessLogEntryV1,
  AuditCheckpointV1,
  ConsentReceiptV1,
  EffectiveAccessEntryV1,
  ExportDocumentV1,
  ReadExportReplyV1,
} from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import type { ExportLine } from './export-stream.js';
import { ADMIN, documentRoute, LEARNER, named } from './openapi-route.js';

/** One line of an NDJSON export, as export-stream.ts writes it (checked below at compile time). */
const ExportLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('statement'), statement: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('attachment'), attachment: ReadExportReplyV1.shape.attachments.element }),
  z.object({ type: z.literal('document'), document: ExportDocumentV1 }),
  // The learner's own export only (the subject-access answer, subject-access.ts).
  z.object({ type: z.literal('access-rule'), access: EffectiveAccessEntryV1 }),
  z.object({ type: z.literal('receipt'), receipt: ConsentReceiptV1 }),
  z.object({ type: z.literal('access-log-head'), treeHead: AuditCheckpointV1, publicKeyPem: z.string() }),
  z.object({ type: z.literal('access'), entry: AccessLogEntryV1 }),
  z.object({
    type: z.literal('end'),
    statements: z.number(),
    documents: z.number(),
    attachments: z.number(),
    accessRules: z.number().optional(),
    receipts: z.number().optional(),
    accessLog: z.number().optional(),
  }),
]);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Fails to compile when the written line and the documented one differ.
const exportLineDocumented: Same<z.infer<typeof ExportLineSchema>, ExportLine> = true;
void exportLineDocumented;

const END = 'The last line is `end` with the counts; a stream without it broke off.';

export function documentExports(registry: OpenAPIRegistry): void {
  const ExportLine = named('ExportLine', ExportLineSchema);
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/me/export',
    operationId: 'exportMyRecords',
    tag: 'exports',
    summary: "The signed-in learner's subject-access answer, as NDJSON (right of access and portability)",
    description:
      `${LEARNER} Every record about them (statements, attachment data, State and Agent Profile documents), then ` +
      'who may read their records and why (`access-rule`, as GET /api/v1/me/effective-access), their consent ' +
      'receipts (`receipt`), and their access log (`access`, as GET /api/v1/me/access-log, each entry with its ' +
      'proof of inclusion in the `access-log-head` before it). ' +
      END,
    auth: 'person',
    ok: { status: 200, description: 'The records, one JSON value per line', ndjson: ExportLine },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/people/{id}/export',
    operationId: 'exportPersonRecords',
    tag: 'exports',
    summary: 'Every record about a person of the tenant, as NDJSON, on their request',
    description: `${ADMIN} ${END}`,
    auth: 'person',
    ok: { status: 200, description: 'The records, one JSON value per line', ndjson: ExportLine },
    errors: [403],
  });
}
