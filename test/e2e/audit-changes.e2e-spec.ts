// Change records in distributed mode (issue 5): a grant made through the gateway, a failed login, and people made
// with the command line's service path reach the tenant's audit chain from the consent process, over JetStream, to
// two storage processes sharing one durable consumer — each recorded once, in a chain that verifies.
import { randomBytes } from 'node:crypto';

import { NatsBus } from '@custos/messaging';
import { createLogger } from '@custos/platform';
import { type Cluster, startCluster, waitFor } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { aTenant } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');

let cluster: Cluster;
let people: PeopleFactory;
let db: pg.Pool;

beforeAll(async () => {
  cluster = await startCluster({ databaseUrl, natsUrl });
  await cluster.addReplica('storage');
  people = await peopleFactory(databaseUrl);
  db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
});

afterAll(async () => {
  await cluster?.stop();
  await people?.close();
  await db?.end();
});

interface Row {
  principal_id: string;
  principal_kind: string;
  action: string;
  query: Record<string, unknown>;
  decision: string;
  request_id: string | null;
}

const changesOf = async (tenantId: string): Promise<Row[]> =>
  (
    await db.query<Row>(
      `SELECT r.principal_id, r.principal_kind, r.action, r.query, r.decision, r.request_id
         FROM storage.audit_record r
        WHERE r.tenant_id = $1 AND r.event_id IS NOT NULL ORDER BY r.seq`,
      [tenantId],
    )
  ).rows;

async function login(tenant: string, username: string, password: string): Promise<Response> {
  return fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  });
}

describe('change records in distributed mode', () => {
  it('records a grant made through the cluster, a failed login and people made by the operator, once each', async () => {
    const tenant = aTenant();
    const password = randomBytes(12).toString('hex');
    // The command line's service path: relay off, so the running consent process relays these.
    const admin = await people.create(tenant, { username: 'admin', password, roles: ['admin'] });
    const ana = await people.create(tenant, { username: 'ana', password, roles: ['learner'] });
    const asPerson = async (username: string) => {
      const res = await login(tenant, username, password);
      expect(res.status, cluster.logs()).toBe(200);
      const { access_token: token } = (await res.json()) as { access_token: string };
      return async (method: string, path: string, body?: unknown) => {
        const r = await fetch(`${cluster.baseUrl}${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return {
          requestId: r.headers.get('x-request-id'),
          body: (await r.json()) as Record<string, unknown>,
        };
      };
    };
    const asAdmin = await asPerson('admin');
    const asAna = await asPerson('ana');
    const policy = await asAdmin('POST', '/api/v1/policies', {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'tutoring', text: 'Tutors follow their students' },
      lawfulBasis: 'consent',
    });
    const grant = await asAna('POST', '/api/v1/me/grants', { policyId: policy.body.id });
    const grantId = (grant.body.record as { id: string }).id;
    expect((await login(tenant, 'ana', 'not-her-password')).status).toBe(401);

    let rows: Row[] = [];
    await waitFor(
      'the change records',
      async () => {
        rows = await changesOf(tenant);
        return rows.length >= 5;
      },
      40_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    rows = await changesOf(tenant);
    expect(rows.map((r) => r.action).sort()).toEqual([
      'grant.create',
      'login.failure',
      'person.create',
      'person.create',
      'policy.create',
    ]);
    expect(rows.find((r) => r.action === 'grant.create')).toMatchObject({
      principal_id: ana.id,
      principal_kind: 'person',
      query: { grantId, personId: ana.id, policyId: policy.body.id },
      decision: 'allow',
      request_id: grant.requestId,
    });
    expect(rows.find((r) => r.action === 'policy.create')).toMatchObject({
      principal_id: admin.id,
      request_id: policy.requestId,
    });
    expect(rows.find((r) => r.action === 'login.failure')).toMatchObject({
      principal_id: ana.id,
      decision: 'deny',
    });
    expect(rows.filter((r) => r.action === 'person.create')).toEqual([
      expect.objectContaining({ principal_id: 'operator', principal_kind: 'system' }),
      expect.objectContaining({ principal_id: 'operator', principal_kind: 'system' }),
    ]);

    const bus = await NatsBus.connect({
      url: natsUrl,
      namespace: cluster.namespace,
      name: 'audit-changes-spec',
      logger: createLogger('test', 'silent'),
    });
    try {
      expect(await bus.request('storage.v1.audit.verify', { tenantId: tenant })).toMatchObject({ ok: true });
    } finally {
      await bus.close();
    }
  });
});
