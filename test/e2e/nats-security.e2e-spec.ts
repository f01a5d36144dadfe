// The bus is no back door: the five parts run against a nats-server of this test's own with the shipped
// configuration (deploy/nats/custos.conf), each authenticating with its own NKey generated here. A client with
// no credentials is refused; a client holding the ingest part's key cannot ask storage or query for statements,
// nor listen on another part's subjects; the parts' own traffic (statements, large batches through the object
// store, documents, the audit chain's events) goes through without a single permission violation.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import {
  aStatement,
  type Cluster,
  type SecuredNats,
  startCluster,
  startSecuredNats,
  waitFor,
  xapiClient,
} from '@custos/testing';
import { NatsBus } from '@custos/messaging';
import { createLogger } from '@custos/platform';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { checkForgedPrincipals, formatForgedChecks, sendForgedFilter } from '../harness/forged-principals.js';

const databaseUrl = inject('databaseUrl');
const CLI = fileURLToPath(new URL('../../bin/custos.js', import.meta.url));

let nats: SecuredNats;
let cluster: Cluster;
let credentials: CredentialFactory;
let db: pg.Pool;

beforeAll(async () => {
  nats = await startSecuredNats();
  cluster = await startCluster({
    databaseUrl,
    natsUrl: nats.url,
    namespace: nats.namespace,
    partEnv: nats.partEnv,
  });
  credentials = await credentialFactory(databaseUrl);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
});

afterAll(async () => {
  await cluster?.stop();
  await credentials?.close();
  await db?.end();
  // CUSTOS_NATS_TRACE=<file>: every message the parts sent, to check deploy/nats's permissions are all used.
  if (nats && process.env.CUSTOS_NATS_TRACE) writeFileSync(process.env.CUSTOS_NATS_TRACE, nats.logs());
  await nats?.stop();
});

/** The server's log lines about refused publishes and subscriptions. */
const violations = (): string[] =>
  nats
    .logs()
    .split('\n')
    .filter((l) => /Violation/i.test(l));

