// Reading the audit log in distributed mode (issue 5, docs/audit.md "Auditor API", "Learners' access log"): an
// auditor's filtered listing, CSV export and statistics, and a learner's access log cross gateway → query →
// consent and storage over NATS, with the pseudonym key given to storage as CUSTOS_AUDIT_PSEUDONYM_KEY.
import { randomBytes } from 'node:crypto';

import { aLearner, aStatement, type Cluster, startCluster, xapiClient } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { aTenant, type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');

let cluster: Cluster;
let people: PeopleFactory;
let credentials: CredentialFactory;

beforeAll(async () => {
  cluster = await startCluster({ databaseUrl, natsUrl });
  people = await peopleFactory(databaseUrl);
  credentials = await credentialFactory(databaseUrl);
});

afterAll(async () => {
  await cluster?.stop();
  await people?.close();
  await credentials?.close();
});

async function signIn(tenant: string, username: string, password: string) {
  const login = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  });
  expect(login.status, cluster.logs()).toBe(200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  return async (path: string) => {
    const res = await fetch(`${cluster.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
}

describe('the audit log in distributed mode', () => {
  it('lets an auditor filter, export and count it, and a learner see the accesses to their records', async () => {
    const tenant = aTenant();
    const password = randomBytes(12).toString('hex');
    const ana = aLearner();
    const lms = await credentials.create(['all'], tenant);
    const client = xapiClient(cluster.baseUrl, lms.key, lms.secret, '2.0.0');
    expect((await client.postStatements([aStatement({ actor: ana }), aStatement()])).status).toBe(200);
    expect((await client.getStatements()).status).toBe(200);
    await people.create(tenant, { username: 'auditor', password, roles: ['auditor'] });
    const anaPerson = await people.create(tenant, {
      username: 'ana',
      password,
      roles: ['learner'],
      agents: [{ mbox: ana.mbox }],
    });
    const auditor = await signIn(tenant, 'auditor', password);
    const learner = await signIn(tenant, 'ana', password);

    const listed = await auditor(
      `/api/v1/audit/records?${new URLSearchParams({ person: anaPerson.id, action: 'statements.read' }).toString()}`,
    );
    expect(listed.status, listed.text).toBe(200);
    const { records } = JSON.parse(listed.text) as { records: { principalId: string; tenantId: string }[] };
    expect(records).toEqual([expect.objectContaining({ principalId: lms.id, tenantId: tenant })]);

    const csv = await auditor('/api/v1/audit/export?format=csv&order=asc');
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const rows = csv.text.trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^tenant_id,seq,at,/);
    expect(rows[1]).toMatch(new RegExp(`^${tenant},1,`));

    const stats = await auditor('/api/v1/audit/stats');
    expect(stats.status).toBe(200);
    expect((JSON.parse(stats.text) as { principals: { principalId: string }[] }).principals).toContainEqual(
      expect.objectContaining({ principalId: lms.id, allow: expect.any(Number) as number }),
    );

    const log = await learner('/api/v1/me/access-log');
    expect(log.status, log.text).toBe(200);
    const { entries } = JSON.parse(log.text) as { entries: { principal: { id: string; name?: string } }[] };
    expect(entries.map((e) => e.principal)).toContainEqual({ id: lms.id, kind: 'credential', name: 'test' });
    expect((await learner('/api/v1/audit/records')).status).toBe(403);
  });
});
