// People authenticate with bearer JWTs (issue #4, step 1): the local issuer and its login
// endpoint (RFC 6749 §5.1 token response, RFC 6750 bearer use), the institution's OIDC issuer
// (OpenID Connect Core §2 ID token claims iss/aud/sub), and the /api/v1 people API.
import { createServer, type Server } from 'node:http';

import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { aTenant } from '../harness/credentials.js';
import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

interface Res<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; base?: string; headers?: Record<string, string> } = {},
): Promise<Res<T>> {
  const res = await fetch(`${options.base ?? lrs.baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
}

const password = () => randomBytes(12).toString('hex');

/** A person with a password in a fresh tenant, and a token from logging in. */
async function aPerson(
  roles: ('learner' | 'admin' | 'auditor' | 'consumer')[] = ['learner'],
  tenant = aTenant(),
) {
  const pw = password();
  const username = `u-${randomBytes(4).toString('hex')}`;
  const person = await lrs.people.create(tenant, { username, password: pw, roles });
  const login = await call<{ access_token: string }>('POST', '/api/v1/auth/login', {
    body: { tenant, username, password: pw },
  });
  expect(login.status).toBe(200);
  return { tenant, username, password: pw, person, token: login.body.access_token };
}

describe('local login (RFC 6749 §5.1, RFC 6750 §2.1)', () => {
  it('answers a correct login with a bearer token that GET /api/v1/me accepts', async () => {
    const tenant = aTenant();
    const pw = password();
    await lrs.people.create(tenant, {
      username: 'ana',
      password: pw,
      roles: ['learner'],
      agents: [{ mbox: 'mailto:ana@example.org' }],
    });
    const login = await call('POST', '/api/v1/auth/login', {
      body: { tenant, username: 'ana', password: pw },
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const me = await call('GET', '/api/v1/me', { token: login.body['access_token'] as string });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'ana',
      tenantId: tenant,
      roles: ['learner'],
      agents: [{ mbox: 'mailto:ana@example.org' }],
    });
    expect(JSON.stringify(me.body)).not.toMatch(/password|scrypt/i);
  });

  it('answers a wrong password, an unknown user and a disabled user with the same 401', async () => {
    const { tenant, username, password: pw, person } = await aPerson();
    const wrong = await call('POST', '/api/v1/auth/login', {
      body: { tenant, username, password: 'nope-nope' },
    });
    const unknown = await call('POST', '/api/v1/auth/login', {
      body: { tenant, username: 'nobody', password: pw },
    });
    await lrs.people.update(tenant, person.id, { disabled: true });
    const disabled = await call('POST', '/api/v1/auth/login', { body: { tenant, username, password: pw } });
    for (const r of [wrong, unknown, disabled]) expect(r.status).toBe(401);
    expect(unknown.body.message).toBe(wrong.body.message);
    expect(disabled.body.message).toBe(wrong.body.message);
  });

  it('answers a malformed login body with 400 naming the field', async () => {
    const res = await call<{ errors: { path: string }[] }>('POST', '/api/v1/auth/login', {
      body: { tenant: 't', username: 'u' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.path)).toContain('password');
  });
});

describe('bearer verification (RFC 6750 §3, RFC 7519 §4.1.4)', () => {
  const signLocal = async (
    key: Parameters<SignJWT['sign']>[0],
    claims: Record<string, unknown>,
    exp: number,
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(lrs.baseUrl)
      .setAudience('custos')
      .setIssuedAt(exp - 3600)
      .setExpirationTime(exp)
      .sign(key);

  it('rejects an expired token with 401 and both challenges in WWW-Authenticate', async () => {
    const { person, tenant } = await aPerson();
    const expired = await signLocal(
      createPrivateKey(lrs.jwtPrivateKey),
      { sub: person.id, tid: tenant },
      Math.floor(Date.now() / 1000) - 60,
    );
    const res = await call('GET', '/api/v1/me', { token: expired });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/Basic/);
    expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
  });

  it('rejects a token signed by another key (forged) with 401', async () => {
    const { person, tenant } = await aPerson();
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await signLocal(
      privateKey,
      { sub: person.id, tid: tenant },
      Math.floor(Date.now() / 1000) + 600,
    );
    expect((await call('GET', '/api/v1/me', { token: forged })).status).toBe(401);
    expect((await call('GET', '/api/v1/me', { token: 'not-a-jwt' })).status).toBe(401);
  });

  it('stops accepting a token once the person is disabled', async () => {
    const { person, tenant, token } = await aPerson();
    expect((await call('GET', '/api/v1/me', { token })).status).toBe(200);
    await lrs.people.update(tenant, person.id, { disabled: true });
    expect((await call('GET', '/api/v1/me', { token })).status).toBe(401);
  });

  it('authenticates a bearer person on /xapi/statements (xAPI Communication §4)', async () => {
    const { token } = await aPerson(['learner']);
    const res = await call('GET', '/xapi/statements', {
      token,
      headers: { 'X-Experience-API-Version': '1.0.3' },
    });
    expect(res.status).not.toBe(401);
    expect([200, 403]).toContain(res.status);
  });

  it('makes a role change effective on the next request', async () => {
    const { person, tenant, token } = await aPerson(['admin']);
    expect((await call('GET', '/api/v1/people', { token })).status).toBe(200);
    await lrs.people.update(tenant, person.id, { roles: ['learner'] });
    expect((await call('GET', '/api/v1/people', { token })).status).toBe(403);
  });
});

describe('people API (admin only)', () => {
  it('lets an admin create and list people of their tenant', async () => {
    const admin = await aPerson(['admin']);
    const created = await call<{ id: string; agents: unknown[] }>('POST', '/api/v1/people', {
      token: admin.token,
      body: {
        username: 'bea',
        password: password(),
        displayName: 'Bea',
        roles: ['learner'],
        agents: [
          { mbox: 'mailto:bea@example.org' },
          { account: { homePage: 'https://lms.example.org', name: 'bea' } },
        ],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.agents).toHaveLength(2);
    const list = await call<{ username: string; tenantId: string }[]>('GET', '/api/v1/people', {
      token: admin.token,
    });
    expect(list.status).toBe(200);
    expect(list.body.map((p) => p.username).sort()).toEqual(['bea', admin.username].sort());
    expect(new Set(list.body.map((p) => p.tenantId))).toEqual(new Set([admin.tenant]));
  });

  it('answers a duplicate username with 409', async () => {
    const admin = await aPerson(['admin']);
    const body = { username: 'dup', roles: ['learner'] };
    expect((await call('POST', '/api/v1/people', { token: admin.token, body })).status).toBe(201);
    expect((await call('POST', '/api/v1/people', { token: admin.token, body })).status).toBe(409);
  });

  it('answers a bad field with 400 naming it', async () => {
    const admin = await aPerson(['admin']);
    const badRole = await call<{ errors: { path: string }[] }>('POST', '/api/v1/people', {
      token: admin.token,
      body: { username: 'x', roles: ['superuser'] },
    });
    expect(badRole.status).toBe(400);
    expect(badRole.body.errors[0]!.path).toMatch(/^roles/);
    const badAgent = await call<{ errors: { path: string }[] }>('POST', '/api/v1/people', {
      token: admin.token,
      body: { username: 'y', roles: ['learner'], agents: [{ name: 'no identifier' }] },
    });
    expect(badAgent.status).toBe(400);
    expect(badAgent.body.errors[0]!.path).toMatch(/^agents\[0\]/);
  });

  it('refuses people management to a learner (403) and to an anonymous caller (401)', async () => {
    const learner = await aPerson(['learner']);
    expect((await call('GET', '/api/v1/people', { token: learner.token })).status).toBe(403);
    expect(
      (await call('POST', '/api/v1/people', { token: learner.token, body: { username: 'z', roles: [] } }))
        .status,
    ).toBe(403);
    expect((await call('POST', '/api/v1/groups', { token: learner.token, body: { name: 'g' } })).status).toBe(
      403,
    );
    expect((await call('GET', '/api/v1/people')).status).toBe(401);
  });

  it("lets an admin change roles, agents and disable a person; 404 for another tenant's person", async () => {
    const admin = await aPerson(['admin']);
    const other = await aPerson(['learner']);
    const own = await aPerson(['learner'], admin.tenant);
    const patched = await call<{ roles: string[]; agents: unknown[]; disabledAt: string | null }>(
      'PATCH',
      `/api/v1/people/${own.person.id}`,
      {
        token: admin.token,
        body: { roles: ['learner', 'consumer'], agents: [{ openid: 'https://id.example.org/o' }] },
      },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.roles).toEqual(['consumer', 'learner']);
    expect(patched.body.agents).toEqual([{ openid: 'https://id.example.org/o' }]);
    const disabled = await call<{ disabledAt: string | null }>('PATCH', `/api/v1/people/${own.person.id}`, {
      token: admin.token,
      body: { disabled: true },
    });
    expect(disabled.body.disabledAt).not.toBeNull();
    expect((await call('GET', '/api/v1/me', { token: own.token })).status).toBe(401);
    const foreign = await call('PATCH', `/api/v1/people/${other.person.id}`, {
      token: admin.token,
      body: { roles: ['admin'] },
    });
    expect(foreign.status).toBe(404);
  });

  it('lets an admin create groups, set their members and list them', async () => {
    const admin = await aPerson(['admin']);
    const member = await aPerson(['learner'], admin.tenant);
    const outsider = await aPerson(['learner']);
    const group = await call<{ id: string }>('POST', '/api/v1/groups', {
      token: admin.token,
      body: { name: 'instructors of course X' },
    });
    expect(group.status).toBe(201);
    expect(
      (
        await call('POST', '/api/v1/groups', {
          token: admin.token,
          body: { name: 'instructors of course X' },
        })
      ).status,
    ).toBe(409);
    const set = await call<{ memberIds: string[] }>('PUT', `/api/v1/groups/${group.body.id}/members`, {
      token: admin.token,
      body: { personIds: [member.person.id] },
    });
    expect(set.status).toBe(200);
    expect(set.body.memberIds).toEqual([member.person.id]);
    const foreign = await call('PUT', `/api/v1/groups/${group.body.id}/members`, {
      token: admin.token,
      body: { personIds: [outsider.person.id] },
    });
    expect(foreign.status).toBe(400);
    const me = await call<{ groupIds: string[] }>('GET', '/api/v1/me', { token: member.token });
    expect(me.body.groupIds).toEqual([group.body.id]);
    const list = await call<{ name: string }[]>('GET', '/api/v1/groups', { token: admin.token });
    expect(list.body.map((g) => g.name)).toEqual(['instructors of course X']);
    expect(
      (
        await call('PUT', `/api/v1/groups/${crypto.randomUUID()}/members`, {
          token: admin.token,
          body: { personIds: [] },
        })
      ).status,
    ).toBe(404);
  });
});

describe('institutional OIDC issuer (OpenID Connect Core §2, §3.1.3.7)', () => {
  let jwksServer: Server;
  let issuer: string;
  let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  const audience = 'custos-at-uni';

  beforeAll(async () => {
    // Stands in for the institution's identity provider: something outside our system.
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    signingKey = privateKey;
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    jwksServer = createServer((req, res) => {
      if (req.url === '/.well-known/jwks.json') {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ keys: [jwk] }));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const address = jwksServer.address();
    issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => jwksServer?.close(resolve));
  });
  // After the hooks above: its settings name the issuer they start, and it closes before that stops.
  const oidcLrs = useConformanceLrs(() => ({ CUSTOS_OIDC_ISSUER: issuer, CUSTOS_OIDC_AUDIENCE: audience }));

  const idToken = (claims: Record<string, unknown>, opts: { iss?: string; aud?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(opts.iss ?? issuer)
      .setAudience(opts.aud ?? audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signingKey);

  it('accepts a token from the issuer for the person whose external subject matches', async () => {
    const tenant = aTenant();
    await oidcLrs.people.create(tenant, {
      username: 'carla',
      externalSubject: 'uni-sub-1',
      roles: ['learner'],
    });
    const token = await idToken({ sub: 'uni-sub-1', tid: tenant });
    const me = await call('GET', '/api/v1/me', { token, base: oidcLrs.baseUrl });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'carla', tenantId: tenant, externalSubject: 'uni-sub-1' });
  });

  it('rejects a token for another audience, from another issuer, or for an unknown subject', async () => {
    const tenant = aTenant();
    await oidcLrs.people.create(tenant, {
      username: 'dan',
      externalSubject: 'uni-sub-2',
      roles: ['learner'],
    });
    const claims = { sub: 'uni-sub-2', tid: tenant };
    const wrongAudience = await idToken(claims, { aud: 'someone-else' });
    const wrongIssuer = await idToken(claims, { iss: 'https://evil.example.org' });
    const unknownSubject = await idToken({ sub: 'uni-sub-404', tid: tenant });
    for (const token of [wrongAudience, wrongIssuer, unknownSubject]) {
      expect((await call('GET', '/api/v1/me', { token, base: oidcLrs.baseUrl })).status).toBe(401);
    }
  });
});
