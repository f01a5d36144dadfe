// An institution's OIDC issuer for tests, served over HTTPS with a certificate from a test CA (test-ca.ts): its
// discovery document and its key set (JWKS), and a way to sign tokens with its key. Something outside Custos.
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';

import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

import type { TestCa } from './test-ca.js';

export interface TestOidcIssuer {
  /** `https://127.0.0.1:<port>`: the `iss` of its tokens. */
  issuer: string;
  /** Requests received, by path (to see whether the key set was fetched). */
  requests: string[];
  /** A token signed with the issuer's key, for `audience`, valid five minutes. */
  token(claims: JWTPayload, audience: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestOidcIssuer(ca: TestCa): Promise<TestOidcIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  const requests: string[] = [];
  let issuer = '';
  const server: Server = createServer({ cert: ca.serverCertPem, key: ca.serverKeyPem }, (req, res) => {
    requests.push(req.url ?? '');
    const body =
      req.url === '/.well-known/openid-configuration'
        ? {
            issuer,
            jwks_uri: `${issuer}/.well-known/jwks.json`,
            id_token_signing_alg_values_supported: ['ES256'],
          }
        : req.url === '/.well-known/jwks.json'
          ? { keys: [jwk] }
          : undefined;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  issuer = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    issuer,
    requests,
    token: (claims, audience) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
