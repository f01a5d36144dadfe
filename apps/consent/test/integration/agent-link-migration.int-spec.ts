// The migration that makes an xAPI identifier one person's per tenant, run over data that already breaks the rule
// (possible before it): the identifier stays with the person created first, each later person loses it (an mbox
// with its mbox_sha1sum form), other tenants are untouched, and each removal is recorded through the outbox.
// Run inside one transaction that is rolled back, from the schema as it was before the migration.
import 'reflect-metadata';

import { createHash, randomUUID } from 'node:crypto';

import { consentDataSource } from '@custos/consent';
import { AuditRecordedV1 } from '@custos/contracts';
import type { DataSource, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { OneOwnerPerAgentIdentifier1796000003000 } from '../../src/db/migrations/1796000003000-OneOwnerPerAgentIdentifier.js';

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let db: DataSource;
beforeAll(async () => {
  db = await consentDataSource(inject('databaseUrl'), 1).initialize();
});
afterAll(async () => {
  await db?.destroy();
});

async function inRolledBackTransaction(work: (q: QueryRunner) => Promise<void>): Promise<void> {
  const q = db.createQueryRunner();
  await q.startTransaction();
  try {
    await work(q);
  } finally {
    await q.rollbackTransaction();
    await q.release();
  }
}

describe('migration OneOwnerPerAgentIdentifier', () => {
  it('keeps a shared identifier with the earliest person, removes it (both mbox forms) from later ones, and records it', async () => {
    await inRolledBackTransaction(async (q) => {
      const migration = new OneOwnerPerAgentIdentifier1796000003000();
      await migration.down(q);

      const tenant = `mig-${randomUUID().slice(0, 8)}`;
      const otherTenant = `${tenant}-b`;
      for (const id of [tenant, otherTenant]) {
        await q.query(`INSERT INTO consent.tenant (id, name) VALUES ($1, $1)`, [id]);
      }
      const person = async (tenantId: string, username: string, createdAt: string) => {
        const id = randomUUID();
        await q.query(
          `INSERT INTO consent.person (id, tenant_id, username, created_at) VALUES ($1, $2, $3, $4)`,
          [id, tenantId, username, createdAt],
        );
        return id;
      };
      const link = async (personId: string, ...ifis: string[]) => {
        for (const ifi of ifis) {
          await q.query(`INSERT INTO consent.person_agent (person_id, ifi, ifi_hash) VALUES ($1, $2, $3)`, [
            personId,
            ifi,
            sha256(ifi),
          ]);
        }
      };
      const mbox = `mbox:mailto:ana-${randomUUID().slice(0, 8)}@example.org`;
      const twin = `mbox_sha1sum:${sha1(mbox.slice('mbox:'.length))}`;
      const openid = 'openid:https://id.example.org/bob';
      const account = 'account:https://lms.example.org|carol';

      const ana = await person(tenant, 'ana', '2026-01-01T00:00:00Z');
      const bob = await person(tenant, 'bob', '2026-02-01T00:00:00Z');
      const carol = await person(tenant, 'carol', '2026-03-01T00:00:00Z');
      const elsewhere = await person(otherTenant, 'ana', '2026-04-01T00:00:00Z');
      await link(ana, mbox, twin);
      await link(bob, twin, openid); // Ana's mbox by its sha1 only
      await link(carol, mbox, twin, account); // Ana's mbox in both forms
      await link(elsewhere, mbox, twin);

      await migration.up(q);

      const links = async (personId: string) =>
        (
          (await q.query(
            `SELECT ifi, tenant_id, linked_at FROM consent.person_agent WHERE person_id = $1 ORDER BY ifi`,
            [personId],
          )) as { ifi: string; tenant_id: string; linked_at: Date }[]
        ).map((r) => [r.ifi, r.tenant_id, r.linked_at.toISOString()]);
      expect(await links(ana)).toEqual([
        [mbox, tenant, '2026-01-01T00:00:00.000Z'],
        [twin, tenant, '2026-01-01T00:00:00.000Z'],
      ]);
      expect((await links(bob)).map(([ifi]) => ifi)).toEqual([openid]);
      expect((await links(carol)).map(([ifi]) => ifi)).toEqual([account]);
      expect((await links(elsewhere)).map(([ifi, tenantId]) => [ifi, tenantId])).toEqual([
        [mbox, otherTenant],
        [twin, otherTenant],
      ]);

      const events = (await q.query(
        `SELECT subject, payload FROM consent.outbox WHERE payload->>'tenantId' = $1
          ORDER BY payload->'query'->>'personId'`,
        [tenant],
      )) as { subject: string; payload: Record<string, unknown> }[];
      expect(events.map((e) => e.subject)).toEqual([
        'consent.v1.audit.recorded',
        'consent.v1.audit.recorded',
      ]);
      // What the outbox relay publishes and storage appends: the event the contract defines.
      for (const e of events) expect(() => AuditRecordedV1.parse(e.payload)).not.toThrow();
      const byPerson = new Map(
        events.map((e) => [(e.payload['query'] as { personId: string }).personId, e.payload]),
      );
      expect(byPerson.get(bob)).toMatchObject({
        principalId: 'migration',
        principalKind: 'system',
        action: 'agent.unlink',
        resource: 'person',
        query: { personId: bob, unlinked: 1 },
        decision: 'allow',
        learnerIfiHashes: [sha256(twin), sha256(openid)].sort(),
      });
      expect(byPerson.get(carol)).toMatchObject({
        action: 'agent.unlink',
        query: { personId: carol, unlinked: 1 },
        learnerIfiHashes: [sha256(mbox), sha256(twin), sha256(account)].sort(),
      });

      // From now on the database refuses a second owner, and sets the tenant from the person.
      await expect(
        q.query(`INSERT INTO consent.person_agent (person_id, ifi, ifi_hash) VALUES ($1, $2, $3)`, [
          bob,
          mbox,
          sha256(mbox),
        ]),
      ).rejects.toMatchObject({ driverError: { code: '23505' } });
    });
  });
});
