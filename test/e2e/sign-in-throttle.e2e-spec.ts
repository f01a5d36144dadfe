// Issue 10 part 3 in distributed mode: two gateway processes share one consent (and its PostgreSQL), so wrong
// passwords sent in parallel through both are slowed as one — the 429s start after the same total count as
// through one gateway — while another account signs in; a lockout holds across both until an admin of the
// tenant lifts it; wrong HTTP Basic secrets for one key are slowed while another key works, and — the key being
// public — only at the address they come from: the writer at another address goes on through both gateways.
import { randomBytes } from 'node:crypto';

import { type Cluster, startCluster } from '@custos/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { aTenant, type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');
const FREE = 3;
const LOCKOUT_AFTER = 4;

let cluster: Cluster;
let gateways: [string, string];
let people: PeopleFactory;
let credentials: CredentialFactory;

beforeAll(async () => {
  cluster = await startCluster({
    databaseUrl,
    natsUrl,
    env: {
      CUSTOS_SIGN_IN__FREE_FAILURES: String(FREE),
      CUSTOS_SIGN_IN__LOCKOUT_AFTER: String(LOCKOUT_AFTER),
      // Long enough that every parallel attempt lands inside the first back-off on a busy machine.
      CUSTOS_SIGN_IN__BACKOFF_BASE_SECONDS: '5',
      // Every request here comes from 127.0.0.1: the per-address count is tested in the conformance suite.
      CUSTOS_SIGN_IN__ADDRESS_FREE_FAILURES: '1000',
      // The client address is X-Forwarded-For where a test names one (the loopback "proxy" is the test), else
      // 127.0.0.1.
      CUSTOS_GATEWAY__TRUST_PROXY: 'loopback',
    },
  });
  gateways = [cluster.baseUrl, await cluster.addGateway()];
  people = await peopleFactory(databaseUrl);
  credentials = await credentialFactory(databaseUrl);
});

afterAll(async () => {
  await cluster?.stop();
  await people?.close();
  await credentials?.close();
});

const PASSWORD = 'a-password-123';
const login = (gateway: string, tenant: string, username: string, password: string) =>
  fetch(`${gateway}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  });
const basic = (gateway: string, key: string, secret: string, from?: string) =>
  fetch(`${gateway}/xapi/statements?limit=1`, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
      'X-Experience-API-Version': '1.0.3',
      ...(from ? { 'X-Forwarded-For': from } : {}),
    },
  });
/** The i-th request goes through the i-th gateway, round the two. */
const through = (i: number) => gateways[i % 2]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function aTenantWithPeople() {
  const tenant = aTenant();
  const make = (username: string, roles: ('admin' | 'learner')[]) =>
    people.create(tenant, { username, password: PASSWORD, roles });
  const [admin, ana, bob, cleo] = await Promise.all([
    make('admin', ['admin']),
    make('ana', ['learner']),
    make('bob', ['learner']),
    make('cleo', ['learner']),
  ]);
  return { tenant, admin, ana, bob, cleo };
}

describe('the sign-in throttle across two gateways', () => {
  it('slows parallel wrong passwords through both gateways as one, and another account still signs in', async () => {
    const t = await aTenantWithPeople();
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => login(through(i), t.tenant, 'ana', 'wrong-password')),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses, cluster.logs()).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
    for (const r of responses.filter((x) => x.status === 429)) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // Both gateways refuse the account now, even its right password.
    expect((await login(gateways[0], t.tenant, 'ana', PASSWORD)).status).toBe(429);
    expect((await login(gateways[1], t.tenant, 'ana', PASSWORD)).status).toBe(429);
    expect((await login(gateways[1], t.tenant, 'bob', PASSWORD)).status).toBe(200);
    expect((await login(gateways[0], t.tenant, 'bob', PASSWORD)).status).toBe(200);
  });

  it('locks an account across both gateways until an admin unlocks it', async () => {
    const t = await aTenantWithPeople();
    let failures = 0;
    let status = 0;
    for (let i = 0; failures <= LOCKOUT_AFTER && i < 20; i++) {
      const res = await login(through(i), t.tenant, 'cleo', 'wrong-password');
      status = res.status;
      if (status === 401) failures++;
      else if (status === 429) await sleep(Number(res.headers.get('retry-after')) * 1000 + 100);
      else break;
    }
    expect(status, cluster.logs()).toBe(423);
    expect(failures).toBe(LOCKOUT_AFTER);
    expect((await login(gateways[0], t.tenant, 'cleo', PASSWORD)).status).toBe(423);
    expect((await login(gateways[1], t.tenant, 'cleo', PASSWORD)).status).toBe(423);

    const signIn = await login(gateways[0], t.tenant, 'admin', PASSWORD);
    const { access_token: token } = (await signIn.json()) as { access_token: string };
    const unlock = await fetch(`${gateways[0]}/api/v1/people/${t.cleo.id}/sign-in-lock`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(unlock.status).toBe(200);
    expect(await unlock.json()).toEqual({ wasLocked: true });
    expect((await login(gateways[1], t.tenant, 'cleo', PASSWORD)).status).toBe(200);
  });

  it('slows wrong HTTP Basic secrets for one key through both gateways while another key works', async () => {
    const victim = await credentials.create(['all']);
    const other = await credentials.create(['all']);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => basic(through(i), victim.key, randomBytes(8).toString('hex'))),
    );
    expect(responses.map((r) => r.status).sort(), cluster.logs()).toEqual([
      401, 401, 401, 429, 429, 429, 429, 429,
    ]);
    expect((await basic(gateways[1], victim.key, victim.secret)).status).toBe(429);
    expect((await basic(gateways[0], other.key, other.secret)).status).toBe(200);
    expect((await basic(gateways[1], other.key, other.secret)).status).toBe(200);
  });

  it('slows wrong secrets for a public key only at their address: the writer elsewhere gets 200 through both gateways', async () => {
    const key = await credentials.create(['all']);
    const [attacker, writer] = ['198.51.100.7', '203.0.113.9'];
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        basic(through(i), key.key, randomBytes(8).toString('hex'), attacker),
      ),
    );
    expect(responses.map((r) => r.status).sort(), cluster.logs()).toEqual([
      401, 401, 401, 429, 429, 429, 429, 429,
    ]);
    expect((await basic(gateways[0], key.key, key.secret, writer)).status).toBe(200);
    expect((await basic(gateways[1], key.key, key.secret, writer)).status).toBe(200);
    expect((await basic(gateways[1], key.key, key.secret, attacker)).status).toBe(429);
  });
});
