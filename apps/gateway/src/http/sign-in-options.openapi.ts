// The OpenAPI description of ./sign-in-options.controller.ts (see ./openapi-route.ts).
import { SignInOptionsV1 } from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

import { documentRoute, named } from './openapi-route.js';

export function documentSignInOptions(registry: OpenAPIRegistry): void {
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/auth/config',
    operationId: 'getSignInOptions',
    tag: 'auth',
    summary: 'How people may sign in: the local login, and the institution’s OIDC provider when configured',
    description:
      'For the web pages: with `CUSTOS_OIDC_CLIENT_ID` and `CUSTOS_OIDC_ISSUER` set, `oidc` names the issuer, the ' +
      'public client id and the scope to ask for (authorization code with PKCE; the access token is then the bearer ' +
      'token). Otherwise `oidc` is null.',
    auth: 'none',
    ok: { status: 200, description: 'The sign-in options', json: named('SignInOptions', SignInOptionsV1) },
  });
}
