// The OpenAPI description of ./audit-log.controller.ts (see ./openapi-route.ts). The query parameters are
// parsed behind the bus (apps/query's audit-params.ts); these schemas describe them for clients.
import { AccessLogEntryV1, AuditCheckpointV1, AuditRecordV1, AuditStatsV1 } from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { documentRoute, named, param } from './openapi-route.js';

const AUDITOR =
  "Needs the `auditor` role in the tenant (403 otherwise, and for xAPI credentials); only that tenant's log.";

const text = z.string().min(1).max(200);
const AUDIT_TIME = {
  since: param(z.iso.datetime({ offset: true }), 'Only records written after this instant').optional(),
  until: param(z.iso.datetime({ offset: true }), 'Only records written at or before this instant').optional(),
};
/** Also the checkpoints' order (./audit-integrity.openapi.ts). */
export const AUDIT_ORDER = {
  order: param(
    z.enum(['asc', 'desc']),
    '`desc` (newest first, the default) or `asc` (chain order)',
  ).optional(),
};
const AUDIT_PAGING = {
  limit: param(z.int().min(1).max(1000), 'Records per page, 1 to 1000 (default 100)').optional(),
  cursor: param(z.string(), 'From the `next` link of the previous page').optional(),
};
const AUDIT_FILTERS = {
  ...AUDIT_TIME,
  principal: param(text, 'Only what this credential or person id did').optional(),
  learner: param(
    z.string(),
    'Only records about this learner: an xAPI Agent as JSON, as the xAPI `agent` parameter',
  ).optional(),
  person: param(
    z.uuid(),
    'Only records about this person of the tenant, under any identifier linked to them',
  ).optional(),
  action: param(text, 'Only this action, e.g. `statements.read`').optional(),
  outcome: param(z.enum(['allow', 'deny']), 'Only allowed or only denied requests').optional(),
  policy: param(text, 'Only records whose basis names this policy id').optional(),
  grant: param(text, 'Only records whose basis names this learner grant id').optional(),
  ...AUDIT_ORDER,
};

/** A page of the audit log, and of a learner's access log: `next` is the link to the following page. */
const AuditRecordsPage = z.object({
  records: z.array(AuditRecordV1),
  next: z.string().nullable().describe('The URL of the next page (same filters); null on the last page'),
});
const AccessLogPage = z.object({
  entries: z.array(AccessLogEntryV1),
  treeHead: AuditCheckpointV1.optional().describe(
    'The newest signed tree head of the audit log, which every entry’s `proof` leads to (absent before the first)',
  ),
  publicKeyPem: z
    .string()
    .optional()
    .describe(
      'The Ed25519 public key (SPKI PEM) that signed `treeHead`; compare it with the one the institution publishes',
    ),
  next: z.string().nullable().describe('The URL of the next page; null on the last page'),
});

export function documentAuditLog(registry: OpenAPIRegistry): void {
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/audit/records',
    operationId: 'listAuditRecords',
    tag: 'audit',
    summary: 'Records of the audit log, filtered, a page at a time',
    description: `${AUDITOR} Each record as stored, with its hash, so it can be checked. The read is itself recorded.`,
    auth: 'person-or-credential',
    query: z.object({ ...AUDIT_FILTERS, ...AUDIT_PAGING }),
    ok: {
      status: 200,
      description: 'A page of records',
      json: named('AuditRecordsPage', AuditRecordsPage),
    },
    errors: [403, 404],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/audit/export',
    operationId: 'exportAuditRecords',
    tag: 'audit',
    summary: 'Every record the filters select, streamed as NDJSON or CSV',
    description:
      `${AUDITOR} Records written after the export began are not in it; a stream that broke off ends with a ` +
      'network error. The export is itself recorded, with the number of records it holds.',
    auth: 'person-or-credential',
    query: z.object({
      ...AUDIT_FILTERS,
      format: param(
        z.enum(['ndjson', 'csv']),
        '`ndjson` (the default: one record per line) or `csv` (a header row, RFC 4180 quoting)',
      ).optional(),
    }),
    ok: {
      status: 200,
      description: 'The records',
      ndjson: named('AuditRecord', AuditRecordV1),
      csv: 'A header row, then one row per record',
    },
    errors: [403, 404],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/audit/stats',
    operationId: 'getAuditStats',
    tag: 'audit',
    summary: 'Allowed and denied requests per principal, denials per day (UTC) and reads per policy',
    description: `${AUDITOR} The read is itself recorded.`,
    auth: 'person-or-credential',
    query: z.object(AUDIT_TIME),
    ok: { status: 200, description: 'The figures', json: named('AuditStats', AuditStatsV1) },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/me/access-log',
    operationId: 'getAccessLog',
    tag: 'audit',
    summary: 'Who accessed the signed-in learner’s records, when, and under which rule',
    description:
      'For a learner with a linked xAPI identity (an auditor gets the records about them: none unless they are a ' +
      'learner too); anyone else, and xAPI credentials, get 403. Shows nothing about other learners. The read is ' +
      'itself recorded.',
    auth: 'person',
    query: z.object({ ...AUDIT_TIME, ...AUDIT_ORDER, ...AUDIT_PAGING }),
    ok: {
      status: 200,
      description: 'A page of accesses, newest first',
      json: named('AccessLogPage', AccessLogPage),
    },
    errors: [403],
  });
}
