// Retention in distributed mode (docs/privacy-operations.md "Retention"): the admin API crosses the gateway and
// storage over NATS with the parts' own permissions; statements past a rule are hidden at once; two storage
// replicas on a short schedule purge them, one purger per tenant at a time, the counts of their runs adding up to
// what the dry run said; and `custos retention` does the same from the command line.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { aStatement, aVerb, type Cluster, signInToApi, startCluster, waitFor } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { type PeopleFactory, peopleFactory } from '../harness/people.js';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');
const CLI = fileURLToPath(new URL('../../bin/custos.js', import.meta.url));
const STATEMENTS = 230;

let cluster: Cluster;
let people: PeopleFactory;
let credentials: CredentialFactory;
let db: pg.Pool;

beforeAll(async () => {
  cluster = await startCluster({
    databaseUrl,
    natsUrl,
    partEnv: { storage: { CUSTOS_RETENTION_PURGE_EVERY: '10', CUSTOS_RETENTION_PURGE_BATCH: '50' } },
  });
  await cluster.addReplica('storage');
  people = await peopleFactory(databaseUrl);
  credentials = await credentialFactory(databaseUrl);
  db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await people?.close();
  await credentials?.close();
  await db?.end();
});

/** A person of the tenant signed in to the cluster's API. */
const signIn = (tenant: string, username: string, password: string) =>
  signInToApi(cluster.baseUrl, { tenant, username, password }, { context: () => cluster.logs() });

function custos(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const env = { ...cluster.env, PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'retention', ...args], { env }, (err, stdout) => {
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

describe('retention in distributed mode', () => {
  it('hides expired statements at once, and the scheduled purge of two replicas removes exactly them', async () => {
    const lms = await credentials.create(['all']);
    const tenant = lms.tenantId;
    const password = randomBytes(12).toString('hex');
    await people.create(tenant, { username: 'admin', password, roles: ['admin'] });
    await people.create(tenant, { username: 'consumer', password, roles: ['consumer'] });
    const verb = aVerb(`archived-${randomUUID()}`);
    const old = Array.from({ length: STATEMENTS }, () => aStatement({ id: randomUUID(), verb }));
    const res = await fetch(`${cluster.baseUrl}/xapi/statements`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${lms.key}:${lms.secret}`).toString('base64')}`,
        'X-Experience-API-Version': '2.0.0',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(old),
    });
    expect(res.status, cluster.logs()).toBe(200);
    await db.query(
      `UPDATE storage.statement SET stored = stored - interval '400 days' WHERE tenant_id = $1 AND verb_iri = $2`,
      [tenant, verb.id],
    );

    const consumer = await signIn(tenant, 'consumer', password);
    const rule = { name: 'Archived', verb: verb.id, olderThanDays: 365 };
    expect((await consumer('POST', '/api/v1/retention/rules', rule)).status).toBe(403);
    const admin = await signIn(tenant, 'admin', password);
    expect((await admin('POST', '/api/v1/retention/rules', { ...rule, olderThanDays: -1 })).status).toBe(400);
    // The CLI first, before any rule: nothing to do.
    await expect(custos(['dry-run', '--tenant', tenant])).resolves.toMatchObject({
      code: 0,
      json: { mode: 'dry-run', total: 0, rules: [] },
    });

    const created = await admin('POST', '/api/v1/retention/rules', rule);
    expect(created.status).toBe(201);
    const dry = await admin('POST', '/api/v1/retention/dry-run');
    expect(dry.body).toMatchObject({
      total: STATEMENTS,
      rules: [{ ruleId: created.body.id, statements: STATEMENTS, held: 0 }],
    });
    const read = await fetch(`${cluster.baseUrl}/xapi/statements?verb=${encodeURIComponent(verb.id)}`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${lms.key}:${lms.secret}`).toString('base64')}`,
        'X-Experience-API-Version': '2.0.0',
      },
    });
    expect(((await read.json()) as { statements: unknown[] }).statements).toEqual([]);

    const left = async () =>
      Number(
        (
          await db.query<{ n: string }>(`SELECT count(*) AS n FROM storage.statement WHERE tenant_id = $1`, [
            tenant,
          ])
        ).rows[0]!.n,
      );
    await waitFor('the scheduled purge', async () => (await left()) === 0, 60_000);
    // Every run of either replica is recorded; together they removed each statement once, in batches of 50.
    await waitFor('the run records', async () => {
      const { rows } = await db.query<{ removed: string; batches: string }>(
        `SELECT COALESCE(sum(count), 0) AS removed, COALESCE(sum((query->>'batches')::int), 0) AS batches
           FROM storage.audit_record
          WHERE tenant_id = $1 AND action = 'retention.run' AND principal_id = 'retention'`,
        [tenant],
      );
      return (
        Number(rows[0]!.removed) === STATEMENTS && Number(rows[0]!.batches) === Math.ceil(STATEMENTS / 50)
      );
    });

    const run = await custos(['run', '--tenant', tenant]);
    expect(run).toMatchObject({ code: 0, json: { mode: 'run', total: 0 } });
    const { rows } = await db.query(
      `SELECT 1 FROM storage.audit_record WHERE tenant_id = $1 AND action = 'retention.run' AND principal_id = 'operator'`,
      [tenant],
    );
    expect(rows).toHaveLength(1);
  }, 120_000);
});
