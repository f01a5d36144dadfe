// A learner carries their records (issue 16, docs/flows.md "A learner carries their records"): two standalone
// Custos installations, as two institutions run them. Ana takes her signed archive from A and brings it to B, where
// she sees all of it and B's consumer sees none of it until she grants B's policy; a changed archive, an archive of
// someone else and one from an untrusted issuer are refused; the archive's statements are plain xAPI input. Then a
// distributed installation (the parts over NATS) keeps the same archive and issues one of its own.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  aLearner,
  aStatement,
  createScratchDatabase,
  freePort,
  type Cluster,
  spawnStandalone,
  type StandaloneProcess,
  startCluster,
  xapiClient,
  signInToApi,
} from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { aTenant, credentialFactory } from '../harness/credentials.js';
import { peopleFactory } from '../harness/people.js';

const serverUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');
const COURSE = 'https://example.org/courses/portable/';

type Call = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown; headers: Headers }>;

async function signIn(baseUrl: string, tenant: string, username: string, password: string): Promise<Call> {
  const session = await signInToApi(
    baseUrl,
    { tenant, username, password },
    { headers: { 'X-Experience-API-Version': '2.0.0' } },
  );
  return (method, path, body) => session<unknown>(method, path, body);
}

interface Institution {
  lrs: StandaloneProcess;
  databaseUrl: string;
  tenant: string;
  password: string;
  /** An `all` credential of the tenant (the institution's LMS). */
  lms: { key: string; secret: string };
  people: Awaited<ReturnType<typeof peopleFactory>>;
  credentials: Awaited<ReturnType<typeof credentialFactory>>;
  close: () => Promise<void>;
}

