// The OpenAPI description of ./policies.controller.ts: institution policies, and a learner's consent requests,
// grants, objections and receipts (see ./openapi-route.ts).
import {
  ConsentReceiptV1,
  ConsentRequestV1,
  GrantBodyV1,
  ObjectionBodyV1,
  PolicyBodyV1,
  PolicyCountsV1,
  PolicyViewV1,
  WardViewV1,
} from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { ADMIN, documentRoute, LEARNER, named } from './openapi-route.js';

export function documentPolicies(registry: OpenAPIRegistry): void {
  const Policy = named('Policy', PolicyViewV1);
  const PolicyBody = named('PolicyBody', PolicyBodyV1);
  const ConsentReceipt = named('ConsentReceipt', ConsentReceiptV1);
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/policies',
    operationId: 'listPolicies',
    tag: 'policies',
    summary: 'The current version of each institution policy',
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The policies', json: z.array(Policy) },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/policies/counts',
    operationId: 'listPolicyCounts',
    tag: 'policies',
    summary: 'Per current policy, how many learner grants are active and how many objections stand',
    description: `${ADMIN} Counts only: no learner is named. A grant counts while it is unrevoked, unexpired and for the policy's current version.`,
    auth: 'person',
    ok: { status: 200, description: 'The counts', json: z.array(named('PolicyCounts', PolicyCountsV1)) },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/policies',
    operationId: 'createPolicy',
    tag: 'policies',
    summary: 'Creates an institution policy (version 1)',
    description: ADMIN,
    auth: 'person',
    body: PolicyBody,
    ok: { status: 201, description: 'The policy', json: Policy },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'put',
    path: '/api/v1/policies/{id}',
    operationId: 'updatePolicy',
    tag: 'policies',
    summary: 'Edits a policy: its next version becomes current, the previous one is kept',
    description: ADMIN,
    auth: 'person',
    body: PolicyBody,
    ok: { status: 200, description: 'The new version', json: Policy },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/policies/{id}/history',
    operationId: 'getPolicyHistory',
    tag: 'policies',
    summary: 'Every version of a policy, oldest first',
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The versions', json: z.array(Policy) },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/me/consent-requests',
    operationId: 'listConsentRequests',
    tag: 'consent',
    summary: "The tenant's `consent` policies, each with the learner's current grant of it, if any",
    description: LEARNER,
    auth: 'person',
    ok: {
      status: 200,
      description: 'The requests',
      json: z.array(named('ConsentRequest', ConsentRequestV1)),
    },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/me/grants',
    operationId: 'grantConsent',
    tag: 'consent',
    summary:
      'Grants a `consent` policy, possibly narrower (fewer verbs, narrower activity prefixes, an expiry)',
    description: `${LEARNER} A scope wider than the policy's, or an \`expiresAt\` that is not in the future, is a 400 naming the field.`,
    auth: 'person',
    body: named('GrantBody', GrantBodyV1),
    ok: { status: 201, description: 'The consent receipt of the grant', json: ConsentReceipt },
    errors: [403, 404, 409],
  });
  documentRoute(registry, {
    method: 'delete',
    path: '/api/v1/me/grants/{id}',
    operationId: 'revokeGrant',
    tag: 'consent',
    summary: 'Revokes a grant; the very next read anyone makes no longer uses it',
    description: LEARNER,
    auth: 'person',
    ok: { status: 200, description: 'The consent receipt of the revocation', json: ConsentReceipt },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/me/objections',
    operationId: 'object',
    tag: 'consent',
    summary: 'Objects to a legitimate-interest, contract or public-task policy',
    description: `${LEARNER} Any other lawful basis is a 400.`,
    auth: 'person',
    body: named('ObjectionBody', ObjectionBodyV1),
    ok: { status: 201, description: 'The consent receipt of the objection', json: ConsentReceipt },
    errors: [403, 404, 409],
  });
  documentRoute(registry, {
    method: 'delete',
    path: '/api/v1/me/objections/{id}',
    operationId: 'withdrawObjection',
    tag: 'consent',
    summary: 'Withdraws an objection',
    description: LEARNER,
    auth: 'person',
    ok: { status: 200, description: 'The consent receipt of the withdrawal', json: ConsentReceipt },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/me/receipts/{id}',
    operationId: 'getReceipt',
    tag: 'consent',
    summary: 'One of the consent receipts the learner got',
    description: LEARNER,
    auth: 'person',
    ok: { status: 200, description: 'The receipt', json: ConsentReceipt },
    errors: [403],
  });
  documentGuardianRoutes(registry, ConsentReceipt);
}

