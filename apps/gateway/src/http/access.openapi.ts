// The OpenAPI description of ./access.controller.ts (see ./openapi-route.ts).
import { EffectiveAccessEntryV1, ExplanationV1 } from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { documentRoute, LEARNER, named, param } from './openapi-route.js';

export function documentAccess(registry: OpenAPIRegistry): void {
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/explain',
    operationId: 'explainAccess',
    tag: 'access',
    summary: 'Whether a principal may read a statement, and by which rules',
    description:
      "For the tenant's admins, the learner the statement is about, and xAPI credentials with scope `all` " +
      '(any other credential gets 403). A statement the asker may not have explained, of another tenant or ' +
      'unknown is a 404, as is an unknown principal; no statement content is returned.',
    auth: 'person-or-credential',
    query: z.object({
      statementId: param(z.guid(), 'The statement (any UUID)'),
      principal: param(z.uuid(), 'A credential or person id of the tenant (default: the asker)').optional(),
    }),
    ok: {
      status: 200,
      description: 'The decision and its reasons',
      json: named('Explanation', ExplanationV1),
    },
    errors: [403, 404],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/me/effective-access',
    operationId: 'getEffectiveAccess',
    tag: 'access',
    summary: "Who may read what of the learner's records today, and why",
    description: LEARNER,
    auth: 'person',
    ok: {
      status: 200,
      description: 'One entry per way in',
      json: z.array(named('EffectiveAccessEntry', EffectiveAccessEntryV1)),
    },
    errors: [403],
  });
}
