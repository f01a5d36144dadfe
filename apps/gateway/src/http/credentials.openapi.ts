// The OpenAPI description of ./credentials.controller.ts (see ./openapi-route.ts).
import {
  BindCredentialBodyV1,
  CreateCredentialBodyV1,
  CreatedCredentialV1,
  CredentialViewV1,
} from '@custos/contracts';
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
    method: 'patch',
    path: '/api/v1/credentials/{id}',
    operationId: 'bindCredential',
    tag: 'credentials',
    summary: "Binds an xAPI client credential to a policy's purpose (writePolicyId), or unbinds it (null)",
    description: `${ADMIN} Statements a bound credential writes about a learner with no basis under the policy (no active grant of a consent policy, an objection to a legitimate-interest one) are rejected, held or pseudonymised as the policy's \`onWriteWithoutBasis\` says (docs/privacy-operations.md "Write purposes"). A policy the tenant does not have is a 400 naming \`writePolicyId\`. Recorded in the audit log (\`credential.bind\`).`,
    auth: 'person',
    body: named('BindCredential', BindCredentialBodyV1),
    ok: { status: 200, description: 'The credential as it now is', json: Credential },
    errors: [400, 403, 404],
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
