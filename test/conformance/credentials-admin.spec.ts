// The admin API over xAPI client credentials, over HTTP: an admin creates one (the secret in that answer only,
// never cached), the key and secret work at once as HTTP Basic on the xAPI, the list never holds a secret, and a
// revocation refuses the very next request. Bad input is a 400 naming the field; a malformed id a 404.
import { aStatement, xapiClient } from '@custos/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { aTenant } from '../harness/credentials.js';
import { type SignedIn, useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();
let tenantId: string;
let admin: SignedIn;

beforeAll(async () => {
  tenantId = aTenant();
  await lrs.people.create(tenantId, { username: 'root', password: 'root-password-123', roles: ['admin'] });
  admin = await lrs.signIn(tenantId, 'root', 'root-password-123');
});

interface Created {
  credential: { id: string; key: string; name: string; scopes: string[]; revokedAt: string | null };
  secret: string;
}

describe('credentials over /api/v1/credentials', () => {
  it('creates a credential that writes statements at once, lists it without its secret, and revokes it', async () => {
    const res = await fetch(`${lrs.baseUrl}/api/v1/credentials`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Quiz app', scopes: ['statements/write'] }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { credential, secret } = (await res.json()) as Created;
    expect(credential).toMatchObject({ name: 'Quiz app', scopes: ['statements/write'], revokedAt: null });

    const app = xapiClient(lrs.baseUrl, credential.key, secret, '2.0.0');
    expect((await app.postStatements([aStatement()])).status).toBe(200);

    const list = await admin.call('GET', '/api/v1/credentials');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([credential]);
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const revoked = await admin.call('DELETE', `/api/v1/credentials/${credential.id}`);
    expect(revoked.status).toBe(200);
    expect((revoked.body as Created['credential']).revokedAt).not.toBeNull();
    expect((await app.postStatements([aStatement()])).status).toBe(401);
  });

  it('answers 400 naming the field, 404 for a malformed or unknown id, 403 for a learner', async () => {
    const noScopes = await admin.call('POST', '/api/v1/credentials', { name: 'x', scopes: [] });
    expect(noScopes.status).toBe(400);
    expect(JSON.stringify(noScopes.body)).toContain('scopes');
    const unknownScope = await admin.call('POST', '/api/v1/credentials', {
      name: 'x',
      scopes: ['everything'],
    });
    expect(unknownScope.status).toBe(400);
    expect(JSON.stringify(unknownScope.body)).toContain('scopes');
    const extra = await admin.call('POST', '/api/v1/credentials', {
      name: 'x',
      scopes: ['all'],
      secret: 's',
    });
    expect(extra.status).toBe(400);
    expect((await admin.call('DELETE', '/api/v1/credentials/not-an-id')).status).toBe(404);
    expect(
      (await admin.call('DELETE', '/api/v1/credentials/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
    await lrs.people.create(tenantId, { username: 'lea', password: 'lea-password-123', roles: ['learner'] });
    const learner = await lrs.signIn(tenantId, 'lea', 'lea-password-123');
    expect((await learner.call('GET', '/api/v1/credentials')).status).toBe(403);
    expect((await learner.call('GET', '/api/v1/policies/counts')).status).toBe(403);
  });
});
