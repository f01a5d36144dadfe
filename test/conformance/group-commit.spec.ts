// Group commit (ADR 0012): concurrent statement writes share one transaction, yet each caller gets the answer
// its own request deserves (xAPI 2.0 Communication §2.1.2: 200 with the ids, 409 for a conflicting id, an
// identical re-send stored once), only once the shared COMMIT is durable, with its own audit record. To make a
// group for certain, writes of another tenant hold every commit slot (a trigger makes them wait on a lock this
// test holds), the writes under test queue behind them, and the queue becomes one group when the lock goes.
import { randomUUID } from 'node:crypto';

import { STATEMENT_WRITE_GROUPS } from '@custos/storage';
import { writeGroupSize } from '@custos/telemetry';
import { aLearner, aStatement, type XapiClient, type XapiResponse } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();
let db: pg.Pool;
beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 3 });
});
afterAll(async () => {
  await db?.end();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LOCK = 7_120_012;

/** Ids of `ids` stored in the tenant. */
async function storedOf(tenantId: string, ids: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT statement_id::text AS id FROM storage.statement WHERE tenant_id = $1 AND statement_id = ANY($2::uuid[])`,
    [tenantId, ids],
  );
  return rows.map((r) => r.id).sort();
}

/** The tenant's write records: the request each came from and the statements it stored. */
async function writeRecords(tenantId: string): Promise<{ requestId: string; ids: string[] }[]> {
  const { rows } = await db.query<{ request_id: string; returned_ids: string[] }>(
    `SELECT request_id, returned_ids FROM storage.audit_record WHERE tenant_id = $1 AND action = 'statements.write'`,
    [tenantId],
  );
  return rows.map((r) => ({ requestId: r.request_id, ids: [...r.returned_ids].sort() }));
}

const post = (client: XapiClient, body: unknown, requestId: string) =>
  client.request<string[]>('POST', '/xapi/statements', { body, headers: { 'X-Request-Id': requestId } });

/**
 * Runs `writes` as one group: first every commit slot is taken by a write of another tenant that waits on a lock
 * this test holds, then `writes` are sent and left to queue, then the lock goes and the queue commits together.
 */
async function inOneGroup<T>(writes: () => Promise<T>[]): Promise<T[]> {
  const blocker = await lrs.client({ version: '2.0.0' });
  const fn = `hold_${blocker.tenantId.replace(/-/g, '_')}`;
  const holder = await db.connect();
  await holder.query(`SELECT pg_advisory_lock(${LOCK})`);
  await db.query(
    `CREATE FUNCTION storage.${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.tenant_id = '${blocker.tenantId}' THEN PERFORM pg_advisory_xact_lock_shared(${LOCK}); END IF;
       RETURN NEW;
     END $$`,
  );
  await db.query(
    `CREATE TRIGGER ${fn} BEFORE INSERT ON storage.statement FOR EACH ROW EXECUTE FUNCTION storage.${fn}()`,
  );
  try {
    const held = Array.from({ length: STATEMENT_WRITE_GROUPS.maxInFlight }, () =>
      blocker.postStatements(aStatement()),
    );
    // Every slot is taken once as many writes wait on the lock as there are slots.
    for (let waiting = 0; waiting < held.length;) {
      await sleep(20);
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`,
        [LOCK],
      );
      waiting = rows[0]!.n;
    }
    const answers = writes();
    // Time for the writes to pass the gateway and ingest and queue in storage behind the held slots.
    await sleep(1_500);
    await holder.query(`SELECT pg_advisory_unlock(${LOCK})`);
    expect((await Promise.all(held)).map((r) => r.status)).toEqual(held.map(() => 200));
    return await Promise.all(answers);
  } finally {
    await holder.query(`SELECT pg_advisory_unlock_all()`);
    holder.release();
    await db.query(`DROP TRIGGER ${fn} ON storage.statement`);
    await db.query(`DROP FUNCTION storage.${fn}()`);
  }
}