/** Who may call a guardian's routes (in descriptions). */
const GUARDIAN =
  'The signed-in person needs the `guardian` role and a link to this learner, who must be a minor today (below the tenant\'s age of digital consent, or before their "minor until" date); otherwise 403, naming no learner. Once the learner comes of age they act alone at /api/v1/me/… and the guardian gets 403.';

/** /api/v1/guardian/learners/{learnerId}/…: the learner's consent routes, made by their guardian. */
function documentGuardianRoutes(registry: OpenAPIRegistry, ConsentReceipt: typeof ConsentReceiptV1): void {
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/guardian/learners',
    operationId: 'listWards',
    tag: 'consent',
    summary: 'The learners linked to the signed-in guardian, and whether the guardian acts for each today',
    description: 'Needs the `guardian` role (403 otherwise).',
    auth: 'person',
    ok: { status: 200, description: 'The learners', json: z.array(named('Ward', WardViewV1)) },
    errors: [403],
  });
  const ward = (
    method: 'get' | 'post' | 'delete',
    path: `/api/v1/guardian/learners/{learnerId}/${string}`,
    operationId: string,
    summary: string,
    ok: { status: 200 | 201; description: string; json: z.ZodType },
    body?: z.ZodType,
  ) =>
    documentRoute(registry, {
      method,
      path,
      operationId,
      tag: 'consent',
      summary,
      description: GUARDIAN,
      auth: 'person',
      ...(body && { body }),
      ok,
      // A grant or an objection the learner already holds is a 409, as on their own routes.
      errors: body ? [403, 409] : [403],
    });
  ward(
    'get',
    '/api/v1/guardian/learners/{learnerId}/consent-requests',
    'listWardConsentRequests',
    "The learner's consent requests, with their live grants",
    {
      status: 200,
      description: 'The requests',
      json: z.array(named('WardConsentRequest', ConsentRequestV1)),
    },
  );
  ward(
    'post',
    '/api/v1/guardian/learners/{learnerId}/grants',
    'grantConsentForWard',
    'Grants a `consent` policy for the learner (as POST /api/v1/me/grants)',
    {
      status: 201,
      description: 'The consent receipt, naming the guardian in `actedBy`',
      json: ConsentReceipt,
    },
    named('WardGrantBody', GrantBodyV1),
  );
  ward(
    'delete',
    '/api/v1/guardian/learners/{learnerId}/grants/{id}',
    'revokeGrantForWard',
    "Revokes one of the learner's grants",
    { status: 200, description: 'The consent receipt of the revocation', json: ConsentReceipt },
  );
  ward(
    'post',
    '/api/v1/guardian/learners/{learnerId}/objections',
    'objectForWard',
    'Objects for the learner to a legitimate-interest, contract or public-task policy',
    { status: 201, description: 'The consent receipt of the objection', json: ConsentReceipt },
    named('WardObjectionBody', ObjectionBodyV1),
  );
  ward(
    'delete',
    '/api/v1/guardian/learners/{learnerId}/objections/{id}',
    'withdrawObjectionForWard',
    "Withdraws one of the learner's objections",
    { status: 200, description: 'The consent receipt of the withdrawal', json: ConsentReceipt },
  );
  ward(
    'get',
    '/api/v1/guardian/learners/{learnerId}/receipts/{id}',
    'getWardReceipt',
    "One of the learner's consent receipts",
    { status: 200, description: 'The receipt', json: ConsentReceipt },
  );
}