async function anInstitution(env: Record<string, string>): Promise<Institution> {
  const database = await createScratchDatabase(serverUrl);
  const dir = mkdtempSync(join(tmpdir(), 'custos-portable-'));
  const lrs = await spawnStandalone(dir, { DATABASE_URL: database.url, ...env });
  const people = await peopleFactory(database.url);
  const credentials = await credentialFactory(database.url);
  const tenant = aTenant();
  const lms = await credentials.create(['all'], tenant);
  return {
    lrs,
    databaseUrl: database.url,
    tenant,
    password: randomBytes(12).toString('hex'),
    lms,
    people,
    credentials,
    close: async () => {
      await people.close();
      await credentials.close();
      await lrs.stop();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const idsOf = (body: unknown): string[] =>
  (body as { statements: { id: string }[] }).statements.map((s) => s.id).sort();
const contentOf = (archive: { payload: string }) =>
  JSON.parse(Buffer.from(archive.payload, 'base64url').toString('utf8')) as {
    issuer: { url: string; tenant: string };
    subject: { agents: Record<string, unknown>[] };
    statements: Record<string, unknown>[];
    receipts: { status: string }[];
  };

let a: Institution;
let b: Institution;
const ana = aLearner();
const bob = aLearner();
let anaIds: string[];
let archive: { protected: string; payload: string; signature: string };

beforeAll(async () => {
  const portA = await freePort();
  const urlA = `http://127.0.0.1:${portA}`;
  a = await anInstitution({ PORT: String(portA), CUSTOS_PUBLIC_URL: urlA });
  b = await anInstitution({
    CUSTOS_PORTABLE_TRUSTED_ISSUERS: urlA,
    CUSTOS_PORTABLE_ALLOW_LOOPBACK_HTTP: 'true',
  });
  // At A: three statements about Ana (one with Ana in a group), one about Bob; Ana grants a policy (a receipt).
  const at = (actor: Record<string, unknown>, n: number) =>
    aStatement({ actor, object: { objectType: 'Activity', id: `${COURSE}${n}` } });
  const posted = await xapiClient(a.lrs.baseUrl, a.lms.key, a.lms.secret).postStatements([
    at(ana, 1),
    at(ana, 2),
    at({ objectType: 'Group', member: [ana, aLearner()] }, 3),
    at(bob, 4),
  ]);
  expect(posted.status, a.lrs.process.output()).toBe(200);
  anaIds = posted.body.slice(0, 3).sort();
  await a.people.create(a.tenant, { username: 'admin', password: a.password, roles: ['admin'] });
  await a.people.create(a.tenant, {
    username: 'ana',
    password: a.password,
    roles: ['learner'],
    agents: [{ mbox: ana.mbox }],
  });
  const adminA = await signIn(a.lrs.baseUrl, a.tenant, 'admin', a.password);
  const policy = await adminA('POST', '/api/v1/policies', {
    grantee: { kind: 'role', id: 'consumer' },
    purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students' },
    lawfulBasis: 'consent',
    scope: { activityPrefixes: [COURSE] },
  });
  expect(policy.status).toBe(201);
  const anaA = await signIn(a.lrs.baseUrl, a.tenant, 'ana', a.password);
  expect(
    (await anaA('POST', '/api/v1/me/grants', { policyId: (policy.body as { id: string }).id })).status,
  ).toBe(201);
  const got = await anaA('GET', '/api/v1/me/portable');
  expect(got.status, a.lrs.process.output()).toBe(200);
  expect(got.headers.get('content-type')).toMatch(/^application\/jose\+json/);
  archive = got.body as typeof archive;
}, 240_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('a learner carries their records (two standalone installations)', () => {
  it("A's archive holds Ana's statements and receipts, signed with the key A publishes", async () => {
    const content = contentOf(archive);
    expect(content.issuer).toEqual({ url: a.lrs.baseUrl, tenant: a.tenant });
    expect(content.subject.agents).toEqual([{ mbox: ana.mbox }]);
    expect(content.statements.map((s) => s.id).sort()).toEqual(anaIds);
    expect(content.receipts.map((r) => r.status)).toEqual(['granted']);
    const jwks = (await (await fetch(`${a.lrs.baseUrl}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string; alg: string }[];
    };
    const header = JSON.parse(Buffer.from(archive.protected, 'base64url').toString()) as { kid: string };
    expect(jwks.keys).toEqual([expect.objectContaining({ kid: header.kid, alg: 'EdDSA', crv: 'Ed25519' })]);
  });

  it("the archive's statements are valid input to a plain xAPI POST /statements", async () => {
    const elsewhere = await b.credentials.create(['all']);
    const xapi = xapiClient(b.lrs.baseUrl, elsewhere.key, elsewhere.secret);
    const posted = await xapi.postStatements(contentOf(archive).statements);
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    expect(posted.body.sort()).toEqual(anaIds);
  });

  it('B refuses a changed archive, one from an issuer it does not trust, and one about someone else', async () => {
    await b.people.create(b.tenant, {
      username: 'bob',
      password: b.password,
      roles: ['learner'],
      agents: [{ mbox: bob.mbox }],
    });
    await b.people.create(b.tenant, {
      username: 'ana',
      password: b.password,
      roles: ['learner'],
      agents: [{ mbox: ana.mbox }],
    });
    const anaB = await signIn(b.lrs.baseUrl, b.tenant, 'ana', b.password);
    const content = contentOf(archive);
    const changed = {
      ...archive,
      payload: Buffer.from(
        JSON.stringify({ ...content, statements: [...content.statements, aStatement({ actor: ana })] }),
      ).toString('base64url'),
    };
    const refused = await anaB('POST', '/api/v1/me/imports', changed);
    expect(refused.status).toBe(400);
    expect((refused.body as { message: string }).message).toMatch(/signature does not verify/);
    const untrusted = await anaB('POST', '/api/v1/me/imports', {
      ...archive,
      payload: Buffer.from(
        JSON.stringify({ ...content, issuer: { url: 'https://elsewhere.example.org', tenant: 'x' } }),
      ).toString('base64url'),
    });
    expect(untrusted.status).toBe(400);
    expect((untrusted.body as { message: string }).message).toMatch(/not one this installation trusts/);
    const bobB = await signIn(b.lrs.baseUrl, b.tenant, 'bob', b.password);
    expect((await bobB('POST', '/api/v1/me/imports', archive)).status).toBe(403);
    expect((await anaB('GET', '/xapi/statements')).body).toMatchObject({ statements: [] });
  });

  it("B keeps Ana's statements: she reads them all, B's consumer only once she grants B's policy", async () => {
    const anaB = await signIn(b.lrs.baseUrl, b.tenant, 'ana', b.password);
    const imported = await anaB('POST', '/api/v1/me/imports', archive);
    expect(imported.status, b.lrs.process.output()).toBe(201);
    expect(imported.body).toEqual({
      issuer: { url: a.lrs.baseUrl, tenant: a.tenant },
      imported: 3,
      alreadyPresent: 0,
      refused: [],
    });
    const mine = await anaB('GET', '/xapi/statements');
    expect(idsOf(mine.body)).toEqual(anaIds);
    // Kept as A stored them: the same ids, authority and stored time.
    const original = new Map(contentOf(archive).statements.map((s) => [s.id, s]));
    for (const s of (mine.body as { statements: Record<string, unknown>[] }).statements) {
      expect(s.authority).toEqual(original.get(s.id)!.authority);
    }
    // Where they came from: A (and its tenant), and when A stored them.
    const db = new pg.Client({ connectionString: b.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ statement_id: string; source: string; original_stored: Date }>(
        `SELECT s.statement_id, p.source, p.original_stored FROM storage.statement_provenance p
           JOIN storage.statement s ON s.seq = p.statement_seq WHERE p.tenant_id = $1 ORDER BY s.statement_id`,
        [b.tenant],
      );
      expect(rows.map((r) => r.statement_id)).toEqual(anaIds);
      for (const r of rows) {
        expect(r.source).toBe(`${a.lrs.baseUrl}#tenant=${a.tenant}`);
        expect(r.original_stored.toISOString()).toBe(original.get(r.statement_id)!.stored);
      }
    } finally {
      await db.end();
    }
    // Again: nothing new, nothing refused.
    expect((await anaB('POST', '/api/v1/me/imports', archive)).body).toMatchObject({
      imported: 0,
      alreadyPresent: 3,
    });

    await b.people.create(b.tenant, { username: 'admin', password: b.password, roles: ['admin'] });
    await b.people.create(b.tenant, { username: 'consumer', password: b.password, roles: ['consumer'] });
    const adminB = await signIn(b.lrs.baseUrl, b.tenant, 'admin', b.password);
    const consumerB = await signIn(b.lrs.baseUrl, b.tenant, 'consumer', b.password);
    const policy = await adminB('POST', '/api/v1/policies', {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students' },
      lawfulBasis: 'consent',
      scope: { activityPrefixes: [COURSE] },
    });
    expect(policy.status).toBe(201);
    // Ana's grant at A does not travel: at B, B's policies and her grants there decide.
    expect(idsOf((await consumerB('GET', '/xapi/statements')).body)).toEqual([]);
    const policyId = (policy.body as { id: string }).id;
    expect((await anaB('POST', '/api/v1/me/grants', { policyId })).status).toBe(201);
    expect(idsOf((await consumerB('GET', '/xapi/statements')).body)).toEqual(anaIds);
  });

  it('an xAPI credential has no portable archive', async () => {
    const res = await xapiClient(a.lrs.baseUrl, a.lms.key, a.lms.secret).request(
      'GET',
      '/api/v1/me/portable',
    );
    expect(res.status).toBe(403);
  });
});

describe('in distributed mode', () => {
  let cluster: Cluster;
  let people: Awaited<ReturnType<typeof peopleFactory>>;
  const tenant = aTenant();
  const password = randomBytes(12).toString('hex');

  beforeAll(async () => {
    cluster = await startCluster({
      databaseUrl: serverUrl,
      natsUrl,
      env: {
        CUSTOS_PORTABLE_SIGNING_KEY: generateKeyPairSync('ed25519')
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
        CUSTOS_PORTABLE_TRUSTED_ISSUERS: a.lrs.baseUrl,
        CUSTOS_PORTABLE_ALLOW_LOOPBACK_HTTP: 'true',
      },
    });
    await cluster.waitReady();
    people = await peopleFactory(serverUrl);
    await people.create(tenant, {
      username: 'ana',
      password,
      roles: ['learner'],
      agents: [{ mbox: ana.mbox }],
    });
  }, 180_000);
  afterAll(async () => {
    await people?.close();
    await cluster?.stop();
  });

  it("keeps A's archive through ingest over NATS, and issues Ana's own archive of them with its published key", async () => {
    const anaC = await signIn(cluster.baseUrl, tenant, 'ana', password);
    const imported = await anaC('POST', '/api/v1/me/imports', archive);
    expect(imported.status, cluster.logs()).toBe(201);
    expect(imported.body).toMatchObject({ imported: 3, refused: [] });
    expect(idsOf((await anaC('GET', '/xapi/statements')).body)).toEqual(anaIds);
    const again = await anaC('GET', '/api/v1/me/portable');
    expect(again.status, cluster.logs()).toBe(200);
    const content = contentOf(again.body as typeof archive);
    expect(content.issuer).toEqual({ url: cluster.baseUrl, tenant });
    expect(content.statements.map((s) => s.id).sort()).toEqual(anaIds);
    const jwks = (await (await fetch(`${cluster.baseUrl}/.well-known/jwks.json`)).json()) as {
      keys: unknown[];
    };
    expect(jwks.keys).toHaveLength(1);
  });
});
