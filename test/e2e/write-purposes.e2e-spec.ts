// Write purposes in distributed mode (docs/privacy-operations.md "Write purposes"): an operator binds a credential
// to a policy's purpose with `custos credentials bind`; a statement it writes about a learner without consent is
// held, unreadable; the learner's grant travels as consent's event over JetStream to storage's durable consumer
// (with the parts' own NATS permissions), which releases the statement within moments — no periodic job involved.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { aLearner, aStatement, aVerb, type Cluster, startCluster } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');
const CLI = fileURLToPath(new URL('../../bin/custos.js', import.meta.url));

let cluster: Cluster;
let people: PeopleFactory;
let credentials: CredentialFactory;

beforeAll(async () => {
  // The periodic round is far off: only the event can release the statement within the test.
  cluster = await startCluster({
    databaseUrl,
    natsUrl,
    partEnv: { storage: { CUSTOS_HOLD_MAINTAIN_EVERY: '3600' } },
  });
  people = await peopleFactory(databaseUrl);
  credentials = await credentialFactory(databaseUrl);
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await people?.close();
  await credentials?.close();
});

async function signIn(tenant: string, username: string) {
  const login = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username, password: `${username}-password-123` }),
  });
  expect(login.status, cluster.logs()).toBe(200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${cluster.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

function custos(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const env = { ...cluster.env, PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env }, (err, stdout) => {
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        // no JSON on stdout (a usage error)
      }
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, json });
    });
  });
}

describe('write purposes in distributed mode', () => {
  it('holds a statement about a learner without consent and releases it on their grant, through JetStream', async () => {
    const reader = await credentials.create(['all']);
    const { tenantId } = reader;
    const writer = await credentials.create(['statements/write'], tenantId);
    const bob = aLearner(`bob-${randomUUID()}`);
    for (const [username, roles, agents] of [
      ['admin', ['admin'], []],
      ['bob', ['learner'], [{ mbox: bob.mbox }]],
    ] as const) {
      await people.create(tenantId, {
        username,
        password: `${username}-password-123`,
        roles: [...roles],
        agents: [...agents],
      });
    }
    const admin = await signIn(tenantId, 'admin');
    const policy = await admin('POST', '/api/v1/policies', {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'analytics', text: 'Course analytics' },
      lawfulBasis: 'consent',
      onWriteWithoutBasis: 'hold',
    });
    expect(policy.status, cluster.logs()).toBe(201);
    const bound = await custos(['credentials', 'bind', '--write-policy', String(policy.body.id), writer.key]);
    expect(bound.code, cluster.logs()).toBe(0);
    expect(bound.json).toMatchObject({ id: writer.id, writePolicyId: policy.body.id });

    const xapi = (c: typeof reader, method: string, path: string, body?: unknown) =>
      fetch(`${cluster.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`,
          'X-Experience-API-Version': '2.0.0',
          'Content-Type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const statement = aStatement({ id: randomUUID(), actor: bob, verb: aVerb('completed') });
    expect((await xapi(writer, 'POST', '/xapi/statements', statement)).status, cluster.logs()).toBe(200);
    const read = () => xapi(reader, 'GET', `/xapi/statements?statementId=${statement.id as string}`);
    expect((await read()).status).toBe(404);

    const bobCall = await signIn(tenantId, 'bob');
    const started = Date.now();
    expect((await bobCall('POST', '/api/v1/me/grants', { policyId: policy.body.id })).status).toBe(201);
    let status = 404;
    while (status !== 200 && Date.now() - started < 15_000) {
      status = (await read()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status, cluster.logs()).toBe(200);
    const released = (await (await read()).json()) as { actor: { mbox: string } };
    expect(released.actor.mbox).toBe(bob.mbox);
  }, 60_000);
});
