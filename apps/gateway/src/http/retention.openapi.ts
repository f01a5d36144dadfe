// The OpenAPI description of ./retention.controller.ts: retention rules, legal holds, dry runs and runs
// (see ./openapi-route.ts).
import {
  LegalHoldBodyV1,
  LegalHoldV1,
  RetentionReportV1,
  RetentionRuleBodyV1,
  RetentionRuleV1,
} from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { ADMIN, documentRoute, named } from './openapi-route.js';

export function documentRetention(registry: OpenAPIRegistry): void {
  const Rule = named('RetentionRule', RetentionRuleV1);
  const Hold = named('LegalHold', LegalHoldV1);
  const Report = named('RetentionReport', RetentionReportV1);
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/retention/rules',
    operationId: 'listRetentionRules',
    tag: 'retention',
    summary: "The tenant's retention rules",
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The rules, oldest first', json: z.array(Rule) },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/retention/rules',
    operationId: 'createRetentionRule',
    tag: 'retention',
    summary:
      'Adds a retention rule: the statements it covers are hidden from every read at once, then purged',
    description: `${ADMIN} A verb or activity prefix that is not an absolute IRI, or an age outside 1–36500 days, is a 400 naming the field.`,
    auth: 'person',
    body: named('RetentionRuleBody', RetentionRuleBodyV1),
    ok: { status: 201, description: 'The rule', json: Rule },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'delete',
    path: '/api/v1/retention/rules/{id}',
    operationId: 'deleteRetentionRule',
    tag: 'retention',
    summary: 'Removes a retention rule: the statements only it covered are readable again until purged',
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The rule removed', json: Rule },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/retention/holds',
    operationId: 'listLegalHolds',
    tag: 'retention',
    summary: "The tenant's legal holds, ended ones included",
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The holds, oldest first', json: z.array(Hold) },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/retention/holds',
    operationId: 'createLegalHold',
    tag: 'retention',
    summary:
      'Places a legal hold on a person (an xAPI Agent) or a rule: what it holds is neither hidden nor purged until it ends',
    description: `${ADMIN} Exactly one of \`agent\` and \`ruleId\`; an \`endsAt\` not in the future is a 400.`,
    auth: 'person',
    body: named('LegalHoldBody', LegalHoldBodyV1),
    ok: { status: 201, description: 'The hold', json: Hold },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/retention/holds/{id}/release',
    operationId: 'releaseLegalHold',
    tag: 'retention',
    summary: 'Ends a legal hold now',
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The hold, ended', json: Hold },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/retention/dry-run',
    operationId: 'retentionDryRun',
    tag: 'retention',
    summary:
      'Per rule, how many statements a run would remove now and how many legal holds keep; changes nothing',
    description: `${ADMIN} Recorded in the audit log (counts only).`,
    auth: 'person',
    ok: { status: 200, description: 'The counts', json: Report },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/retention/runs',
    operationId: 'retentionRun',
    tag: 'retention',
    summary: 'Purges now the statements past retention, in bounded batches',
    description: `${ADMIN} 409 while another run of the tenant is under way. Recorded in the audit log (counts only).`,
    auth: 'person',
    ok: { status: 200, description: 'What was removed, per rule', json: Report },
    errors: [403, 409],
  });
}
