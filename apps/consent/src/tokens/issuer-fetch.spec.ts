// The issuer's private CA is trusted for the issuer's fetches: with it the key set is fetched over HTTPS, with
// another CA (or none) the TLS handshake fails — verification is never switched off. Needs the openssl CLI.
import {
  hasOpenssl,
  makeTestCa,
  startTestOidcIssuer,
  type TestCa,
  type TestOidcIssuer,
} from '@custos/testing';
import { createRemoteJWKSet, customFetch, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { issuerFetch } from './issuer-fetch.js';

const openssl = hasOpenssl();

describe.skipIf(!openssl)('issuerFetch (a private OIDC issuer CA; skipped: no openssl CLI on PATH)', () => {
  let ca: TestCa;
  let issuer: TestOidcIssuer;

  beforeAll(async () => {
    ca = makeTestCa();
    issuer = await startTestOidcIssuer(ca);
  });
  afterAll(async () => {
    await issuer?.close();
  });

  const jwksUrl = () => `${issuer.issuer}/.well-known/jwks.json`;
  const get = (fetch: ReturnType<typeof issuerFetch>, url = jwksUrl()) =>
    fetch(url, {
      headers: new Headers({ accept: 'application/json' }),
      method: 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
    });

  it("fetches the issuer's key set trusting its CA, and jose verifies a token with it", async () => {
    const res = await get(issuerFetch(ca.caPem));
    expect(res.status).toBe(200);
    const keys = (await res.json()) as { keys: unknown[] };
    expect(keys.keys).toHaveLength(1);
    const token = await issuer.token({ sub: 's' }, 'aud');
    const remote = createRemoteJWKSet(new URL(jwksUrl()), { [customFetch]: issuerFetch(ca.caPem) });
    expect((await jwtVerify(token, remote, { issuer: issuer.issuer, audience: 'aud' })).payload.sub).toBe(
      's',
    );
  });

  it('refuses the issuer when the CA given is another one', async () => {
    await expect(get(issuerFetch(makeTestCa('Another CA').caPem))).rejects.toThrow(
      /self.signed|unable to verify|certificate/i,
    );
  });

  it('answers a missing document with its status, not a key set', async () => {
    expect((await get(issuerFetch(ca.caPem), `${issuer.issuer}/nothing`)).status).toBe(404);
  });
});
