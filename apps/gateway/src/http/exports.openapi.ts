// The OpenAPI description of ./exports.controller.ts (see ./openapi-route.ts).
import { ExportDocumentV1, ReadExportReplyV1 } from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import type { ExportLine } from './export-stream.js';
import { ADMIN, documentRoute, LEARNER, named } from './openapi-route.js';

/** One line of an NDJSON export, as export-stream.ts writes it (checked below at compile time). */
const ExportLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('statement'), statement: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('attachment'), attachment: ReadExportReplyV1.shape.attachments.element }),
  z.object({ type: z.literal('document'), document: ExportDocumentV1 }),
  z.object({
    type: z.literal('end'),
    statements: z.number(),
    documents: z.number(),
    attachments: z.number(),
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
    summary: 'Every record about the signed-in learner, as NDJSON (right of access and portability)',
    description: `${LEARNER} ${END}`,
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
