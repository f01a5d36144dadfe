// People in distributed mode: a login and GET /api/v1/me cross five processes (gateway → consent
// over NATS), with the local issuer's key given to consent as CUSTOS_JWT_PRIVATE_KEY; a consent change
// is announced on JetStream.
import { randomBytes } from 'node:crypto';

import { type ConsentChangedV1, eventStreamName } from '@custos/contracts';
import { type Cluster, startCluster, waitFor } from '@custos/testing';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
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

  it('publishes consent.changed on JetStream for a policy, a grant and its revocation', async () => {
    const tenant = aTenant();
    const password = randomBytes(12).toString('hex');
    await people.create(tenant, { username: 'admin', password, roles: ['admin'] });
    const ana = await people.create(tenant, { username: 'ana', password, roles: ['learner'] });
    const asPerson = async (username: string) => {
      const login = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenant, username, password }),
      });
      const { access_token: token } = (await login.json()) as { access_token: string };
      return async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${cluster.baseUrl}${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return (await res.json()) as { id: string; receiptId: string; record: { id: string } };
      };
    };
    const admin = await asPerson('admin');
    const learner = await asPerson('ana');
    const policy = await admin('POST', '/api/v1/policies', {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'tutoring', text: 'Tutors follow their students' },
      lawfulBasis: 'consent',
    });
    const grant = await learner('POST', '/api/v1/me/grants', { policyId: policy.id });
    const revocation = await learner('DELETE', `/api/v1/me/grants/${grant.record.id}`);

    const nc = await connect({ servers: natsUrl });
    try {
      // Published just after each commit: read the stream until the revocation is there.
      let events: ConsentChangedV1[] = [];
      await waitFor('the consent.changed events', async () => {
        const consumer = await jetstream(nc).consumers.get(eventStreamName(cluster.namespace));
        events = [];
        for await (const m of await consumer.fetch({ max_messages: 1000, expires: 1000 })) {
          if (m.subject !== `${cluster.namespace}.consent.v1.consent.changed`) continue;
          const event = m.json<ConsentChangedV1>();
          if (event.tenantId === tenant) events.push(event);
        }
        return events.some((e) => e.change === 'revoked');
      });
      expect(events).toEqual([
        expect.objectContaining({ change: 'policy-created', policyId: policy.id, policyVersion: 1 }),
        expect.objectContaining({
          change: 'granted',
          personId: ana.id,
          grantId: grant.record.id,
          receiptId: grant.receiptId,
        }),
        expect.objectContaining({
          change: 'revoked',
          personId: ana.id,
          grantId: grant.record.id,
          receiptId: revocation.receiptId,
        }),
      ]);
    } finally {
      await nc.close();
    }
  });
});
