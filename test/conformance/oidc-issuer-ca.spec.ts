// An institution's OIDC issuer whose HTTPS certificate chains to its own CA (issue 14): without
// CUSTOS_OIDC_CA_FILE its key set cannot be fetched and its tokens are refused with 503 + Retry-After (the
// identity provider could not be reached: not the caller's fault, never a 500); with the setting pointing at that
// CA the same token is accepted. The issuer (discovery + JWKS) and its CA are made here (the openssl CLI).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { hasOpenssl, makeTestCa, startTestOidcIssuer, type TestOidcIssuer } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { aTenant } from '../harness/credentials.js';
import { useConformanceLrs } from './lrs.js';

const audience = 'custos-at-uni';

describe.skipIf(!hasOpenssl())(
  'an OIDC issuer with a private CA (CUSTOS_OIDC_CA_FILE; skipped: no openssl CLI on PATH)',
  () => {
    let issuer: TestOidcIssuer;
    const dir = mkdtempSync(join(tmpdir(), 'custos-oidc-ca-'));
    const caFile = join(dir, 'ca.crt');

    beforeAll(async () => {
      const ca = makeTestCa('University Issuing CA');
      writeFileSync(caFile, ca.caPem);
      issuer = await startTestOidcIssuer(ca);
    });
    afterAll(async () => {
      await issuer?.close();
      rmSync(dir, { recursive: true, force: true });
    });
    // After the hooks above: their settings name the issuer they start.
    const withoutCa = useConformanceLrs(() => ({
      CUSTOS_OIDC_ISSUER: issuer.issuer,
      CUSTOS_OIDC_AUDIENCE: audience,
    }));
    const withCa = useConformanceLrs(() => ({
      CUSTOS_OIDC_ISSUER: issuer.issuer,
      CUSTOS_OIDC_AUDIENCE: audience,
      CUSTOS_OIDC_CA_FILE: caFile,
    }));

    const me = (baseUrl: string, token: string) =>
      fetch(`${baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });

    it('refuses its token with 503 and Retry-After without the CA, and accepts it with the CA', async () => {
      const tenant = aTenant();
      const person = { username: 'erin', externalSubject: 'uni-sub-ca', roles: ['learner' as const] };
      await withoutCa.people.create(tenant, person);
      const token = await issuer.token({ sub: 'uni-sub-ca', tid: tenant }, audience);

      const refused = await me(withoutCa.baseUrl, token);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      // The TLS handshake failed before any request reached the issuer.
      expect(issuer.requests).not.toContain('/.well-known/jwks.json');

      const accepted = await me(withCa.baseUrl, token);
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toMatchObject({ username: 'erin', externalSubject: 'uni-sub-ca' });
      expect(issuer.requests).toContain('/.well-known/jwks.json');
    });

    it('still refuses a token the issuer did not sign, with the CA trusted', async () => {
      const tenant = aTenant();
      await withCa.people.create(tenant, { username: 'finn', externalSubject: 'uni-sub-forged', roles: [] });
      const token = await issuer.token({ sub: 'uni-sub-forged', tid: tenant }, audience);
      // The signature's last bytes changed: not the issuer's.
      const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect((await me(withCa.baseUrl, forged)).status).toBe(401);
    });
  },
);
