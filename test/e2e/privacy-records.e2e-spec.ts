// Issue 15 items 6 and 7 in distributed mode: five processes over the real NATS with each part's permissions
// (deploy/nats/accounts-custos.conf): an auditor's evidence pack verifies offline with the public key, the records
// of processing reach admins and auditors only, and a learner's export carries their receipts and access log.
import { createPrivateKey, createPublicKey, randomBytes, randomUUID } from 'node:crypto';

import { trustedKeysOf, verifyEvidencePack } from '@custos/storage';
import { aStatement, type Cluster, startCluster } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';
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
}, 120_000);

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
  return (path: string, init: RequestInit = {}) =>
    fetch(`${cluster.baseUrl}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
}

describe('privacy records in distributed mode', () => {
  it('serves the evidence pack, the records of processing and the subject-access answer over NATS', async () => {
    const lms = await credentials.create(['all']);
    const tenant = lms.tenantId;
    const password = randomBytes(12).toString('hex');
    const mbox = `mailto:${randomUUID()}@example.org`;
    await people.create(tenant, { username: 'admin', password, roles: ['admin'] });
    await people.create(tenant, { username: 'auditor', password, roles: ['auditor'] });
    await people.create(tenant, { username: 'ana', password, roles: ['learner'], agents: [{ mbox }] });
    const from = new Date(Date.now() - 1000).toISOString();
    const posted = await fetch(`${cluster.baseUrl}/xapi/statements`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${lms.key}:${lms.secret}`).toString('base64')}`,
        'X-Experience-API-Version': '2.0.0',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify([aStatement({ actor: { mbox } })]),
    });
    expect(posted.status, cluster.logs()).toBe(200);
    const admin = await signIn(tenant, 'admin', password);
    const auditor = await signIn(tenant, 'auditor', password);
    const ana = await signIn(tenant, 'ana', password);

    const policy = await admin('/api/v1/policies', {
      method: 'POST',
      body: JSON.stringify({
        grantee: { kind: 'role', id: 'consumer' },
        purpose: { code: 'tutoring', text: 'Tutors follow their students' },
        lawfulBasis: 'consent',
      }),
    });
    expect(policy.status, cluster.logs()).toBe(201);
    const { id: policyId } = (await policy.json()) as { id: string };
    expect(
      (await ana('/api/v1/me/grants', { method: 'POST', body: JSON.stringify({ policyId }) })).status,
    ).toBe(201);

    for (const who of [admin, auditor]) {
      const res = await who('/api/v1/records-of-processing');
      expect(res.status, cluster.logs()).toBe(200);
      expect(((await res.json()) as { activities: { policyId: string }[] }).activities).toEqual([
        expect.objectContaining({ policyId }),
      ]);
    }
    expect((await ana('/api/v1/records-of-processing')).status).toBe(403);

    const exported = await ana('/api/v1/me/export');
    expect(exported.status, cluster.logs()).toBe(200);
    const lines = (await exported.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string } & Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ type: 'end', statements: 1, receipts: 1 });
    expect(Number(lines.at(-1)?.accessLog)).toBeGreaterThanOrEqual(1);

    const to = new Date(Date.now() + 60_000).toISOString();
    const pack = await auditor(`/api/v1/audit/evidence?${new URLSearchParams({ from, to }).toString()}`);
    expect(pack.status, cluster.logs()).toBe(200);
    const key = createPublicKey(createPrivateKey(cluster.env.CUSTOS_AUDIT_SIGNING_KEY!));
    const verdict = verifyEvidencePack(await pack.json(), trustedKeysOf([key]));
    expect(verdict, JSON.stringify(verdict.problems)).toMatchObject({ ok: true });
    expect(verdict.index!.policyChanges).toHaveLength(1);
    expect(
      (await admin(`/api/v1/audit/evidence?${new URLSearchParams({ from, to }).toString()}`)).status,
    ).toBe(403);
  });
});
