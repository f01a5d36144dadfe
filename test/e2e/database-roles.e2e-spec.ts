// The distributed mode on separate database roles (docs/adr/0007-database-roles.md), as the Kubernetes
// manifests run it: deploy/postgres/roles.sql makes the roles, `custos migrate` (the built CLI) migrates as the
// migration role and grants the runtime roles, then storage and consent run on their own roles. xAPI traffic
// through the gateway works, and the runtime roles hold no more than their grants.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { aStatement, type Cluster, createScratchDatabase, startCluster, xapiClient } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const suffix = randomBytes(4).toString('hex');
const roles = {
  migration: `custos_migrate_${suffix}`,
  storage: `custos_storage_${suffix}`,
  consent: `custos_consent_${suffix}`,
};

let scratch: { url: string; drop: () => Promise<void> } | undefined;
let cluster: Cluster | undefined;
let credentials: CredentialFactory | undefined;
const as = (role: string): string => {
  const u = new URL(scratch!.url);
  u.username = role;
  return u.toString();
};

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('databaseUrl'));
  execFileSync('psql', [
    scratch.url,
    ...['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', `migration_role=${roles.migration}`],
    ...['-v', `storage_role=${roles.storage}`, '-v', `consent_role=${roles.consent}`],
    ...['-f', `${ROOT}deploy/postgres/roles.sql`],
  ]);
  await run('node', ['bin/custos.js', 'migrate'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: as(roles.migration),
      CUSTOS_DATABASE_STORAGE_ROLE: roles.storage,
      CUSTOS_DATABASE_CONSENT_ROLE: roles.consent,
    },
  });
  cluster = await startCluster({
    // The parts without a database get none of the roles' URLs.
    databaseUrl: 'postgres://nobody@127.0.0.1:1/none',
    natsUrl: inject('natsUrl'),
    partEnv: { storage: { DATABASE_URL: as(roles.storage) }, consent: { DATABASE_URL: as(roles.consent) } },
  });
  // Credentials are made the way `custos credentials create` would be run in production: as consent's role.
  credentials = await credentialFactory(as(roles.consent));
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await credentials?.close();
  await scratch?.drop();
  const admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  try {
    for (const role of Object.values(roles)) await admin.query(`DROP ROLE IF EXISTS ${role}`);
  } finally {
    await admin.end();
  }
});

describe('distributed mode on separate database roles', () => {
  it('stores and reads statements through the gateway with storage and consent on their own roles', async () => {
    const c = await credentials!.create(['all']);
    const xapi = xapiClient(cluster!.baseUrl, c.key, c.secret);
    const posted = await xapi.postStatements(aStatement());
    expect(posted.status).toBe(200);
    const got = await xapi.getStatements<{ id: string }>({ statementId: posted.body[0]! });
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(posted.body[0]);
    const listed = await xapi.getStatements<{ statements: { id: string }[] }>({});
    expect(listed.body.statements.map((s) => s.id)).toContain(posted.body[0]);
  });

  it('left the runtime roles unable to read each other', async () => {
    const denied = async (role: string, sql: string) => {
      const client = new pg.Client({ connectionString: as(role) });
      await client.connect();
      try {
        return await client.query(sql).then(
          () => 'ok',
          (err: { code?: string }) => err.code,
        );
      } finally {
        await client.end();
      }
    };
    expect(await denied(roles.storage, 'SELECT 1 FROM consent.credential LIMIT 1')).toBe('42501');
    expect(await denied(roles.storage, 'SELECT 1 FROM consent.active_grant_subject LIMIT 1')).toBe('ok');
    expect(await denied(roles.consent, 'SELECT 1 FROM storage.statement LIMIT 1')).toBe('42501');
  });
});
