// People in distributed mode: a login and GET /api/v1/me cross five processes (gateway → consent
// over NATS), with the local issuer's key given to consent as CUSTOS_JWT_PRIVATE_KEY; a consent change
// is announced on JetStream; an identifier is linked to one person even when two consent processes race.
import { createHash, randomBytes } from 'node:crypto';

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
  it('links an identifier to one person of a tenant even when two admins race through two consent processes', async () => {
    await cluster.addReplica('consent');
    const tenant = aTenant();
    const password = randomBytes(12).toString('hex');
    const mbox = `mailto:ana-${randomBytes(4).toString('hex')}@example.org`;
    await people.create(tenant, { username: 'admin1', password, roles: ['admin'] });
    await people.create(tenant, { username: 'admin2', password, roles: ['admin'] });
    await people.create(tenant, { username: 'ana', password, roles: ['learner'], agents: [{ mbox }] });
    const asPerson = async (username: string) => {
      const login = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenant, username, password }),
      });
      expect(login.status, cluster.logs()).toBe(200);
      const { access_token: token } = (await login.json()) as { access_token: string };
      return async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${cluster.baseUrl}${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() };
      };
    };
    const [admin1, admin2, ana] = await Promise.all([
      asPerson('admin1'),
      asPerson('admin2'),
      asPerson('ana'),
    ]);
    const person = (username: string, agents: unknown[]) => ({ username, roles: ['learner'], agents });

    const sha1 = createHash('sha1').update(mbox).digest('hex');
    expect((await admin1('POST', '/api/v1/people', person('mallory', [{ mbox_sha1sum: sha1 }]))).status).toBe(
      409,
    );
    for (let round = 0; round < 4; round++) {
      const agents = [{ mbox: `mailto:race-${round}-${randomBytes(3).toString('hex')}@example.org` }];
      const answers = await Promise.all([
        admin1('POST', '/api/v1/people', person(`first-${round}`, agents)),
        admin2('POST', '/api/v1/people', person(`second-${round}`, agents)),
      ]);
      expect(answers.map((a) => a.status).sort(), cluster.logs()).toEqual([201, 409]);
    }

    const access = await ana('GET', '/api/v1/me/effective-access');
    expect(access.status).toBe(200);
    expect((access.body as { who: unknown }[])[0]!.who).toEqual({
      kind: 'self',
      identifiers: [{ agent: { mbox }, linkedAt: expect.any(String) }],
    });
    // The operator's link reaches the chain through the running consent processes' outbox relay.
    await waitFor(
      "the link in Ana's access log",
      async () => {
        const log = await ana('GET', '/api/v1/me/access-log');
        const entries = (log.body as { entries: { action: string; principal: { id: string } }[] }).entries;
        return entries.some((e) => e.action === 'agent.link' && e.principal.id === 'operator');
      },
      30_000,
    );
    // A grant that has already expired is refused here too (400 naming expiresAt).
    const policy = await admin1('POST', '/api/v1/policies', {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'tutoring', text: 'Tutors follow their students' },
      lawfulBasis: 'consent',
    });
    const expired = await ana('POST', '/api/v1/me/grants', {
      policyId: (policy.body as { id: string }).id,
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(expired.status).toBe(400);
    expect(JSON.stringify(expired.body)).toContain('expiresAt');
  });
});
