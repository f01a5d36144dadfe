// Faults an operator meets (issue 9, items 10, 12, 13), from outside over HTTP:
// - PostgreSQL down: reads, writes, credential checks and /api/v1 answer 503 with Retry-After, the logs carry no
//   stack per request, and once it is back everything works and nothing accepted was lost;
// - storage stopped (SIGTERM) in the middle of a stream of writes: every write answered 200 is stored, none is a
//   500 (the pool is closed only after in-flight work is done);
// - a part too slow for the caller's deadline: the 503 names it, and nothing from the requests answered 503 is
//   stored once it gets going again.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { migrateAll } from '@custos/standalone';
import {
  aStatement,
  postgresBinDir,
  spawnStandalone,
  startCluster,
  startThrowawayPostgres,
  waitFor,
  xapiClient,
  type XapiClient,
  type XapiResponse,
} from '@custos/testing';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';

const natsUrl = inject('natsUrl');
const sharedDatabaseUrl = inject('databaseUrl');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Lrs {
  baseUrl: string;
  logs: () => string;
  stop: () => Promise<unknown>;
}

type Mode = 'distributed' | 'standalone';

async function startLrs(mode: Mode, databaseUrl: string, env: Record<string, string> = {}): Promise<Lrs> {
  if (mode === 'distributed') {
    const cluster = await startCluster({ databaseUrl, natsUrl, env });
    return { baseUrl: cluster.baseUrl, logs: cluster.logs, stop: () => cluster.stop() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'custos-faults-'));
  const lrs = await spawnStandalone(dir, { DATABASE_URL: databaseUrl, ...env });
  return {
    baseUrl: lrs.baseUrl,
    logs: () => lrs.process.output(),
    stop: async () => {
      await lrs.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A stack trace in a log line (pino writes it as an escaped string) or on its own lines. */
const STACK = /(?:\\n|\n)\s+at [\w<.]/;

const expectUnavailable = (res: XapiResponse, what: string) => {
  expect(res.status, `${what}: ${res.text}`).toBe(503);
  expect(res.headers.get('retry-after'), what).toMatch(/^\d+$/);
};

describe.skipIf(!postgresBinDir()).each<Mode>(['distributed', 'standalone'])(
  'PostgreSQL down (%s)',
  (mode) => {
    it('answers 503 with Retry-After everywhere, logs no stack per request, and recovers with nothing lost', async () => {
      const db = await startThrowawayPostgres();
      let lrs: Lrs | undefined;
      let credentials: CredentialFactory | undefined;
      try {
        await migrateAll(db.url);
        lrs = await startLrs(mode, db.url);
        credentials = await credentialFactory(db.url);
        const c = await credentials.create(['all']);
        const xapi = xapiClient(lrs.baseUrl, c.key, c.secret);
        const before = await xapi.postStatements(aStatement());
        expect(before.status).toBe(200);

        db.stop();
        const logsBefore = lrs.logs().length;
        const wrongSecret = xapiClient(lrs.baseUrl, c.key, 'not-the-secret');
        let requests = 0;
        for (let round = 0; round < 10; round += 1) {
          expectUnavailable(await xapi.getStatements(), 'a read');
          expectUnavailable(await xapi.postStatements(aStatement()), 'a write');
          expectUnavailable(await wrongSecret.getStatements(), 'a credential check');
          expectUnavailable(await xapi.request('GET', '/api/v1/policies'), '/api/v1');
          requests += 4;
        }
        const outage = lrs.logs().slice(logsBefore);
        expect(outage).not.toMatch(STACK);
        expect(outage).not.toMatch(/"msg":"handler failed"|"msg":"unhandled error"/);
        // Once per interval per part, not once per request.
        expect(outage.split('\n').filter((l) => l.includes('database unavailable')).length).toBeLessThan(
          requests / 4,
        );

        db.start();
        await waitFor('the LRS to answer again', async () => (await xapi.getStatements()).status === 200);
        const got = await xapi.getStatements<{ id: string }>({ statementId: before.body[0]! });
        expect(got.status).toBe(200);
        const after = await xapi.postStatements(aStatement());
        expect(after.status).toBe(200);
        expect((await xapi.getStatements()).body.statements.map((s) => s.id)).toEqual([
          after.body[0],
          before.body[0],
        ]);
      } finally {
        await credentials?.close().catch(() => undefined);
        await lrs?.stop();
        db.close();
      }
    }, 180_000);
  },
);

describe('storage stopped in the middle of a stream of writes (distributed)', () => {
  it('stores every write it answered 200, and answers none 500', async () => {
    const cluster = await startCluster({ databaseUrl: sharedDatabaseUrl, natsUrl });
    const credentials = await credentialFactory(sharedDatabaseUrl);
    try {
      const c = await credentials.create(['all']);
      const xapi = xapiClient(cluster.baseUrl, c.key, c.secret);
      const statuses: number[] = [];
      const accepted: string[] = [];
      let writing = true;
      const writer = async (client: XapiClient) => {
        while (writing) {
          const batch = [aStatement(), aStatement(), aStatement()];
          const res = await client.postStatements(batch);
          statuses.push(res.status);
          if (res.status === 200) accepted.push(...res.body);
        }
      };
      const writers = Array.from({ length: 6 }, () => writer(xapi));
      await waitFor('writes to be flowing', async () => accepted.length >= 30);
      await cluster.processes.get('storage')!.stop('SIGTERM');
      writing = false;
      await Promise.all(writers);
      expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
      expect(cluster.processes.get('storage')!.output()).not.toMatch(/Connection terminated/);

      await cluster.restart('storage');
      const client = new pg.Client({ connectionString: sharedDatabaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM storage.statement WHERE tenant_id = $1 AND statement_id = ANY($2::uuid[])`,
          [c.tenantId, accepted],
        );
        expect(Number(rows[0]!.n)).toBe(accepted.length);
      } finally {
        await client.end();
      }
      expect((await xapi.postStatements(aStatement())).status).toBe(200);
    } finally {
      await credentials.close();
      await cluster.stop();
    }
  }, 180_000);
});

describe.each<Mode>(['distributed', 'standalone'])('a storage slower than the deadline (%s)', (mode) => {
  it('answers 503 naming storage, and stores nothing of what it answered 503 once storage gets going', async () => {
    const lrs = await startLrs(mode, sharedDatabaseUrl, { CUSTOS_GATEWAY__REQUEST_TIMEOUT_MS: '2000' });
    const credentials = await credentialFactory(sharedDatabaseUrl);
    const blocker = new pg.Client({ connectionString: sharedDatabaseUrl });
    await blocker.connect();
    try {
      const c = await credentials.create(['all']);
      const xapi = xapiClient(lrs.baseUrl, c.key, c.secret);
      expect((await xapi.postStatements(aStatement())).status).toBe(200);

      // Every write of the tenant writes its audit record last, in its transaction: a trigger that waits there on a
      // lock the blocker holds stalls them (the log takes no lock of its own: ADR 0010).
      const stall = `stall_audit_${c.tenantId.replace(/-/g, '_')}`;
      await blocker.query(
        `CREATE FUNCTION storage.${stall}() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.tenant_id = '${c.tenantId}' THEN PERFORM pg_advisory_xact_lock(4242); END IF;
           RETURN NEW;
         END $$`,
      );
      await blocker.query(
        `CREATE TRIGGER ${stall} BEFORE INSERT ON storage.audit_pending FOR EACH ROW EXECUTE FUNCTION storage.${stall}()`,
      );
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_advisory_xact_lock(4242)');
      const batches = Array.from({ length: 4 }, () => [
        aStatement({ id: randomUUID() }),
        aStatement({ id: randomUUID() }),
      ]);
      const answers = await Promise.all(batches.map((b) => xapi.postStatements(b)));
      for (const res of answers) {
        expectUnavailable(res, 'a write past its deadline');
        expect(res.text).toMatch(/storage did not answer in time/);
      }
      await sleep(500);
      await blocker.query('ROLLBACK');

      // The stalled writes resume now; give them time to (not) commit.
      await sleep(2_000);
      const ids = batches.flat().map((s) => String(s.id));
      const { rows } = await blocker.query<{ n: string }>(
        `SELECT count(*) AS n FROM storage.statement WHERE tenant_id = $1 AND statement_id = ANY($2::uuid[])`,
        [c.tenantId, ids],
      );
      expect(Number(rows[0]!.n)).toBe(0);
      await blocker.query(`DROP TRIGGER ${stall} ON storage.audit_pending`);
      await blocker.query(`DROP FUNCTION storage.${stall}()`);
      expect((await xapi.postStatements(aStatement())).status).toBe(200);
    } finally {
      await blocker.end();
      await credentials.close();
      await lrs.stop();
    }
  }, 120_000);
});
