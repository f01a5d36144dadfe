// The OpenAPI description of ./imports.controller.ts: import from another LRS (see ./openapi-route.ts).
import { ImportJobV1, StartImportBodyV1 } from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { ADMIN, documentRoute, named } from './openapi-route.js';

const JOB =
  '`state`: `running`, `completed` or `failed` (`error` says why; POST the same source again to resume from ' +
  '`cursor`). `imported`, `skipped` (already stored with the same content) and `refused` count statements; ' +
  '`refusals` names the refused ones with the reason (the first 1,000).';

export function documentImports(registry: OpenAPIRegistry): void {
  const Job = named('ImportJob', ImportJobV1);
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/imports',
    operationId: 'startImport',
    tag: 'imports',
    summary: "Imports another LRS's statements into this tenant (or resumes the import from that source)",
    description:
      `${ADMIN} \`from\` is the source's xAPI endpoint; \`key\` and \`secret\` a credential of the source that may ` +
      'read all its statements (they are not kept). The statements keep their ids and authority, their voids and ' +
      'attachments; the import runs in the background, page by page, and resumes from the last page written. ' +
      JOB,
    auth: 'person',
    body: named('StartImport', StartImportBodyV1),
    ok: { status: 201, description: 'The import job', json: Job },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/imports',
    operationId: 'listImports',
    tag: 'imports',
    summary: "The tenant's imports, newest first",
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The import jobs', json: z.array(Job) },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/imports/{id}',
    operationId: 'getImport',
    tag: 'imports',
    summary: 'An import: its state, pages, counts and refused statements',
    description: `${ADMIN} ${JOB}`,
    auth: 'person',
    ok: { status: 200, description: 'The import job', json: Job },
    errors: [403],
  });
}
