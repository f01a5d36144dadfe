// The foundation slice in distributed mode: gateway, ingest, storage, consent and query as five
// separate processes over the machine's real NATS (JetStream) and PostgreSQL.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import {
  aLearner,
  anActivity,
  aStatement,
  aVerb,
  type Cluster,
  startCluster,
  xapiClient,
} from '@custos/testing';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';

const run = promisify(execFile);
const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');

let cluster: Cluster;
let credentials: CredentialFactory;
let db: pg.Pool;

beforeAll(async () => {
  cluster = await startCluster({ databaseUrl, natsUrl });
  credentials = await credentialFactory(databaseUrl);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
});

afterAll(async () => {
  await cluster?.stop();
  await credentials?.close();
  await db?.end();
});

const client = async (scopes: string[], tenantId?: string) => {
  const c = await credentials.create(scopes, tenantId);
  return { ...c, xapi: xapiClient(cluster.baseUrl, c.key, c.secret) };
};

/**
 * Records of reads and writes. Change records (`event_id` set, e.g. the credential's creation by the test harness,
 * relayed by consent a few seconds later) join the chain asynchronously and are left out.
 */
const auditCount = async (tenantId: string, decision?: string): Promise<number> => {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM storage.audit_record
      WHERE tenant_id = $1 AND event_id IS NULL AND ($2::text IS NULL OR decision = $2)`,
    [tenantId, decision ?? null],
  );
  return Number(rows[0]!.n);
};

describe('distributed mode', () => {
  it('runs every part as its own process', () => {
    const pids = [...cluster.processes.values()].map((p) => p.child.pid);
    expect(pids).toHaveLength(5);
    expect(new Set(pids).size).toBe(5);
    for (const p of cluster.processes.values()) expect(p.child.exitCode).toBeNull();
  });

  it('stores a single statement and a batch, and reads each back by id', async () => {
    const { xapi } = await client(['all']);
    const single = aStatement();
    const posted = await xapi.postStatements(single);
    expect(posted.status).toBe(200);
    expect(posted.body).toHaveLength(1);

    const batch = [aStatement(), aStatement({ id: '8f0c2a4e-5b1d-4c3e-9a7f-1b2c3d4e5f60' })];
    const postedBatch = await xapi.postStatements(batch);
    expect(postedBatch.status).toBe(200);
    expect(postedBatch.body[1]).toBe('8f0c2a4e-5b1d-4c3e-9a7f-1b2c3d4e5f60');

    for (const [id, sent] of [
      [posted.body[0]!, single],
      [postedBatch.body[1]!, batch[1]!],
    ] as const) {
      const got = await xapi.getStatements<Record<string, unknown>>({ statementId: id });
      expect(got.status).toBe(200);
      expect(got.body.id).toBe(id);
      expect(got.body.verb).toEqual(sent.verb);
      expect(got.body.actor).toEqual(sent.actor);
      expect(got.body.stored).toEqual(expect.any(String));
      expect(got.body.authority).toMatchObject({ objectType: 'Agent' });
      expect(got.headers.get('x-experience-api-consistent-through')).toEqual(expect.any(String));
      expect(got.headers.get('x-experience-api-version')).toBe('1.0.3');
    }
  });

  it('PUT stores under the given id; the same content again is a no-op, different content a 409', async () => {
    const { xapi } = await client(['all']);
    const id = crypto.randomUUID();
    const statement = aStatement();
    const put = (body: unknown) => xapi.request('PUT', `/xapi/statements?statementId=${id}`, { body });
    expect((await put(statement)).status).toBe(204);
    expect((await put(statement)).status).toBe(204);
    const conflicting = await put({ ...statement, verb: aVerb('failed') });
    expect(conflicting.status).toBe(409);
    const got = await xapi.getStatements<{ verb: { id: string } }>({ statementId: id });
    expect(got.body.verb.id).toBe(statement.verb.id);
  });

  it('answers concurrent writes each as if alone (group commit, ADR 0012): 50 new statements, a re-send, a conflict', async () => {
    const { xapi, tenantId } = await client(['all']);
    const earlier = { ...aStatement(), id: crypto.randomUUID() };
    expect((await xapi.postStatements(earlier)).status).toBe(200);
    const fresh = Array.from({ length: 50 }, () => ({ ...aStatement(), id: crypto.randomUUID() }));
    const answers = await Promise.all([
      ...fresh.map((s) => xapi.postStatements(s)),
      xapi.postStatements(earlier),
      xapi.postStatements({ ...earlier, verb: aVerb('failed') }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([...fresh.map(() => 200), 200, 409]);
    expect(answers.slice(0, 50).map((a) => a.body)).toEqual(fresh.map((s) => [s.id]));
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM storage.statement WHERE tenant_id = $1 AND statement_id = ANY($2::uuid[])`,
      [tenantId, fresh.map((s) => s.id)],
    );
    expect(rows[0]!.n).toBe(50);
    // One record per write carried out: the first POST, the 50, the re-send; none for the 409.
    expect(await auditCount(tenantId, 'allow')).toBe(52);
  });

  it('filters by agent, verb, activity and time, and pages with more', async () => {
    const { xapi } = await client(['all']);
    const learner = aLearner();
    const activity = anActivity();
    const before = new Date(Date.now() - 1000).toISOString();
    const mine = Array.from({ length: 5 }, () => aStatement({ actor: learner, object: activity }));
    const others = [aStatement({ object: activity }), aStatement({ actor: learner, verb: aVerb('failed') })];
    expect((await xapi.postStatements([...mine, ...others])).status).toBe(200);

    const byAgentVerb = await xapi.getStatements({
      agent: JSON.stringify({ mbox: learner.mbox }),
      verb: aVerb().id,
    });
    expect(byAgentVerb.status).toBe(200);
    expect(byAgentVerb.body.statements).toHaveLength(5);

    const byActivity = await xapi.getStatements({ activity: activity.id });
    expect(byActivity.body.statements).toHaveLength(6);

    expect((await xapi.getStatements({ activity: activity.id, until: before })).body.statements).toHaveLength(
      0,
    );
    expect((await xapi.getStatements({ activity: activity.id, since: before })).body.statements).toHaveLength(
      6,
    );

    // Newest first, two at a time, following `more` until it is empty.
    const seen: string[] = [];
    let page = await xapi.getStatements({
      agent: JSON.stringify({ mbox: learner.mbox }),
      verb: aVerb().id,
      limit: '2',
    });
    for (;;) {
      expect(page.status).toBe(200);
      expect(page.body.statements.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.statements.map((s) => String(s.id)));
      if (!page.body.more) break;
      page = await xapi.request('GET', page.body.more);
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('answers the About resource without credentials', async () => {
    const res = await fetch(`${cluster.baseUrl}/xapi/about`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: string[] };
    expect(body.version).toEqual(expect.arrayContaining(['1.0.3', '2.0.0']));
  });

  it('rejects wrong credentials with 401', async () => {
    const res = await xapiClient(cluster.baseUrl, 'nobody', 'wrong').getStatements();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('gives a write-only credential 403 on GET, and audits the denial', async () => {
    const writer = await client(['statements/write']);
    expect((await writer.xapi.postStatements(aStatement())).status).toBe(200);
    const res = await writer.xapi.getStatements();
    expect(res.status).toBe(403);
    expect(await auditCount(writer.tenantId, 'deny')).toBe(1);
  });

  it('lets a statements/read/mine credential read only what it wrote', async () => {
    const mineOnly = await client(['statements/write', 'statements/read/mine']);
    const colleague = await client(['all'], mineOnly.tenantId);
    const own = await mineOnly.xapi.postStatements(aStatement());
    const theirs = await colleague.xapi.postStatements(aStatement());

    const list = await mineOnly.xapi.getStatements();
    expect(list.body.statements.map((s) => s.id)).toEqual(own.body);
    expect((await mineOnly.xapi.getStatements({ statementId: theirs.body[0]! })).status).toBe(404);
    // The colleague with `all` sees both.
    expect((await colleague.xapi.getStatements()).body.statements).toHaveLength(2);
  });

  it('keeps tenants apart', async () => {
    const first = await client(['all']);
    const second = await client(['all']);
    const posted = await first.xapi.postStatements(aStatement());
    expect((await second.xapi.getStatements()).body.statements).toEqual([]);
    expect((await second.xapi.getStatements({ statementId: posted.body[0]! })).status).toBe(404);
    // The same statement id may exist in both tenants without conflict.
    const again = await second.xapi.postStatements({ ...aStatement(), id: posted.body[0] });
    expect(again.status).toBe(200);
  });

  it('leaves one audit record per write and per read, chained so that `custos audit verify` accepts it', async () => {
    const reader = await client(['all']);
    await reader.xapi.postStatements([aStatement(), aStatement()]);
    expect(await auditCount(reader.tenantId)).toBe(1);
    await reader.xapi.getStatements();
    await reader.xapi.getStatements({ verb: aVerb().id });
    await reader.xapi.getStatements({ statementId: crypto.randomUUID() }); // 404, still audited
    expect(await auditCount(reader.tenantId)).toBe(4);
    const { rows } = await db.query<{ action: string; count: number; decision: string }>(
      `SELECT action, count, decision FROM storage.audit_record WHERE tenant_id = $1 AND event_id IS NULL ORDER BY seq`,
      [reader.tenantId],
    );
    expect(rows).toEqual([
      { action: 'statements.write', count: 2, decision: 'allow' },
      { action: 'statements.read', count: 2, decision: 'allow' },
      { action: 'statements.read', count: 2, decision: 'allow' },
      { action: 'statements.read', count: 0, decision: 'allow' },
    ]);
    const { stdout } = await run(
      process.execPath,
      ['bin/custos.js', 'audit', 'verify', '--tenant', reader.tenantId],
      {
        env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
      },
    );
    // The credential's creation may have joined the chain by now (see auditCount).
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, checked: expect.toSatisfy((n: number) => n >= 4) });
  });

  it('manages credentials with the custos CLI; a revoked key stops working at once', async () => {
    const env = { PATH: process.env.PATH, DATABASE_URL: databaseUrl };
    const tenant = `cli-${crypto.randomUUID().slice(0, 8)}`;
    const created = await run(
      process.execPath,
      [
        'bin/custos.js',
        'credentials',
        'create',
        '--tenant',
        tenant,
        '--name',
        'lms',
        '--scopes',
        'statements/write,statements/read/mine',
      ],
      { env },
    );
    const credential = JSON.parse(created.stdout) as { key: string; secret: string; scopes: string[] };
    expect(credential.scopes).toEqual(['statements/write', 'statements/read/mine']);
    const xapi = xapiClient(cluster.baseUrl, credential.key, credential.secret);
    expect((await xapi.postStatements(aStatement())).status).toBe(200);

    const listed = await run(process.execPath, ['bin/custos.js', 'credentials', 'list', '--tenant', tenant], {
      env,
    });
    const list = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(list.map((c) => c.key)).toEqual([credential.key]);
    expect(listed.stdout).not.toContain(credential.secret);

    await run(process.execPath, ['bin/custos.js', 'credentials', 'revoke', credential.key], { env });
    expect((await xapi.getStatements()).status).toBe(401);
  });

  it('rejects an unknown scope in the CLI with a clear message', async () => {
    const env = { PATH: process.env.PATH, DATABASE_URL: databaseUrl };
    await expect(
      run(
        process.execPath,
        ['bin/custos.js', 'credentials', 'create', '--tenant', 'x', '--scopes', 'statements/everything'],
        {
          env,
        },
      ),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/statements\/everything/) });
  });

  it('shares work between two copies of a part: each request is handled once, and one copy can stop', async () => {
    const reader = await client(['all']);
    await reader.xapi.postStatements(aStatement());
    const replica = await cluster.addReplica('storage');
    // Without a queue group both copies would answer every read, and each would audit it.
    for (let i = 0; i < 10; i += 1) expect((await reader.xapi.getStatements()).status).toBe(200);
    // The write's record and one per read.
    expect(await auditCount(reader.tenantId)).toBe(11);
    try {
      await cluster.processes.get('storage')!.stop();
      for (let i = 0; i < 3; i += 1) expect((await reader.xapi.getStatements()).status).toBe(200);
    } finally {
      await cluster.restart('storage');
      await replica.stop();
    }
  });

  it('publishes statements.stored on JetStream after commit', async () => {
    const { xapi } = await client(['all']);
    const posted = await xapi.postStatements(aStatement());
    const nc = await connect({ servers: natsUrl });
    try {
      const js = jetstream(nc);
      const consumer = await js.consumers.get(`${cluster.namespace.toUpperCase()}_EVENTS`);
      const ids: string[] = [];
      const messages = await consumer.fetch({ max_messages: 1000, expires: 2000 });
      for await (const m of messages) {
        // The stream holds the other events too (e.g. the audit records of credential changes).
        if (m.subject !== `${cluster.namespace}.storage.v1.statements.stored`) continue;
        ids.push(...m.json<{ statementIds: string[] }>().statementIds);
      }
      expect(ids).toContain(posted.body[0]);
    } finally {
      await nc.close();
    }
  });
});
