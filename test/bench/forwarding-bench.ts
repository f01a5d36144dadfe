// `npm run bench -- forwarding`: statements forwarded from one standalone Custos (A) to another (B, the target LRS),
// docs/flows.md "Forwarding". Clients write batches of 100 to A for the figure's duration; A forwards them to B as a
// grantee credential that may read everything (the cost of forwarding itself, not of a consent filter). Prints the
// write figure, the forwarded throughput (statements received at B per second, from the first write to the last
// receipt) and the lag from each write's answer to its `stored` at B. Needs DATABASE_URL (two scratch databases).
import 'reflect-metadata';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConsentModule, CredentialsService, PeopleService } from '@custos/consent';
import {
  createScratchDatabase,
  inProcessContext,
  spawnStandalone,
  waitFor,
  xapiClient,
} from '@custos/testing';

import { type Figure, type Load, measure, print } from './measure.js';
import { aScormStatement } from './scorm-statement.js';

const TENANT = 'default';
const BATCH = 100;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** An admin and the grantee credential on A's database, made as `custos users|credentials` would. */
async function setUp(databaseUrl: string): Promise<{ grantee: string; password: string }> {
  const app = await inProcessContext([
    ConsentModule.forRoot({
      databaseUrl,
      poolSize: 1,
      publicUrl: 'http://127.0.0.1',
      bootstrapOnStart: false,
      outboxRelay: false,
    }),
  ]);
  try {
    const password = 'bench-admin-password';
    await app.get(PeopleService).create(TENANT, {
      username: 'bench-admin',
      password,
      roles: ['admin'],
      agents: [],
    });
    const { credential } = await app
      .get(CredentialsService)
      .create({ tenantId: TENANT, name: 'forwarding grantee', scopes: ['all'] });
    return { grantee: credential.id, password };
  } finally {
    await app.close();
  }
}

export async function benchForwarding(databaseServerUrl: string, load: Load): Promise<Figure[]> {
  const dbA = await createScratchDatabase(databaseServerUrl);
  const dbB = await createScratchDatabase(databaseServerUrl);
  const dirA = mkdtempSync(join(tmpdir(), 'custos-bench-fwd-a-'));
  const dirB = mkdtempSync(join(tmpdir(), 'custos-bench-fwd-b-'));
  const keys = { A: 'bench-a', B: 'bench-b', secret: 'bench-secret-not-for-production' };
  try {
    const [a, b] = await Promise.all([
      spawnStandalone(dirA, {
        DATABASE_URL: dbA.url,
        CUSTOS_BOOTSTRAP_KEY: keys.A,
        CUSTOS_BOOTSTRAP_SECRET: keys.secret,
        CUSTOS_FORWARDING__ALLOW_HTTP: 'true',
        CUSTOS_FORWARDING__POLL_MS: '50',
      }),
      spawnStandalone(dirB, {
        DATABASE_URL: dbB.url,
        CUSTOS_BOOTSTRAP_KEY: keys.B,
        CUSTOS_BOOTSTRAP_SECRET: keys.secret,
      }),
    ]);
    try {
      const { grantee, password } = await setUp(dbA.url);
      const login = await fetch(`${a.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenant: TENANT, username: 'bench-admin', password }),
      });
      const { access_token: token } = (await login.json()) as { access_token: string };
      const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
        const res = await fetch(`${a.baseUrl}${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return (await res.json()) as T;
      };
      const target = await admin<{ id: string }>('POST', '/api/v1/forwarding/targets', {
        name: 'bench B',
        kind: 'xapi',
        url: `${b.baseUrl}/xapi/statements`,
        auth: { kind: 'basic', key: keys.B, secret: keys.secret },
        granteeCredentialId: grantee,
      });

      process.stdout.write(
        `\nForwarding: standalone A → standalone B (scratch databases on DATABASE_URL), ${load.concurrency} ` +
          `concurrent writers to A, batches of ${BATCH}, ${load.durationMs / 1000} s of writes\n`,
      );
      const xapi = xapiClient(a.baseUrl, keys.A, keys.secret);
      const writtenAt = new Map<string, number>();
      let n = 0;
      const started = Date.now();
      const writes = await measure(`POST batch of ${BATCH} to A`, BATCH, load, async () => {
        const batch = Array.from({ length: BATCH }, () => aScormStatement(n % 500, n % 7, n++));
        const res = await xapi.postStatements(batch);
        const now = Date.now();
        for (const s of batch) writtenAt.set(s.id, now);
        return res.status;
      });
      print(writes);
      await waitFor(
        'A to have forwarded everything',
        async () =>
          (await admin<{ pendingBatches: number }>('GET', `/api/v1/forwarding/targets/${target.id}/status`))
            .pendingBatches === 0,
        10 * 60_000,
      );
      // What B received, with the moment it stored each.
      const atB = xapiClient(b.baseUrl, keys.B, keys.secret);
      const storedAtB = new Map<string, number>();
      let page = await atB.getStatements<{ statements: { id: string; stored: string }[]; more?: string }>({
        limit: '500',
      });
      for (;;) {
        for (const s of page.body.statements) storedAtB.set(s.id, Date.parse(s.stored));
        if (!page.body.more) break;
        page = await atB.request('GET', page.body.more);
      }
      const lags = [...writtenAt].map(([id, at]) => {
        const stored = storedAtB.get(id);
        if (stored === undefined) throw new Error(`statement ${id} did not reach B`);
        return Math.max(0, stored - at);
      });
      lags.sort((x, y) => x - y);
      const last = Math.max(...storedAtB.values());
      const seconds = (last - started) / 1000;
      const forwarded: Figure = {
        name: 'forwarded A → B (received at B)',
        requests: 0,
        statements: storedAtB.size,
        seconds,
        p50: percentile(lags, 0.5),
        p95: percentile(lags, 0.95),
        p99: percentile(lags, 0.99),
      };
      process.stdout.write(
        `${forwarded.name.padEnd(34)} ${(forwarded.statements / seconds).toFixed(0).padStart(7)} statements/s ` +
          `(${forwarded.statements} of ${writtenAt.size}, each once)  lag write → stored at B: ` +
          `p50 ${forwarded.p50.toFixed(0)} ms  p95 ${forwarded.p95.toFixed(0)} ms  p99 ${forwarded.p99.toFixed(0)} ms` +
          `  max ${(lags[lags.length - 1] ?? 0).toFixed(0)} ms\n`,
      );
      return [writes, forwarded];
    } finally {
      await a.stop();
      await b.stop();
    }
  } finally {
    await dbA.drop();
    await dbB.drop();
    rmSync(dirA, { recursive: true, force: true });
    rmSync(dirB, { recursive: true, force: true });
  }
}
