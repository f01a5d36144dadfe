// Separate database roles (docs/adr/0007-database-roles.md) on the real PostgreSQL: deploy/postgres/roles.sql
// creates three roles of this run's own, `migrateAll` migrates as the migration role and grants the runtime
// roles, then each part runs on its own role. storage reads and writes its schema and reads consent's two
// published views, nothing else of consent; consent reads and writes its schema, nothing of storage; neither
// changes a schema's shape nor the migrations tables.
import 'reflect-metadata';

import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { accessFilterFor, abilityWithoutPolicies } from '@custos/authz';
import { ConsentModule, CredentialsService } from '@custos/consent';
import { MessageBus } from '@custos/messaging';
import { migrateAll } from '@custos/standalone';
import { generateAuditKeySettings, StorageModule } from '@custos/storage';
import { aStatement, createScratchDatabase, inProcessContext } from '@custos/testing';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const ROLES_SQL = fileURLToPath(new URL('../../../../deploy/postgres/roles.sql', import.meta.url));
const suffix = randomBytes(4).toString('hex');
const roles = {
  migration: `custos_migrate_${suffix}`,
  storage: `custos_storage_${suffix}`,
  consent: `custos_consent_${suffix}`,
};

let scratch: { url: string; drop: () => Promise<void> };
const as = (role: string): string => {
  const u = new URL(scratch.url);
  u.username = role;
  u.password = '';
  return u.toString();
};

function psqlAvailable(): boolean {
  try {
    execFileSync('psql', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs `sql` as `role` and returns the SQLSTATE it failed with, or 'ok'. */
async function outcome(role: string, sql: string): Promise<string> {
  const client = new pg.Client({ connectionString: as(role) });
  await client.connect();
  try {
    await client.query(sql);
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  } finally {
    await client.end();
  }
}

const DENIED = '42501';

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('databaseUrl'));
  execFileSync(
    'psql',
    [
      scratch.url,
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      ...['-v', `migration_role=${roles.migration}`, '-v', `storage_role=${roles.storage}`],
      ...['-v', `consent_role=${roles.consent}`, '-f', ROLES_SQL],
    ],
    { stdio: 'pipe' },
  );
  const runtime = { storage: roles.storage, consent: roles.consent };
  await migrateAll(as(roles.migration), undefined, runtime);
  // Again, as every release does: nothing to migrate, the grants re-applied without error.
  await migrateAll(as(roles.migration), undefined, runtime);
}, 120_000);

afterAll(async () => {
  await scratch?.drop();
  const admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  try {
    for (const role of Object.values(roles)) await admin.query(`DROP ROLE IF EXISTS ${role}`);
  } finally {
    await admin.end();
  }
});

