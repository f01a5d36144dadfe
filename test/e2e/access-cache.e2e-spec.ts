// ADR 0011 in distributed mode — query keeps each reader's access between reads, in its own process; a change made
// through consent (another process) applies to the very next read all the same, because storage's page query checks
// the tenant's access version. Each test reads twice first, so the access is kept, then changes something: a grant
// revoked, an objection, a policy edited away from the reader, a credential revoked.
import { randomBytes } from 'node:crypto';

import { aLearner, aStatement, aVerb, type Cluster, startCluster, xapiClient } from '@custos/testing';
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

const COURSE = 'https://example.org/courses/kept/';
type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

async function signIn(tenant: string, username: string, password: string): Promise<Call> {
  const login = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  });
  expect(login.status, cluster.logs()).toBe(200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  return async (method, path, body) => {
    const res = await fetch(`${cluster.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        'X-Experience-API-Version': '2.0.0',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

/** A tenant with a statement about Ana and one about Bob, an admin, a consumer and Ana, signed in. */
async function aWorld() {
  const tenant = aTenant();
  const lms = await credentials.create(['all'], tenant);
  const ana = aLearner();
  const bob = aLearner();
  const completed = aVerb('completed');
  const posted = await xapiClient(cluster.baseUrl, lms.key, lms.secret).postStatements([
    aStatement({ actor: ana, verb: completed, object: { objectType: 'Activity', id: `${COURSE}1` } }),
    aStatement({ actor: bob, verb: completed, object: { objectType: 'Activity', id: `${COURSE}1` } }),
  ]);
  expect(posted.status, cluster.logs()).toBe(200);
  const [anaStatement, bobStatement] = posted.body as [string, string];
  const password = randomBytes(12).toString('hex');
  await people.create(tenant, { username: 'admin', password, roles: ['admin'] });
  await people.create(tenant, { username: 'consumer', password, roles: ['consumer'] });
  await people.create(tenant, {
    username: 'ana',
    password,
    roles: ['learner'],
    agents: [{ mbox: ana.mbox }],
  });
  const admin = await signIn(tenant, 'admin', password);
  const consumer = await signIn(tenant, 'consumer', password);
  const read = async (): Promise<string[] | number> => {
    const res = await consumer('GET', '/xapi/statements');
    if (res.status !== 200) return res.status;
    return (res.body as { statements: { id: string }[] }).statements.map((s) => s.id).sort();
  };
  const policy = async (lawfulBasis: string, grantee = { kind: 'role', id: 'consumer' }) => {
    const res = await admin('POST', '/api/v1/policies', policyBody(lawfulBasis, grantee));
    expect(res.status).toBe(201);
    return (res.body as { id: string }).id;
  };
  return {
    admin,
    ana: await signIn(tenant, 'ana', password),
    read,
    policy,
    ids: { ana: anaStatement, bob: bobStatement, both: [anaStatement, bobStatement].sort() },
  };
}

const policyBody = (lawfulBasis: string, grantee = { kind: 'role', id: 'consumer' }) => ({
  grantee,
  purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students' },
  lawfulBasis,
  scope: { activityPrefixes: [COURSE] },
});

describe('kept access in distributed mode (ADR 0011)', () => {
  it('a revoked grant applies to the next read while the access is kept', async () => {
    const w = await aWorld();
    const policyId = await w.policy('consent');
    const granted = await w.ana('POST', '/api/v1/me/grants', { policyId });
    expect(granted.status).toBe(201);
    expect(await w.read()).toEqual([w.ids.ana]);
    expect(await w.read()).toEqual([w.ids.ana]);
    const grantId = (granted.body as { record: { id: string } }).record.id;
    expect((await w.ana('DELETE', `/api/v1/me/grants/${grantId}`)).status).toBe(200);
    expect(await w.read()).toEqual([]);
  });

  it('an objection applies to the next read while the access is kept', async () => {
    const w = await aWorld();
    const policyId = await w.policy('legitimate-interest');
    expect(await w.read()).toEqual(w.ids.both);
    expect(await w.read()).toEqual(w.ids.both);
    expect((await w.ana('POST', '/api/v1/me/objections', { policyId })).status).toBe(201);
    expect(await w.read()).toEqual([w.ids.bob]);
  });

  it('a policy edited away from the consumer stops the next read; a new one lets it in at once', async () => {
    const w = await aWorld();
    const policyId = await w.policy('legal-obligation');
    expect(await w.read()).toEqual(w.ids.both);
    expect(await w.read()).toEqual(w.ids.both);
    const edited = await w.admin(
      'PUT',
      `/api/v1/policies/${policyId}`,
      policyBody('legal-obligation', { kind: 'role', id: 'auditor' }),
    );
    expect(edited.status).toBe(200);
    expect(await w.read()).toBe(403);
    await w.policy('legal-obligation');
    expect(await w.read()).toEqual(w.ids.both);
  });

  it('a revoked credential is refused on its next read while its access is kept', async () => {
    const w = await aWorld();
    const created = await w.admin('POST', '/api/v1/credentials', {
      name: 'Dashboard',
      scopes: ['statements/write'],
    });
    expect(created.status).toBe(201);
    const { credential, secret } = created.body as {
      credential: { id: string; key: string };
      secret: string;
    };
    await w.policy('legal-obligation', { kind: 'credential', id: credential.id });
    const dashboard = xapiClient(cluster.baseUrl, credential.key, secret);
    expect((await dashboard.getStatements()).status).toBe(200);
    expect((await dashboard.getStatements()).body.statements).toHaveLength(2);
    expect((await w.admin('DELETE', `/api/v1/credentials/${credential.id}`)).status).toBe(200);
    expect((await dashboard.getStatements()).status).toBe(401);
  });
});
