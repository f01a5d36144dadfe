// The OpenAPI description of ./forwarding.controller.ts: forwarding targets, their status and dead letters
// (see ./openapi-route.ts).
import {
  ForwardingDeadLetterV1,
  ForwardingStatusV1,
  ForwardingTargetBodyV1,
  ForwardingTargetPatchV1,
  ForwardingTargetV1,
} from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { ADMIN, documentRoute, named } from './openapi-route.js';

export function documentForwarding(registry: OpenAPIRegistry): void {
  const Target = named('ForwardingTarget', ForwardingTargetV1);
  const Status = named('ForwardingStatus', ForwardingStatusV1);
  const DeadLetter = named('ForwardingDeadLetter', ForwardingDeadLetterV1);
  const base = '/api/v1/forwarding/targets';
  const route = (r: Omit<Parameters<typeof documentRoute>[1], 'tag' | 'auth'>) =>
    documentRoute(registry, { ...r, tag: 'forwarding', auth: 'person' });
  route({
    method: 'get',
    path: base,
    operationId: 'listForwardingTargets',
    summary: "The tenant's forwarding targets, each with its delivery status",
    description: ADMIN,
    ok: {
      status: 200,
      description: 'The targets, oldest first',
      json: z.array(Target.extend({ status: Status })),
    },
    errors: [403],
  });
  route({
    method: 'post',
    path: base,
    operationId: 'createForwardingTarget',
    summary: 'Adds a target: another LRS or a webhook that receives what its grantee credential may read',
    description: `${ADMIN} Secrets are kept encrypted and never returned. A URL that is not https (unless the installation allows http on loopback), or a grantee that is not an active credential of the tenant, is a 400 naming the field.`,
    body: named('ForwardingTargetBody', ForwardingTargetBodyV1),
    ok: { status: 201, description: 'The target', json: Target },
    errors: [403],
  });
  route({
    method: 'get',
    path: `${base}/{id}`,
    operationId: 'getForwardingTarget',
    summary: 'One forwarding target',
    description: ADMIN,
    ok: { status: 200, description: 'The target', json: Target },
    errors: [403, 404],
  });
  route({
    method: 'patch',
    path: `${base}/{id}`,
    operationId: 'updateForwardingTarget',
    summary: 'Changes a forwarding target (its kind stays)',
    description: ADMIN,
    body: named('ForwardingTargetPatch', ForwardingTargetPatchV1),
    ok: { status: 200, description: 'The target', json: Target },
    errors: [403, 404],
  });
  route({
    method: 'delete',
    path: `${base}/{id}`,
    operationId: 'deleteForwardingTarget',
    summary: 'Removes a forwarding target with its queue and dead letters',
    description: ADMIN,
    ok: { status: 200, description: 'The target removed', json: Target },
    errors: [403, 404],
  });
  route({
    method: 'get',
    path: `${base}/{id}/status`,
    operationId: 'forwardingTargetStatus',
    summary: 'How far delivery is: last delivered, waiting batches and lag, last error, attempts',
    description: ADMIN,
    ok: { status: 200, description: 'The status', json: Status },
    errors: [403, 404],
  });
  route({
    method: 'get',
    path: `${base}/{id}/dead-letters`,
    operationId: 'listForwardingDeadLetters',
    summary: 'The batches whose delivery attempts ran out',
    description: ADMIN,
    ok: { status: 200, description: 'The dead letters', json: z.array(DeadLetter) },
    errors: [403, 404],
  });
  route({
    method: 'post',
    path: `${base}/{id}/dead-letters/{deadLetterId}/retry`,
    operationId: 'retryForwardingDeadLetter',
    summary: "Queues a dead letter again, at the end of the target's queue (read again as the grantee then)",
    description: ADMIN,
    ok: { status: 200, description: 'The dead letter, queued again', json: DeadLetter },
    errors: [403, 404],
  });
  route({
    method: 'delete',
    path: `${base}/{id}/dead-letters/{deadLetterId}`,
    operationId: 'discardForwardingDeadLetter',
    summary: 'Drops a dead letter: its statements are not sent to this target',
    description: ADMIN,
    ok: { status: 200, description: 'The dead letter dropped', json: DeadLetter },
    errors: [403, 404],
  });
}
