// The bus is no back door (issue 10, ADR 0006), end to end in distributed mode: the five parts as their own
// processes over the machine's NATS and PostgreSQL, the gateway signing principals and every part verifying them.
// A plain NATS client that is no Custos part names a principal of its own making, as in the incident, and gets
// nothing; each attempt is in the tenant's audit chain, ordinary xAPI traffic still works, and
// `custos audit verify` accepts the chain afterwards.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { aStatement, type Cluster, spawnNode, startCluster, xapiClient } from '@custos/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';
import { checkForgedPrincipals, formatForgedChecks } from '../harness/forged-principals.js';

const run = promisify(execFile);
const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');

let cluster: Cluster;
let credentials: CredentialFactory;
let db: pg.Pool;
let nc: NatsConnection;

beforeAll(async () => {
  cluster = await startCluster({ databaseUrl, natsUrl });
  credentials = await credentialFactory(databaseUrl);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // The intruder: any client that reaches NATS.
  nc = await connect({ servers: natsUrl, name: 'intruder' });
});

afterAll(async () => {
  await nc?.close();
  await cluster?.stop();
  await credentials?.close();
  await db?.end();
});

describe('signed principals in distributed mode', () => {
  it('refuses made-up principals from outside, records each refusal, and serves signed traffic', async () => {
    const c = await credentials.create(['all']);
    const xapi = xapiClient(cluster.baseUrl, c.key, c.secret);
    await xapi.postStatements([aStatement(), aStatement()]);

    const checks = await checkForgedPrincipals(cluster, nc, { db, tenantId: c.tenantId });
    process.stdout.write(`forged principals (distributed e2e):\n${formatForgedChecks(checks)}\n`);
    expect(
      checks.filter((check) => !check.ok),
      formatForgedChecks(checks),
    ).toEqual([]);
    expect(checks).toHaveLength(6);

    // Ordinary traffic through the gateway is unaffected.
    const read = await xapi.getStatements();
    expect(read.status).toBe(200);
    expect(read.body.statements).toHaveLength(2);

    const { stdout } = await run(
      process.execPath,
      ['bin/custos.js', 'audit', 'verify', '--tenant', c.tenantId],
      {
        env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
      },
    );
    // The write, the read, the six refusals, and the credential's creation once consent relayed it.
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, checked: expect.toSatisfy((n: number) => n >= 8) });
  });

  it('does not start a part without the verification keys, nor the gateway without the signing key', async () => {
    const without = (name: string) =>
      Object.fromEntries(Object.entries(cluster.env).filter(([k]) => !k.startsWith(name)));
    for (const [part, missing] of [
      ['query', 'CUSTOS_PRINCIPAL_VERIFY_KEYS'],
      ['gateway', 'CUSTOS_PRINCIPAL_SIGNING_KEY'],
    ] as const) {
      const p = spawnNode(`dist/apps/${part}/src/main.js`, { ...without(missing), PORT: '0' });
      const code = await new Promise<number | null>((resolve) => p.child.once('exit', resolve));
      expect(code, p.output()).not.toBe(0);
      expect(p.output()).toContain(`${missing}: is required in distributed mode`);
    }
  });
});
