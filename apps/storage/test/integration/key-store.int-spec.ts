// The key store of crypto-shredding (docs/adr/0013 part 2) against a real PostgreSQL: a data key per identifier,
// created once even when two replicas race for it, wrapped under a tenant key held by a KMS (here a stand-in for
// Vault transit, asked only on cache misses), and gone for every later read once an erasure destroys it.
import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import { accessFilterFor, abilityWithoutPolicies } from '@custos/authz';
import { MessageBus } from '@custos/messaging';
import { UnitsOfWork } from '@custos/platform';
import {
  DataKeys,
  generateAuditKeySettings,
  KeyStoreRepository,
  StorageModule,
  tenantKeysFrom,
} from '@custos/storage';
import { aStatement, inProcessContext, startVaultTransit, type VaultTransitStandIn } from '@custos/testing';
import { ifiHash } from '@custos/xapi';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
let app: INestApplicationContext;
let bus: MessageBus;
let db: pg.Pool;
let vault: VaultTransitStandIn;
let ds: DataSource;

beforeAll(async () => {
  vault = await startVaultTransit();
  app = await inProcessContext([
    StorageModule.forRoot({
      databaseUrl,
      poolSize: 4,
      audit: generateAuditKeySettings(),
      keyStore: { provider: 'vault', url: vault.url, token: vault.token, keyName: 'custos' },
    }),
  ]);
  bus = app.get(MessageBus);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  ds = await new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 4 }).initialize();
});

afterAll(async () => {
  await app?.close();
  await db?.end();
  await ds?.destroy();
  await vault?.close();
});

describe('the key store', () => {
  it('seals statements under keys wrapped by the KMS, asked once per identifier, and reads them back', async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const credentialId = randomUUID();
    const mbox = `mailto:${randomUUID()}@example.org`;
    const statements = Array.from({ length: 3 }, () => ({
      ...aStatement({ actor: { objectType: 'Agent', name: 'Ana', mbox } }),
      id: randomUUID(),
      stored: new Date().toISOString(),
      timestamp: new Date().toISOString(),
      version: '1.0.0',
      authority: { objectType: 'Agent', account: { homePage: 'http://lrs.example', name: credentialId } },
    }));
    const encrypts = vault.calls.encrypt;
    await bus.request('storage.v1.statements.store', {
      tenantId,
      authorityCredentialId: credentialId,
      statements,
    });
    // Two identifiers (Ana and the authority): two data keys wrapped, whatever the number of statements.
    expect(vault.calls.encrypt - encrypts).toBe(2);
    const rows = await db.query<{ n: number; kek: string }>(
      `SELECT count(*)::int AS n, min(kek_id) AS kek FROM keys.data_key WHERE tenant_id = $1`,
      [tenantId],
    );
    expect(rows.rows[0]).toEqual({ n: 2, kek: 'vault:custos' });
    const stored = await db.query<{ payload: object }>(
      `SELECT payload FROM storage.statement WHERE tenant_id = $1`,
      [tenantId],
    );
    expect(JSON.stringify(stored.rows)).not.toContain(mbox);
    const reply = await bus.request('storage.v1.statements.read', {
      tenantId,
      accessFilter: accessFilterFor(
        abilityWithoutPolicies({ tenantId, credentialId, scopes: ['all'] }),
        'read',
        'Statement',
      ),
      query: { relatedActivities: false, relatedAgents: false, limit: 0, ascending: true },
      audit: { principalId: credentialId, action: 'statements.read', query: {} },
    });
    expect(reply.statements).toHaveLength(3);
    expect(reply.statements.map((s) => (s as { actor: unknown }).actor)).toEqual(
      statements.map(() => ({ objectType: 'Agent', name: 'Ana', mbox })),
    );
  });

  it('creates one key per identifier when two replicas race for it, and forgets a destroyed one', async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const keys = tenantKeysFrom({ provider: 'vault', url: vault.url, token: vault.token, keyName: 'custos' });
    const replica = () => new DataKeys(new KeyStoreRepository(ds), keys);
    const [a, b] = [replica(), replica()];
    const hashes = Array.from({ length: 20 }, () => ifiHash(`mbox:mailto:${randomUUID()}@example.org`));
    const [fromA, fromB] = await Promise.all([a.forWrite(tenantId, hashes), b.forWrite(tenantId, hashes)]);
    for (const h of hashes) {
      expect(fromA.get(h)!.keyId).toBe(fromB.get(h)!.keyId);
      expect(fromA.get(h)!.dek.equals(fromB.get(h)!.dek)).toBe(true);
    }
    const count = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM keys.data_key WHERE tenant_id = $1`,
      [tenantId],
    );
    expect(count.rows[0]!.n).toBe(20);

    const gone = hashes[0]!;
    const goneId = fromA.get(gone)!.keyId;
    const units = new UnitsOfWork(ds, null);
    await units.run((uow) => a.destroy(uow, tenantId, [gone]));
    // This replica forgets it at once; a fresh one (a restore, a replica past the cache's time) finds no key.
    expect((await a.forRead(ds, tenantId, [goneId])).has(goneId)).toBe(false);
    expect((await replica().forRead(ds, tenantId, [goneId])).has(goneId)).toBe(false);
    expect((await replica().forRead(ds, tenantId, [fromA.get(hashes[1]!)!.keyId])).size).toBe(1);
  });
});
