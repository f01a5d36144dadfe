// The OpenAPI description of ./credentials.controller.ts (see ./openapi-route.ts).
import { CreateCredentialBodyV1, CreatedCredentialV1, CredentialViewV1 } from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { ADMIN, documentRoute, named } from './openapi-route.js';

export function documentCredentials(registry: OpenAPIRegistry): void {
  const Credential = named('Credential', CredentialViewV1);
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/credentials',
    operationId: 'listCredentials',
    tag: 'credentials',
    summary: "The tenant's xAPI client credentials, revoked ones included, oldest first (never a secret)",
    description: ADMIN,
    auth: 'person',
    ok: { status: 200, description: 'The credentials', json: z.array(Credential) },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/credentials',
    operationId: 'createCredential',
    tag: 'credentials',
    summary: 'Creates an xAPI client credential with the given scopes; its secret is in this answer only',
    description: `${ADMIN} The key is the HTTP Basic username and the secret its password; only a hash of the secret is kept, so it cannot be shown again. An unknown scope is a 400 naming \`scopes\`. Recorded in the audit log (\`credential.create\`).`,
    auth: 'person',
    body: named('CreateCredential', CreateCredentialBodyV1),
    ok: {
      status: 201,
      description: 'The credential and its secret',
      json: named('CreatedCredential', CreatedCredentialV1),
    },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'delete',
    path: '/api/v1/credentials/{id}',
    operationId: 'revokeCredential',
    tag: 'credentials',
    summary: 'Revokes an xAPI client credential: its next request is refused (401)',
    description: `${ADMIN} Revoking a revoked credential changes nothing. Recorded in the audit log (\`credential.revoke\`).`,
    auth: 'person',
    ok: { status: 200, description: 'The revoked credential', json: Credential },
    errors: [403],
  });
}
