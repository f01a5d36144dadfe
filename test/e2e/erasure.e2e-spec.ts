// Erasure in distributed mode (docs/adr/0013-erasure-and-crypto-shredding.md): consent's job asks storage over
// NATS to erase and to seal; with storage down the job waits at its step and resumes once storage is back; the
// database then holds nothing of the person; `custos erasure status` checks the signed completion record with the
// audit public key alone, and `custos audit verify` still verifies. Storage's tenant keys are held by a KMS (a
// stand-in for Vault transit): what it stores about the person is sealed from the start, and the erasure destroys
// their data key (crypto-shredding, ADR 0013 part 2).
import { execFile } from 'node:child_process';
import { createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { ErasureViewV1 } from '@custos/contracts';
import {
  type Cluster,
  startCluster,
  startVaultTransit,
  type VaultTransitStandIn,
  waitFor,
  xapiClient,
} from '@custos/testing';
import { ifiHash } from '@custos/xapi';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { aTenant, type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');
const CLI = fileURLToPath(new URL('../../bin/custos.js', import.meta.url));
const run = promisify(execFile);

let cluster: Cluster;
let people: PeopleFactory;
let credentials: CredentialFactory;
let db: pg.Pool;
let dir: string;
let vault: VaultTransitStandIn;

beforeAll(async () => {
  vault = await startVaultTransit();
  cluster = await startCluster({
    databaseUrl,
    natsUrl,
    env: {
      CUSTOS_ERASURE__POLL_SECONDS: '1',
      CUSTOS_KEY_STORE_PROVIDER: 'vault',
      CUSTOS_KEY_STORE_VAULT_ADDR: vault.url,
      CUSTOS_KEY_STORE_VAULT_TOKEN: vault.token,
    },
  });
  people = await peopleFactory(databaseUrl);
  credentials = await credentialFactory(databaseUrl);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  dir = await mkdtemp(join(tmpdir(), 'custos-erasure-'));
});

afterAll(async () => {
  await cluster?.stop();
  await people?.close();
  await credentials?.close();
  await db?.end();
  if (dir) await rm(dir, { recursive: true, force: true });
  await vault?.close();
});

async function signIn(tenant: string, username: string, password: string) {
  const login = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  });
  expect(login.status, cluster.logs()).toBe(200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  return async (method: string, path: string) => {
    const res = await fetch(`${cluster.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}` },
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as ErasureViewV1 };
  };
}

describe('erasure in distributed mode', () => {
  it('resumes after storage was down, leaves nothing of the person, and its completion verifies with the CLI', async () => {
    const tenant = aTenant();
    const tag = randomBytes(5).toString('hex');
    const mbox = `mailto:dora.${tag}@example.org`;
    const name = `Dora Erasable ${tag}`;
    const password = randomBytes(12).toString('hex');
    const dora = await people.create(tenant, {
      username: `dora-${tag}`,
      password,
      roles: ['learner'],
      agents: [{ mbox }],
      displayName: name,
    });
    await people.create(tenant, { username: `admin-${tag}`, password, roles: ['admin'] });
    const c = await credentials.create(['all'], tenant);
    const xapi = xapiClient(cluster.baseUrl, c.key, c.secret);
    const verb = { id: 'http://adlnet.gov/expapi/verbs/attended' };
    const hers = {
      id: randomUUID(),
      actor: { name, mbox },
      verb,
      object: { id: 'https://courses.example/1' },
    };
    const taught = {
      id: randomUUID(),
      actor: { mbox: `mailto:eve.${tag}@example.org` },
      verb,
      object: { id: 'https://courses.example/2' },
      context: { instructor: { name, mbox } },
    };
    expect((await xapi.postStatements([hers, taught])).status).toBe(200);
    // Sealed at rest from the start, under data keys the KMS wrapped: a backup taken now already holds neither.
    expect(vault.calls.encrypt).toBeGreaterThan(0);
    const { stdout: before } = await run('pg_dump', ['--data-only', '--schema=storage', databaseUrl], {
      maxBuffer: 1 << 30,
    });
    expect(before.includes(mbox)).toBe(false);
    expect(before.includes(name)).toBe(false);
    const admin = await signIn(tenant, `admin-${tag}`, password);

    // Storage is down: the erasure is accepted and waits at its storage step.
    await cluster.processes.get('storage')!.stop();
    const created = await admin('POST', `/api/v1/people/${dora.id}/erasure`);
    expect(created.status, cluster.logs()).toBe(201);
    const id = created.body.id;
    await waitFor(
      'the erasure to wait at its storage step',
      async () => (await admin('GET', `/api/v1/erasures/${id}`)).body.progress.step === 'storage',
      10_000,
    );
    expect((await admin('GET', `/api/v1/erasures/${id}`)).body.state).toBe('running');
    await cluster.restart('storage');
    await waitFor(
      'the erasure to complete once storage is back',
      async () => (await admin('GET', `/api/v1/erasures/${id}`)).body.state === 'completed',
      30_000,
    );
    const done = (await admin('GET', `/api/v1/erasures/${id}`)).body;
    expect(done.completion!.record).toMatchObject({
      removed: { statementsDeleted: 1, person: 1, agentLinks: 2 },
      pseudonymised: { statements: 1 },
    });

    const { stdout: dump } = await run('pg_dump', ['--data-only', databaseUrl], { maxBuffer: 1 << 30 });
    for (const needle of [mbox.slice('mailto:'.length), name, `dora-${tag}`]) {
      expect(dump.includes(needle), `the dump still holds ${needle}`).toBe(false);
    }
    const { rows } = await db.query<{ subject_hashes: string[] | null }>(
      `SELECT subject_hashes FROM consent.erasure WHERE id = $1`,
      [id],
    );
    expect(rows[0]!.subject_hashes).toBeNull();
    // Her data key is destroyed (what makes that earlier backup unreadable for her); the key store keeps the
    // erasure's id and how many keys went.
    const keys = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM keys.data_key WHERE tenant_id = $1 AND ifi_hash = $2`,
      [tenant, ifiHash(`mbox:${mbox}`)],
    );
    expect(keys.rows[0]!.n).toBe(0);
    const shredded = await db.query<{ keys_destroyed: number }>(
      `SELECT keys_destroyed FROM keys.erasure WHERE tenant_id = $1 AND erasure_id = $2`,
      [tenant, id],
    );
    expect(shredded.rows[0]!.keys_destroyed).toBe(1);

    // The command line checks the completion record with the audit public key alone.
    const keyFile = join(dir, 'audit-public.pem');
    await writeFile(
      keyFile,
      createPublicKey(cluster.env.CUSTOS_AUDIT_SIGNING_KEY!).export({ type: 'spki', format: 'pem' }),
    );
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl };
    const status = await run(
      process.execPath,
      [CLI, 'erasure', 'status', '--tenant', tenant, '--public-key', keyFile, id],
      {
        env,
        cwd: dir,
      },
    );
    expect(JSON.parse(status.stdout)).toMatchObject({ id, state: 'completed' });
    expect(status.stderr).toMatch(/signature valid/);
    const verified = await run(
      process.execPath,
      [CLI, 'audit', 'verify', '--tenant', tenant, '--public-key', keyFile],
      {
        env: { ...env, CUSTOS_AUDIT_PSEUDONYM_KEY: cluster.env.CUSTOS_AUDIT_PSEUDONYM_KEY! },
        cwd: dir,
      },
    );
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  });
});
