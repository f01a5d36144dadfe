// The OpenAPI description of ./erasure.controller.ts: erasure of a person (see ./openapi-route.ts).
import { CreateErasureBodyV1, ErasureViewV1 } from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { ADMIN, documentRoute, LEARNER, named } from './openapi-route.js';

const STATES =
  "`state`: `waiting` (a learner's request in its grace period, until `dueAt`), `approved`, `running` (`progress.step`: " +
  '`storage`, `consent`, `seal`), `blocked` (`blockers` says which legal obligation or hold, and why; nothing was changed), ' +
  '`completed` (`completion`: the signed completion record, also in the audit log as `erasure.complete`), `cancelled`.';

export function documentErasure(registry: OpenAPIRegistry): void {
  const Erasure = named('Erasure', ErasureViewV1);
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/people/{id}/erasure',
    operationId: 'erasePerson',
    tag: 'people',
    summary:
      "Erases a person's records: their statements, documents, attachments, links, grants and objections",
    description:
      `${ADMIN} Carried out at once, in the background; follow it with GET /api/v1/erasures/{id}. Statements about ` +
      'others that mention the person keep a stand-in Agent instead. A current `legal-obligation` policy whose scope ' +
      'covers some of their statements blocks it (`state` `blocked`, `blockers`), unless the body says `narrow: true`: ' +
      `then those statements are kept and the rest erased. The body is optional. ${STATES}`,
    auth: 'person',
    body: named('CreateErasure', CreateErasureBodyV1),
    ok: { status: 201, description: 'The erasure', json: Erasure },
    errors: [403, 409],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/me/erasure-requests',
    operationId: 'requestOwnErasure',
    tag: 'people',
    summary: 'Asks for the erasure of all my records',
    description:
      `${LEARNER} Needs the \`learner\` role. Carried out when the grace period (\`CUSTOS_ERASURE__GRACE_SECONDS\`) ` +
      `has run out, or sooner when an admin approves it; cancel it before then. ${STATES}`,
    auth: 'person',
    ok: { status: 201, description: 'The request', json: Erasure },
    errors: [403, 409],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/me/erasure-requests',
    operationId: 'listOwnErasures',
    tag: 'people',
    summary: 'My erasure requests, newest first',
    description: LEARNER,
    auth: 'person',
    ok: { status: 200, description: 'The requests', json: z.array(Erasure) },
    errors: [403],
  });
  for (const [method, path, operationId] of [
    ['delete', '/api/v1/me/erasure-requests/{id}', 'cancelOwnErasure'],
    ['post', '/api/v1/me/erasure-requests/{id}/cancel', 'cancelOwnErasureByPost'],
  ] as const) {
    documentRoute(registry, {
      method,
      path,
      operationId,
      tag: 'people',
      summary: 'Cancels my erasure request while it is still waiting (its grace period)',
      description: `${LEARNER} 409 once it has been approved, carried out or cancelled.`,
      auth: 'person',
      ok: { status: 200, description: 'The cancelled request', json: Erasure },
      errors: [403, 409],
    });
  }
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/guardian/learners/{learnerId}/erasure-requests',
    operationId: 'requestWardErasure',
    tag: 'people',
    summary: "A guardian asks for the erasure of a minor's records",
    description:
      'The signed-in person needs the `guardian` role and a link to this learner, who must be a minor today; ' +
      'otherwise 403, naming no learner (a minor cannot ask alone: their guardian does, until they come of age). ' +
      `Carried out as the learner's own request would be. ${STATES}`,
    auth: 'person',
    ok: { status: 201, description: 'The request', json: Erasure },
    errors: [403, 409],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/guardian/learners/{learnerId}/erasure-requests/{id}/cancel',
    operationId: 'cancelWardErasure',
    tag: 'people',
    summary: "A guardian cancels a minor's erasure request while it is still waiting",
    description:
      'The guardian acting for the learner today; 409 once it has been approved, carried out or cancelled.',
    auth: 'person',
    ok: { status: 200, description: 'The cancelled request', json: Erasure },
    errors: [403, 409],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/erasures/{id}',
    operationId: 'getErasure',
    tag: 'people',
    summary: 'An erasure: its state, its progress and, once done, its signed completion record',
    description:
      'An admin of the tenant, the learner whose request it is (while they exist), or the guardian acting for them ' +
      'while they are a minor; anyone else gets 404. The ' +
      'completion record is signed with the audit signing key (Ed25519 over the canonical JSON of `record`; ' +
      `check it with the public key of GET /api/v1/audit/public-key). ${STATES}`,
    auth: 'person',
    ok: { status: 200, description: 'The erasure', json: Erasure },
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/erasures/{id}/approve',
    operationId: 'approveErasure',
    tag: 'people',
    summary: "Approves a learner's waiting erasure request: it is carried out now",
    description: `${ADMIN} 409 unless the request is waiting.`,
    auth: 'person',
    ok: { status: 200, description: 'The approved request', json: Erasure },
    errors: [403, 409],
  });
}
