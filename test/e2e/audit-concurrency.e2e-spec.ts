// Issue 5 (audit), concurrency: the access log stays one valid chain per tenant when many reads arrive at
// once through two query processes and two storage processes (separate processes over real NATS and
// PostgreSQL). Several principals of one tenant — xAPI clients of different scopes, a learner reading their
// own records, a write-only client whose reads are denied — send 200 reads in parallel, with writes mixed in.
// Every read leaves exactly one record; the records are numbered without gaps or repeats, each links to the
// one before it, each names the request it records, and `custos audit verify` says the chain is whole.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';

import {
  aLearner,
  aStatement,
  type Cluster,
  startCluster,
  xapiClient,
  type XapiClient,
} from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const run = promisify(execFile);
const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');

const READS = 200;
const WRITES = 20;
/** The audit actions of the reads this test makes (docs/audit.md). */
const READ_ACTIONS = ['statements.read', 'documents.read', 'agents.read'];

let cluster: Cluster;
let credentials: CredentialFactory;
let people: PeopleFactory;
let db: pg.Pool;

beforeAll(async () => {
  [cluster, credentials, people] = await Promise.all([
    startCluster({ databaseUrl, natsUrl }),
    credentialFactory(databaseUrl),
    peopleFactory(databaseUrl),
  ]);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // A second query and a second storage process share the queue groups: any read may be served by either.
  await Promise.all([cluster.addReplica('query'), cluster.addReplica('storage')]);
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await credentials?.close();
  await people?.close();
  await db?.end();
});

interface Read {
  requestId: string;
  expected: number;
  send: (requestId: string) => Promise<number>;
}