/** What a request on `subject` ends in: its reply, or the client's error. */
async function attempt(nc: NatsConnection, subject: string): Promise<string> {
  try {
    await nc.request(subject, new TextEncoder().encode('{}'), { timeout: 2_000 });
    return 'answered';
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
}

describe('NATS with the shipped configuration', () => {
  it('carries ordinary xAPI traffic through every part without a permission violation', async () => {
    const { key, secret, tenantId } = await credentials.create(['all']);
    const xapi = xapiClient(cluster.baseUrl, key, secret);
    const statement = aStatement();
    const posted = await xapi.postStatements(statement);
    expect(posted.status).toBe(200);
    const id = posted.body[0]!;
    const read = await xapi.getStatements({ statementId: id });
    expect(read.status).toBe(200);

    // A batch far above 512 KiB travels through the object store both ways (put, get, delete).
    const batch = Array.from({ length: 600 }, () => aStatement({ result: { response: 'x'.repeat(1_500) } }));
    const big = await xapi.postStatements(batch);
    expect(big.status, big.text).toBe(200);
    expect(big.body).toHaveLength(600);
    const listed = await xapi.getStatements({ limit: '500' });
    expect(listed.status).toBe(200);
    expect(listed.body.statements).toHaveLength(500);

    const statePath = `/xapi/activities/state?${new URLSearchParams({
      activityId: 'https://example.org/nats-security',
      agent: JSON.stringify({ mbox: 'mailto:ana@example.org' }),
      stateId: 'bookmark',
    }).toString()}`;
    const put = await xapi.request('PUT', statePath, {
      rawBody: '{"page":3}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(put.status).toBe(204);
    const got = await xapi.request('GET', statePath);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ page: 3 });

    // The credential's creation reaches the audit chain as an event (consent publishes, storage consumes).
    await waitFor(
      'the credential-created change record in the audit chain',
      async () => ((await audit(tenantId)).json.checked as number) >= 3,
    );
    const verified = await audit(tenantId);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.json).toMatchObject({ ok: true });
    expect(violations(), nats.logs()).toEqual([]);
  });

  it('refuses a client without credentials', async () => {
    await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/Authorization/i);
  });

  it('refuses the ingest part’s key on storage’s reads and query', async () => {
    const nc = await connect({ ...nats.as('ingest'), reconnect: false });
    try {
      const asked = {
        storage: await attempt(nc, 'custos.storage.v1.statements.read'),
        query: await attempt(nc, 'custos.query.v1.statements.find'),
      };
      expect(asked.storage).toMatch(/permission/i);
      expect(asked.query).toMatch(/permission/i);
      await waitFor('the server to log both refusals', async () => {
        const logged = violations().join('\n');
        return (
          logged.includes('custos.storage.v1.statements.read') &&
          logged.includes('custos.query.v1.statements.find')
        );
      });
    } finally {
      await nc.close();
    }
  });

  it('refuses the ingest part’s key listening on another part’s subjects or inbox', async () => {
    const nc = await connect({ ...nats.as('ingest'), reconnect: false });
    try {
      for (const [subject, queue] of [
        ['custos.storage.v1.statements.read', 'custos.storage'],
        ['custos.storage.v1.statements.read', undefined],
        ['custos.ingest.v1.statements.ingest', undefined], // its own subject, but outside its queue group
        ['custos.>', undefined],
        ['_INBOX_custos_query.>', undefined],
      ] as const) {
        const sub = nc.subscribe(subject, queue ? { queue } : {});
        // The client ends a refused subscription with the server's error rather than failing it.
        expect(String(await sub.closed), subject).toMatch(/Permissions Violation for Subscription/);
      }
    } finally {
      await nc.close();
    }
    await waitFor('the server to log the refused inbox', async () =>
      violations().some((l) => l.includes('Subscription Violation') && l.includes('_INBOX_custos_query.>')),
    );
  });

  it('refuses made-up, forged, expired and re-targeted principals from a key allowed to call query, and records each', async () => {
    // The gateway's own NATS key may call query: only the gateway's signature on the principal lets a request in.
    const { tenantId } = await credentials.create(['all']);
    const nc = await connect({ ...nats.as('gateway'), reconnect: false });
    try {
      const checks = await checkForgedPrincipals(cluster, nc, { db, tenantId });
      process.stdout.write(
        `forged principals (secured NATS, gateway's key):\n${formatForgedChecks(checks)}\n`,
      );
      expect(
        checks.every((c) => c.ok),
        formatForgedChecks(checks),
      ).toBe(true);
      // A forged access filter sent straight to storage: only query's key may ask storage for statements.
      const filter = await sendForgedFilter(cluster, nc, tenantId);
      process.stdout.write(
        `forged access filter to storage: ${filter.statements} statements, refused by ${filter.refusedBy}\n`,
      );
      expect(filter).toMatchObject({ statements: 0, refusedBy: expect.stringMatching(/permission/i) });
    } finally {
      await nc.close();
    }
    const verified = await audit(tenantId);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.json).toMatchObject({ ok: true });
  });

  it('leaves a part started with another part’s key unready: the server refuses its subscriptions', async () => {
    const bus = await NatsBus.connect({
      url: nats.url,
      auth: { CUSTOS_NATS_NKEY_SEED: nats.keys.query.seed },
      namespace: nats.namespace,
      name: 'custos-ingest-with-query-key',
      part: 'ingest',
      logger: createLogger('test', 'silent'),
    });
    try {
      expect(bus.isReady()).toBe(true);
      bus.serve('ingest.v1.health.check', async () => ({ service: 'ingest', ready: true, checks: {} }));
      await waitFor('the refusal', async () => !bus.isReady());
    } finally {
      await bus.close();
    }
  });
});

interface Run {
  code: number;
  json: Record<string, unknown>;
  stderr: string;
}

/** `custos audit verify` against the cluster's database, as an auditor runs it. */
function audit(tenantId: string): Promise<Run> {
  const env = { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'audit', 'verify', '--tenant', tenantId],
      { env },
      (err, stdout, stderr) => {
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(stdout) as Record<string, unknown>;
        } catch {
          // no JSON (a usage error)
        }
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, json, stderr });
      },
    );
  });
}