describe('concurrent statement writes (group commit)', () => {
  it('answers each of 50 concurrent single POSTs with its own id once durable, each with its own audit record', async () => {
    const client = await lrs.client({ version: '2.0.0' });
    const statements = Array.from({ length: 50 }, () => ({ ...aStatement(), id: randomUUID() }));
    const answers = await Promise.all(statements.map((s, i) => post(client, s, `group-single-${i}`)));
    expect(answers.map((a) => a.status)).toEqual(statements.map(() => 200));
    expect(answers.map((a) => a.body)).toEqual(statements.map((s) => [s.id]));
    const ids = statements.map((s) => s.id);
    expect(await storedOf(client.tenantId, ids)).toEqual([...ids].sort());
    const records = await writeRecords(client.tenantId);
    expect(records.sort((a, b) => a.requestId.localeCompare(b.requestId))).toEqual(
      statements
        .map((s, i) => ({ requestId: `group-single-${i}`, ids: [s.id] }))
        .sort((a, b) => a.requestId.localeCompare(b.requestId)),
    );
  });

  it('stores a group of writes of new statements together, each answered with its ids and recorded as its own', async () => {
    const client = await lrs.client({ version: '2.0.0' });
    const writes = [1, 3, 1, 2].map((n) =>
      Array.from({ length: n }, () => ({ ...aStatement(), id: randomUUID() })),
    );
    const groupsOfMoreThanTwo = async () => {
      const { values } = await writeGroupSize.get();
      const count = (le: string | number) =>
        values.find(
          (v) =>
            v.metricName === 'custos_write_group_size_bucket' &&
            (v.labels as Record<string, string | number | undefined>).le === le,
        )?.value ?? 0;
      return count('+Inf') - count(2);
    };
    const before = await groupsOfMoreThanTwo();
    const answers = await inOneGroup(() => writes.map((batch, i) => post(client, batch, `together-${i}`)));
    // Operators see the group in the metric (docs/observability.md).
    expect((await groupsOfMoreThanTwo()) - before).toBe(1);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => a.body)).toEqual(writes.map((batch) => batch.map((s) => s.id)));
    // Written by one INSERT (one (sub)transaction id for all their rows), not one per write.
    const { rows } = await db.query<{ xmin: string }>(
      `SELECT DISTINCT xmin::text FROM storage.statement WHERE tenant_id = $1`,
      [client.tenantId],
    );
    expect(rows).toHaveLength(1);
    const byRequest = new Map((await writeRecords(client.tenantId)).map((r) => [r.requestId, r.ids]));
    writes.forEach((batch, i) =>
      expect(byRequest.get(`together-${i}`)).toEqual(batch.map((s) => s.id).sort()),
    );
  });

  it('in one group: a conflicting batch gets 409 and stores none of it, an identical re-send 200, the others 200', async () => {
    const client = await lrs.client({ version: '2.0.0' });
    const ana = aLearner();
    const earlier = { ...aStatement({ actor: ana }), id: randomUUID() };
    const resent = { ...aStatement({ actor: ana }), id: randomUUID() };
    expect((await client.postStatements([earlier, resent])).status).toBe(200);

    const fresh = [0, 1, 2].map(() => ({ ...aStatement({ actor: ana }), id: randomUUID() }));
    const innocent = { ...aStatement({ actor: ana }), id: randomUUID() };
    const conflicting = { ...earlier, verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } };
    const sameIdTwice = { ...aStatement({ actor: ana }), id: randomUUID() };
    const [a, b, c, d, e, f] = await inOneGroup<XapiResponse<string[]>>(() => [
      post(client, [fresh[0]], 'group-a'),
      // All or nothing (§2.1.2): `innocent` is not stored, whatever its group does.
      post(client, [innocent, conflicting], 'group-b'),
      post(client, [resent], 'group-c'),
      post(client, [fresh[1], fresh[2]], 'group-d'),
      // Two writes of one new statement in one group: stored once, both answered 200.
      post(client, [sameIdTwice], 'group-e'),
      post(client, [sameIdTwice], 'group-f'),
    ]);
    expect([a, b, c, d, e, f].map((r) => r!.status)).toEqual([200, 409, 200, 200, 200, 200]);
    expect(a!.body).toEqual([fresh[0]!.id]);
    expect(c!.body).toEqual([resent.id]);
    expect(d!.body).toEqual([fresh[1]!.id, fresh[2]!.id]);
    expect(e!.body).toEqual([sameIdTwice.id]);
    expect(f!.body).toEqual([sameIdTwice.id]);

    const all = [earlier, resent, innocent, sameIdTwice, ...fresh].map((s) => s.id);
    expect(await storedOf(client.tenantId, all)).toEqual(
      [earlier, resent, sameIdTwice, ...fresh].map((s) => s.id).sort(),
    );
    const stored = await client.getStatements({ statementId: earlier.id });
    expect(stored.body).toMatchObject({ verb: earlier.verb });
    // One record per write that was carried out, naming what it stored (a re-send stores nothing new).
    const byRequest = new Map((await writeRecords(client.tenantId)).map((r) => [r.requestId, r.ids]));
    expect(byRequest.get('group-a')).toEqual([fresh[0]!.id]);
    expect(byRequest.has('group-b')).toBe(false);
    expect(byRequest.get('group-c')).toEqual([]);
    expect(byRequest.get('group-d')).toEqual([fresh[1]!.id, fresh[2]!.id].sort());
    expect([byRequest.get('group-e'), byRequest.get('group-f')].sort()).toEqual([[], [sameIdTwice.id]]);
  });

  it('answers every write of a group whose COMMIT fails 503 with Retry-After, stores none of them, and the next write succeeds', async () => {
    const client = await lrs.client({ version: '2.0.0' });
    const doomed = { ...aStatement(), id: randomUUID() };
    const others = [0, 1, 2].map(() => ({ ...aStatement(), id: randomUUID() }));
    const fn = `fail_commit_${client.tenantId.replace(/-/g, '_')}`;
    // A deferred constraint trigger runs at COMMIT: the fault hits the group's shared COMMIT, after every write of
    // the group has done its work.
    await db.query(
      `CREATE FUNCTION storage.${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.statement_id = '${doomed.id}' THEN RAISE EXCEPTION 'disk full at commit'; END IF;
         RETURN NULL;
       END $$`,
    );
    await db.query(
      `CREATE CONSTRAINT TRIGGER ${fn} AFTER INSERT ON storage.statement DEFERRABLE INITIALLY DEFERRED
         FOR EACH ROW EXECUTE FUNCTION storage.${fn}()`,
    );
    try {
      const answers = await inOneGroup(() => [
        post(client, [doomed], 'fault-0'),
        ...others.map((s, i) => post(client, [s], `fault-${i + 1}`)),
      ]);
      expect(answers.map((r) => r.status)).toEqual([503, 503, 503, 503]);
      expect(answers.map((r) => r.headers.get('retry-after'))).toEqual(['5', '5', '5', '5']);
      expect(answers.map((r) => r.text).join()).not.toContain('disk full');
      expect(
        await storedOf(
          client.tenantId,
          [doomed, ...others].map((s) => s.id),
        ),
      ).toEqual([]);
      expect(await writeRecords(client.tenantId)).toEqual([]);

      const next = { ...aStatement(), id: randomUUID() };
      const after = await post(client, [next], 'fault-next');
      expect(after.status).toBe(200);
      expect(await storedOf(client.tenantId, [next.id])).toEqual([next.id]);
    } finally {
      await db.query(`DROP TRIGGER ${fn} ON storage.statement`);
      await db.query(`DROP FUNCTION storage.${fn}()`);
    }
  });
});
