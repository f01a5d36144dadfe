// The OpenAPI description of ./records-of-processing.controller.ts (see ./openapi-route.ts).
import { RecordsOfProcessingV1 } from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { documentRoute, named, param } from './openapi-route.js';

export function documentRecordsOfProcessing(registry: OpenAPIRegistry): void {
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/records-of-processing',
    operationId: 'getRecordsOfProcessing',
    tag: 'privacy',
    summary: "The tenant's records of processing (GDPR Art. 30)",
    description:
      'For the admins and auditors of the tenant (403 for anyone else). One processing activity per current ' +
      'institution policy: purpose, lawful basis, recipients, categories of data (the statements in its scope, the ' +
      'parts disclosed and removed), the retention rules that reach them; the retention rules; the safeguards ' +
      'Custos applies. Built when asked; no learner data.',
    auth: 'person',
    query: z.object({
      format: param(
        z.enum(['json', 'markdown', 'html']),
        'json (default), markdown, or html (a standalone page)',
      ).optional(),
    }),
    ok: {
      status: 200,
      description: 'The records of processing',
      json: named('RecordsOfProcessing', RecordsOfProcessingV1),
      documents: {
        'text/markdown': 'The same, as Markdown (format=markdown)',
        'text/html': 'The same, as a standalone HTML page without scripts (format=html)',
      },
    },
    errors: [403],
  });
}