/** A tenant with a learner's statements and a State document, and its principals. */
async function aTenant() {
  const lms = await credentials.create(['all']);
  const { tenantId } = lms;
  const client = (c: { key: string; secret: string }): XapiClient =>
    xapiClient(cluster.baseUrl, c.key, c.secret, '2.0.0');
  const ana = aLearner();
  const writer = client(lms);
  const seeded = await writer.postStatements(Array.from({ length: 30 }, () => aStatement({ actor: ana })));
  expect(seeded.status).toBe(200);
  const agent = JSON.stringify({ mbox: ana.mbox });
  const statePath = `/xapi/activities/state?${new URLSearchParams({
    activityId: 'https://example.org/courses/concurrency/1',
    agent,
    stateId: 'bookmark',
  }).toString()}`;
  const put = await writer.request('PUT', statePath, {
    rawBody: '{"page":3}',
    headers: { 'Content-Type': 'application/json' },
  });
  expect(put.status).toBe(204);

  await people.create(tenantId, {
    username: 'ana',
    password: 'ana-password-123',
    roles: ['learner'],
    agents: [{ mbox: ana.mbox }],
  });
  const login = await fetch(`${cluster.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: tenantId, username: 'ana', password: 'ana-password-123' }),
  });
  expect(login.status).toBe(200);
  const { access_token: anaToken } = (await login.json()) as { access_token: string };

  return {
    tenantId,
    writer,
    ana,
    statePath,
    anaToken,
    seededIds: seeded.body,
    reader: client(await credentials.create(['statements/read'], tenantId)),
    allRead: client(await credentials.create(['all/read'], tenantId)),
    mine: client(await credentials.create(['statements/read/mine'], tenantId)),
    writeOnly: client(await credentials.create(['statements/write'], tenantId)),
  };
}

type Tenant = Awaited<ReturnType<typeof aTenant>>;

/** 200 reads by several principals over several read paths, each with its own request id. */
function readsOf(t: Tenant): Read[] {
  const viaClient =
    (c: XapiClient, path: string) =>
    async (requestId: string): Promise<number> =>
      (await c.request('GET', path, { headers: { 'X-Request-Id': requestId } })).status;
  const asAna =
    (path: string) =>
    async (requestId: string): Promise<number> => {
      const res = await fetch(`${cluster.baseUrl}${path}`, {
        headers: {
          Authorization: `Bearer ${t.anaToken}`,
          'X-Experience-API-Version': '2.0.0',
          'X-Request-Id': requestId,
        },
      });
      await res.arrayBuffer();
      return res.status;
    };
  const agent = encodeURIComponent(JSON.stringify({ mbox: t.ana.mbox }));
  const kinds: [number, (requestId: string) => Promise<number>][] = [
    [200, viaClient(t.reader, '/xapi/statements?limit=5')],
    [200, viaClient(t.reader, `/xapi/statements?agent=${agent}`)],
    [200, viaClient(t.allRead, `/xapi/statements?statementId=${t.seededIds[0]}`)],
    [200, viaClient(t.mine, '/xapi/statements')],
    [403, viaClient(t.writeOnly, '/xapi/statements')],
    [200, viaClient(t.allRead, t.statePath)],
    [200, viaClient(t.reader, `/xapi/agents?agent=${agent}`)],
    [200, asAna('/xapi/statements?limit=10')],
  ];
  return Array.from({ length: READS }, (_, i) => {
    const [expected, send] = kinds[i % kinds.length]!;
    return { requestId: `concurrency-${i}-${randomUUID()}`, expected, send };
  });
}

interface Row {
  seq: string;
  action: string;
  decision: string;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

const recordsAfter = async (tenantId: string, seq: string): Promise<Row[]> =>
  (
    await db.query<Row>(
      `SELECT seq::text AS seq, action, decision, request_id, prev_hash, hash
         FROM storage.audit_record r WHERE tenant_id = $1 AND r.seq > $2 ORDER BY r.seq`,
      [tenantId, seq],
    )
  ).rows;

const headSeq = async (tenantId: string): Promise<string> =>
  (
    await db.query<{ seq: string }>(
      `SELECT coalesce(max(seq), 0)::text AS seq FROM storage.audit_record WHERE tenant_id = $1`,
      [tenantId],
    )
  ).rows[0]!.seq;

describe('the audit chain under concurrent reads (two query and two storage processes)', () => {
  it('reports the stages every process timed for a read in Server-Timing', async () => {
    const t = await aTenant();
    const res = await t.reader.request('GET', '/xapi/statements?limit=5');
    expect(res.status).toBe(200);
    const names = (res.headers.get('server-timing') ?? '').split(/,\s*/).map((m) => m.split(';')[0]);
    expect(names).toEqual(expect.arrayContaining(['consent', 'storage', 'audit', 'total']));
  });

  it('records every one of 200 parallel reads exactly once, in one unbroken chain', async () => {
    const t = await aTenant();
    const reads = readsOf(t);
    const before = await headSeq(t.tenantId);

    const [statuses, writes] = await Promise.all([
      Promise.all(reads.map((r) => r.send(r.requestId))),
      Promise.all(
        Array.from({ length: WRITES }, async () => {
          const res = await t.writer.postStatements([aStatement({ actor: t.ana }), aStatement()]);
          return res.status;
        }),
      ),
    ]);
    expect(writes.every((s) => s === 200)).toBe(true);
    // Nothing failed under load: each read got the answer its principal gets when alone.
    if (statuses.includes(500)) process.stdout.write(`CLUSTERLOGS\n${cluster.logs()}\n`);
    expect(statuses).toEqual(reads.map((r) => r.expected));

    const records = await recordsAfter(t.tenantId, before);
    // Numbered from where the chain stood, without gaps or repeats, each linked to the one before it.
    expect(records.map((r) => r.seq)).toEqual(
      Array.from({ length: records.length }, (_, i) => String(BigInt(before) + BigInt(i) + 1n)),
    );
    for (let i = 1; i < records.length; i += 1) expect(records[i]!.prev_hash).toBe(records[i - 1]!.hash);

    // One record per read: as many read records as reads, as many denials as denied reads.
    const readRecords = records.filter((r) => READ_ACTIONS.includes(r.action));
    expect(readRecords).toHaveLength(READS);
    expect(readRecords.filter((r) => r.decision === 'deny')).toHaveLength(
      reads.filter((r) => r.expected === 403).length,
    );
    // One record per write request. (Anything else in this stretch records the setup's changes — credentials,
    // people — which reach the chain through events, whenever they arrive.)
    expect(records.filter((r) => r.action === 'statements.write')).toHaveLength(WRITES);
    // The request id crossed the bus (gateway → query → storage): each read's record names its request, once.
    expect(readRecords.map((r) => r.request_id).sort()).toEqual(reads.map((r) => r.requestId).sort());

    const { stdout } = await run(
      process.execPath,
      ['bin/custos.js', 'audit', 'verify', '--tenant', t.tenantId],
      {
        env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
      },
    );
    const verified = JSON.parse(stdout) as { ok: boolean; checked: number };
    expect(verified.ok).toBe(true);
    expect(verified.checked).toBeGreaterThanOrEqual(Number(records.at(-1)!.seq));
  });
});
