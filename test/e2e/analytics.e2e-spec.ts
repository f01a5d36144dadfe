// Analytics in distributed mode (docs/flows.md "Analytics that protect individuals"): the gateway, query, consent
// and storage as separate processes over NATS with their own permissions. A tenant's admin gets counts equal to a
// direct SQL count over the records the analytics policy allows (the learner without a grant is not counted),
// small cells suppressed and marked; a learner is refused; the privacy budget's refusal crosses the bus as a 429
// with Retry-After.
import { randomBytes, randomUUID } from 'node:crypto';

import { aLearner, aStatement, type Cluster, signInToApi, startCluster } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');

let cluster: Cluster;
let people: PeopleFactory;
let credentials: CredentialFactory;
let db: pg.Pool;

beforeAll(async () => {
  cluster = await startCluster({ databaseUrl, natsUrl });
  people = await peopleFactory(databaseUrl);
  credentials = await credentialFactory(databaseUrl);
  db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await people?.close();
  await credentials?.close();
  await db?.end();
});

/** A person of the tenant signed in to the cluster's API. */
const signIn = (tenant: string, username: string, password: string) =>
  signInToApi(cluster.baseUrl, { tenant, username, password }, { context: () => cluster.logs() });

describe('analytics in distributed mode', () => {
  it('counts the allowed records only, suppresses small cells, refuses learners and a spent budget', async () => {
    const lms = await credentials.create(['all']);
    const tenant = lms.tenantId;
    const password = randomBytes(12).toString('hex');
    await people.create(tenant, { username: 'admin', password, roles: ['admin'] });
    const agents = [aLearner(), aLearner(), aLearner(), aLearner()];
    for (const [i, agent] of agents.entries()) {
      await people.create(tenant, {
        username: `learner${i}`,
        password,
        roles: ['learner'],
        agents: [{ mbox: agent.mbox }],
      });
    }
    const admin = await signIn(tenant, 'admin', password);
    expect(
      (
        await admin('PUT', '/api/v1/tenant/settings', {
          ageOfDigitalConsent: 16,
          analytics: { k: 2, noise: null },
        })
      ).status,
    ).toBe(200);
    const policy = await admin('POST', '/api/v1/policies', {
      grantee: { kind: 'role', id: 'admin' },
      purpose: { code: 'analytics', text: 'Aggregate statistics, never about one learner' },
      lawfulBasis: 'consent',
      scope: {},
    });
    expect(policy.status, cluster.logs()).toBe(201);
    // learner0…learner2 grant; learner3 does not.
    for (let i = 0; i < 3; i++) {
      const learner = await signIn(tenant, `learner${i}`, password);
      expect((await learner('POST', '/api/v1/me/grants', { policyId: policy.body.id })).status).toBe(201);
    }
    const org = `https://lms.example/${randomUUID()}/`;
    const [a, b, c] = [`${org}a`, `${org}b`, `${org}c`];
    const activity = (id: string) => ({ objectType: 'Activity', id });
    const posted = await fetch(`${cluster.baseUrl}/xapi/statements`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${lms.key}:${lms.secret}`).toString('base64')}`,
        'X-Experience-API-Version': '2.0.0',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify([
        ...agents.map((actor) => aStatement({ actor, object: activity(a) })),
        aStatement({ actor: agents[0], object: activity(b) }),
        aStatement({ actor: agents[3], object: activity(b) }),
        aStatement({ actor: agents[1], object: activity(c) }),
        aStatement({ actor: agents[2], object: activity(c) }),
      ]),
    });
    expect(posted.status, cluster.logs()).toBe(200);

    const answer = await admin('GET', '/api/v1/analytics/statements?groupBy=activity');
    expect(answer.status, cluster.logs()).toBe(200);
    const { rows } = await db.query<{ activity: string; learners: number; statements: number }>(
      `SELECT s.object_activity_id AS activity, count(DISTINCT sa.ifi_hash)::int AS learners,
         count(DISTINCT s.seq)::int AS statements
       FROM storage.statement s
       JOIN storage.statement_agent sa ON sa.statement_seq = s.seq AND sa.tenant_id = s.tenant_id AND sa.is_subject
       WHERE s.tenant_id = $1 AND NOT s.is_voided
         AND EXISTS (SELECT 1 FROM consent.active_grant_subject g
                     WHERE g.tenant_id = s.tenant_id AND g.ifi_hash = sa.ifi_hash AND g.policy_id = $2)
       GROUP BY 1`,
      [tenant, policy.body.id],
    );
    const direct = Object.fromEntries(rows.map((r) => [r.activity, r]));
    expect(direct[a]).toMatchObject({ learners: 3, statements: 3 });
    expect(direct[b]).toMatchObject({ learners: 1 });
    expect(answer.body.cells).toEqual([
      { key: { activity: a }, suppressed: false, learners: 3, statements: 3 },
      // b: one learner who granted (learner3 did not): suppressed, and c kept back with it (total minus a).
      { key: { activity: b }, suppressed: true, reason: 'fewer-than-k' },
      { key: { activity: c }, suppressed: true, reason: 'complementary' },
    ]);
    expect(answer.body.total).toMatchObject({ suppressed: false, learners: 3, statements: 6 });

    const learner = await signIn(tenant, 'learner0', password);
    expect((await learner('GET', '/api/v1/analytics/statements')).status).toBe(403);

    await admin('PUT', '/api/v1/tenant/settings', {
      ageOfDigitalConsent: 16,
      analytics: { k: 2, noise: { epsilonPerQuery: 1, budgetPerMonth: 1 } },
    });
    const noisy = await admin('GET', '/api/v1/analytics/statements');
    expect(noisy.status).toBe(200);
    expect(noisy.body.noise).toEqual({ epsilon: 1, remaining: 0 });
    const spent = await admin('GET', '/api/v1/analytics/statements');
    expect(spent.status).toBe(429);
    expect(Number(spent.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
