// People in distributed mode: a login and GET /api/v1/me cross five processes (gateway → consent
// over NATS), with the local issuer's key given to consent as CUSTOS_JWT_PRIVATE_KEY.
import { randomBytes } from 'node:crypto';

import { type Cluster, startCluster } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { aTenant } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');

let cluster: Cluster;
let people: PeopleFactory;

beforeAll(async () => {
  cluster = await startCluster({ databaseUrl, natsUrl });
  people = await peopleFactory(databaseUrl);
});

afterAll(async () => {
  await cluster?.stop();
  await people?.close();
});

describe('people in distributed mode', () => {
  it('logs a person in and answers GET /api/v1/me with their bearer token', async () => {
    const tenant = aTenant();
    const password = randomBytes(12).toString('hex');
    await people.create(tenant, { username: 'ana', password, roles: ['learner', 'auditor'] });
    const login = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant, username: 'ana', password }),
    });
    expect(login.status, cluster.logs()).toBe(200);
    const { access_token: token } = (await login.json()) as { access_token: string };
    const me = await fetch(`${cluster.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      username: 'ana',
      tenantId: tenant,
      roles: ['auditor', 'learner'],
    });
    const wrong = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant, username: 'ana', password: 'wrong-password' }),
    });
    expect(wrong.status).toBe(401);
  });
});
