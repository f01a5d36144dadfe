// The OpenAPI 3.1 description of the REST API under /api/v1, served at GET /api/v1/openapi.json. Each
// controller's routes are described beside it, in `<name>.openapi.ts`, with the zod contracts it parses with
// (./openapi-route.ts); this file assembles them with what they share: security schemes, the error schema and
// answers. test/conformance/openapi.spec.ts fails until every route the app registers under /api/v1 is
// described, and nothing else is.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { documentAccess } from './access.openapi.js';
import { documentAuditIntegrity } from './audit-integrity.openapi.js';
import { documentAuditLog } from './audit-log.openapi.js';
import { documentCredentials } from './credentials.openapi.js';
import { documentExports } from './exports.openapi.js';
import { documentForwarding } from './forwarding.openapi.js';
import { documentRoute, type ErrorStatus, named } from './openapi-route.js';
import { documentErasure } from './erasure.openapi.js';
import { documentPeople } from './people.openapi.js';
import { documentPolicies } from './policies.openapi.js';
import { documentPortable } from './portable.openapi.js';
import { documentRecordsOfProcessing } from './records-of-processing.openapi.js';
import { documentAnalytics } from './analytics.openapi.js';
import { documentRetention } from './retention.openapi.js';
import { documentImports } from './imports.openapi.js';
import { documentSignInOptions } from './sign-in-options.openapi.js';

/** The body of every error answer (apps/gateway/src/http/errors.filter.ts). */
const ErrorBody = z.object({
  message: z.string(),
  /** A 400 names each bad field. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** A 500 carries only this id, which the server's log has too. */
  correlationId: z.string().optional(),
});

const ERRORS: Record<ErrorStatus | 500, string> = {
  400: 'The request is malformed; `errors` names each bad field',
  401: 'No valid credentials or token (WWW-Authenticate offers Basic and Bearer)',
  403: 'Authenticated, but not allowed',
  404: 'No such resource, or one the caller may not know of',
  409: 'Conflicts with what exists',
  423: 'The account or key is locked after repeated failed sign-ins, until an admin of the tenant unlocks it',
  429: 'Too many failed sign-ins for the account, key or client address; Retry-After says when to try again',
  500: 'Unexpected; the body carries only a correlation id',
};

const header = (type: 'string' | 'integer', description: string) => ({ schema: { type }, description });
const HEADERS: Partial<Record<keyof typeof ERRORS, Record<string, ReturnType<typeof header>>>> = {
  401: { 'WWW-Authenticate': header('string', 'The schemes') },
  429: { 'Retry-After': header('integer', 'Seconds before trying again') },
};

function documentShared(registry: OpenAPIRegistry): void {
  registry.register('Error', ErrorBody);
  for (const [status, description] of Object.entries(ERRORS)) {
    const headers = HEADERS[Number(status) as keyof typeof ERRORS];
    registry.registerComponent('responses', `E${status}`, {
      description,
      ...(headers && { headers }),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
  }
  registry.registerComponent('securitySchemes', 'person', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "A person's token: from POST /api/v1/auth/login, or from the institution's OIDC issuer when configured",
  });
  registry.registerComponent('securitySchemes', 'credential', {
    type: 'http',
    scheme: 'basic',
    description: "An xAPI client's key and secret",
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApi',
    tag: 'meta',
    summary: 'This document',
    auth: 'none',
    ok: {
      status: 200,
      description: 'The OpenAPI 3.1 document of /api/v1',
      json: named('OpenApiDocument', z.object({}).describe('An OpenAPI 3.1 document (this one).')),
    },
  });
}

function buildDocument() {
  const registry = new OpenAPIRegistry();
  for (const document of [
    documentShared,
    documentSignInOptions,
    documentPeople,
    documentErasure,
    documentCredentials,
    documentPolicies,
    documentRetention,
    documentForwarding,
    documentRecordsOfProcessing,
    documentAccess,
    documentExports,
    documentPortable,
    documentAuditLog,
    documentAuditIntegrity,
    documentAnalytics,
    documentImports,
  ]) {
    document(registry);
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Custos REST API',
      version: 'v1',
      description:
        'People, groups, institution policies, learner consent, access explanations and exports of a Custos ' +
        'learning record store. The xAPI resources (/xapi) follow the xAPI specification and are not described here.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    tags: [
      { name: 'auth', description: 'Signing in' },
      { name: 'people', description: 'People and groups' },
      { name: 'credentials', description: 'xAPI client credentials: key, secret and scopes' },
      { name: 'policies', description: 'Institution policies: who reads which learner records, and why' },
      {
        name: 'retention',
        description: 'Retention rules and legal holds: how long learner records are kept',
      },
      {
        name: 'forwarding',
        description: 'Forwarding to other LRSs and webhooks: each target receives what its grantee may read',
      },
      { name: 'privacy', description: 'Records of processing, for the data-protection officer' },
      { name: 'consent', description: "A learner's grants, objections and consent receipts" },
      { name: 'access', description: 'Why someone can or cannot read learner records' },
      { name: 'exports', description: 'Learner data exports' },
      {
        name: 'audit',
        description: 'The audit log: for auditors, and for a learner the accesses to their records',
      },
      {
        name: 'analytics',
        description: 'Aggregates over the records the analytics purpose allows, k-anonymous, for admins',
      },
      { name: 'imports', description: 'Importing statements from another LRS' },
      { name: 'meta', description: 'This description' },
    ],
  });
}

let built: ReturnType<typeof buildDocument> | undefined;

/** The document (built once: it depends on code only). */
export function openApiDocument(): ReturnType<typeof buildDocument> {
  return (built ??= buildDocument());
}
