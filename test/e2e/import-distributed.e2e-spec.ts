// Import from another LRS over the API in distributed mode (docs/flows.md "Import from another LRS"): an admin of
// the tenant POSTs /api/v1/imports at the gateway, ingest reads the source (a standalone Custos) and writes through
// storage over NATS with the parts' own permissions, and the admin follows the job to its end. Nobody else may.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  aStatement,
  type Cluster,
  createScratchDatabase,
  spawnStandalone,
  type StandaloneProcess,
  startCluster,
  waitFor,
  xapiClient,
  signInToApi,
} from '@custos/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');
const KEY = 'import-source';
const SECRET = 'import-source-secret';
const STATEMENTS = 1_200;

let cluster: Cluster;
let source: StandaloneProcess;
let people: PeopleFactory;
let credentials: CredentialFactory;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  const sourceDb = await createScratchDatabase(databaseUrl);
  const dir = mkdtempSync(join(tmpdir(), 'custos-import-source-'));
  cleanups.push(sourceDb.drop, async () => rmSync(dir, { recursive: true, force: true }));
  [cluster, source] = await Promise.all([
    startCluster({ databaseUrl, natsUrl }),
    spawnStandalone(dir, {
      DATABASE_URL: sourceDb.url,
      CUSTOS_BOOTSTRAP_KEY: KEY,
      CUSTOS_BOOTSTRAP_SECRET: SECRET,
    }),
  ]);
  cleanups.unshift(
    () => cluster.stop(),
    () => source.stop(),
  );
  people = await peopleFactory(databaseUrl);
  credentials = await credentialFactory(databaseUrl);
  cleanups.unshift(
    () => people.close(),
    () => credentials.close(),
  );
}, 180_000);

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
});

/** A person of the tenant signed in to the cluster's API. */
const signIn = (tenant: string, username: string, password: string) =>
  signInToApi(cluster.baseUrl, { tenant, username, password }, { context: () => cluster.logs() });

describe('import over the API, distributed', () => {
  it("an admin imports another LRS's statements and follows the job; a re-run imports nothing new", async () => {
    const xapiSource = xapiClient(source.baseUrl, KEY, SECRET);
    const ids: string[] = [];
    for (let i = 0; i < STATEMENTS; i += 400) {
      const posted = await xapiSource.postStatements(
        Array.from({ length: 400 }, () => ({ ...aStatement(), id: randomUUID() })),
      );
      expect(posted.status).toBe(200);
      ids.push(...posted.body);
    }
    const voiding = {
      ...aStatement(),
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
      object: { objectType: 'StatementRef', id: ids[7] },
    };
    expect((await xapiSource.postStatements(voiding)).status).toBe(200);

    const reader = await credentials.create(['all']);
    const tenant = reader.tenantId;
    const password = randomBytes(12).toString('hex');
    await people.create(tenant, { username: 'admin', password, roles: ['admin'] });
    await people.create(tenant, { username: 'consumer', password, roles: ['consumer'] });
    const body = { from: `${source.baseUrl}/xapi`, key: KEY, secret: SECRET };

    const consumer = await signIn(tenant, 'consumer', password);
    expect((await consumer('POST', '/api/v1/imports', body)).status).toBe(403);
    expect((await consumer('GET', '/api/v1/imports')).status).toBe(403);
    const admin = await signIn(tenant, 'admin', password);
    expect((await admin('POST', '/api/v1/imports', { ...body, from: 'ftp://x' })).status).toBe(400);

    const started = await admin('POST', '/api/v1/imports', body);
    expect(started.status, cluster.logs()).toBe(201);
    const id = String(started.body.id);
    const finished = async () => {
      const got = await admin('GET', `/api/v1/imports/${id}`);
      return got.body.state !== 'running' ? got.body : undefined;
    };
    await waitFor('the import to end', async () => (await finished()) !== undefined, 120_000);
    const job = (await finished())!;
    expect(job, cluster.logs()).toMatchObject({
      state: 'completed',
      source: `${source.baseUrl}/xapi`,
      imported: STATEMENTS + 1,
      skipped: 0,
      refused: 0,
      pages: 3,
    });
    const list = await fetch(`${cluster.baseUrl}/api/v1/imports`, {
      headers: { Authorization: await loginHeader(tenant, password) },
    });
    expect(((await list.json()) as { id: string }[]).map((j) => j.id)).toEqual([id]);

    // The tenant serves them (its credential with scope `all` reads them), the voided one by voidedStatementId.
    const xapi = xapiClient(cluster.baseUrl, reader.key, reader.secret);
    const page = await xapi.getStatements({ limit: '0' });
    expect(page.body.statements).toHaveLength(500);
    expect((await xapi.getStatements({ voidedStatementId: ids[7]! })).status).toBe(200);
    expect((await xapi.getStatements({ statementId: ids[7]! })).status).toBe(404);

    // Again: a new job, nothing new.
    const again = await admin('POST', '/api/v1/imports', body);
    expect(again.status).toBe(201);
    await waitFor('the re-run to end', async () => {
      const got = await admin('GET', `/api/v1/imports/${String(again.body.id)}`);
      return got.body.state === 'completed' && got.body.imported === 0 && got.body.skipped === STATEMENTS + 1;
    });
  }, 300_000);
});

async function loginHeader(tenant: string, password: string): Promise<string> {
  const login = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username: 'admin', password }),
  });
  return `Bearer ${((await login.json()) as { access_token: string }).access_token}`;
}