describe.skipIf(!psqlAvailable())('separate database roles (roles.sql needs psql)', () => {
  it('the migration role owns both schemas and every table in them', async () => {
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ owner: string }>(
        `SELECT DISTINCT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname IN ('storage', 'consent')
         UNION SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname IN ('storage', 'consent')`,
      );
      expect(rows.map((r) => r.owner)).toEqual([roles.migration]);
    } finally {
      await admin.end();
    }
  });

  it('storage, on its own role, stores and reads statements through the real module', async () => {
    const app: INestApplicationContext = await inProcessContext([
      StorageModule.forRoot({
        databaseUrl: as(roles.storage),
        poolSize: 2,
        audit: generateAuditKeySettings(),
      }),
    ]);
    try {
      const bus = app.get(MessageBus);
      const tenantId = `tenant-${randomUUID()}`;
      const credentialId = randomUUID();
      const statement = {
        ...aStatement(),
        id: randomUUID(),
        stored: new Date().toISOString(),
        timestamp: new Date().toISOString(),
        version: '1.0.0',
        authority: { objectType: 'Agent', account: { homePage: 'http://lrs.example', name: 'k' } },
      };
      await bus.request('storage.v1.statements.store', {
        tenantId,
        authorityCredentialId: credentialId,
        statements: [statement],
      });
      const page = await bus.request('storage.v1.statements.read', {
        tenantId,
        accessFilter: accessFilterFor(
          abilityWithoutPolicies({ tenantId, credentialId, scopes: ['all'] }),
          'read',
          'Statement',
        ),
        query: { relatedActivities: false, relatedAgents: false, limit: 0, ascending: false },
        audit: { principalId: credentialId, action: 'statements.read', query: {} },
      });
      expect(page.statements.map((s) => s.id)).toEqual([statement.id]);
    } finally {
      await app.close();
    }
  });

  it("storage's role reads the two published consent views, checks the access version, and nothing else of consent", async () => {
    const r = roles.storage;
    expect(await outcome(r, 'SELECT * FROM consent.active_grant_subject LIMIT 1')).toBe('ok');
    expect(await outcome(r, 'SELECT * FROM consent.objection_subject LIMIT 1')).toBe('ok');
    // The access version check of a read built from kept rules (ADR 0011); the version table itself stays closed.
    expect(await outcome(r, "SELECT consent.access_version_is('no-such-tenant', 0)")).toBe('ok');
    expect(await outcome(r, 'SELECT * FROM consent.access_version LIMIT 1')).toBe(DENIED);
    expect(await outcome(r, 'SELECT * FROM consent.consent_grant LIMIT 1')).toBe(DENIED);
    expect(await outcome(r, 'SELECT * FROM consent.person_agent LIMIT 1')).toBe(DENIED);
    expect(await outcome(r, 'SELECT * FROM consent.credential LIMIT 1')).toBe(DENIED);
    expect(await outcome(r, 'DELETE FROM consent.consent_grant WHERE false')).toBe(DENIED);
    expect(await outcome(r, 'UPDATE consent.objection SET withdrawn_at = now() WHERE false')).toBe(DENIED);
  });

  it('consent, on its own role, writes its schema; its role reads nothing of storage', async () => {
    const app: INestApplicationContext = await inProcessContext([
      ConsentModule.forRoot({
        databaseUrl: as(roles.consent),
        poolSize: 2,
        publicUrl: 'http://lrs.example',
        bootstrapOnStart: false,
        outboxRelay: false,
      }),
    ]);
    try {
      const created = await app
        .get(CredentialsService)
        .create({ tenantId: `t-${suffix}`, name: 'roles', scopes: ['all'] });
      expect(created.credential.key).toBeTruthy();
    } finally {
      await app.close();
    }
    const r = roles.consent;
    expect(await outcome(r, 'SELECT count(*) FROM consent.credential')).toBe('ok');
    expect(await outcome(r, 'SELECT * FROM storage.statement LIMIT 1')).toBe(DENIED);
    expect(await outcome(r, 'SELECT * FROM storage.audit_record LIMIT 1')).toBe(DENIED);
  });

  it('no runtime role creates, alters or drops anything, nor writes a migrations table', async () => {
    for (const [r, schema] of [
      [roles.storage, 'storage'],
      [roles.consent, 'consent'],
    ] as const) {
      expect(
        await outcome(r, `SELECT count(*) FROM ${schema}.migrations`),
        `${r} reads ${schema}.migrations`,
      ).toBe('ok');
      expect(await outcome(r, `CREATE TABLE ${schema}.intruder (id int)`)).toBe(DENIED);
      expect(await outcome(r, 'CREATE TABLE public.intruder (id int)')).toBe(DENIED);
      expect(await outcome(r, 'CREATE TEMP TABLE intruder (id int)')).toBe(DENIED);
      expect(await outcome(r, `ALTER TABLE ${schema}.migrations ADD COLUMN x int`)).toBe(DENIED);
      expect(await outcome(r, `DROP TABLE ${schema}.outbox`)).toBe(DENIED);
      expect(
        await outcome(r, `INSERT INTO ${schema}.migrations SELECT * FROM ${schema}.migrations WHERE false`),
      ).toBe(DENIED);
      expect(await outcome(r, `DELETE FROM ${schema}.migrations WHERE false`)).toBe(DENIED);
    }
  });

  it('refuses to grant the migration role itself a runtime role', async () => {
    await expect(migrateAll(as(roles.migration), undefined, { storage: roles.migration })).rejects.toThrow(
      /CUSTOS_DATABASE_STORAGE_ROLE: is the role migrations run as/,
    );
  });
});
