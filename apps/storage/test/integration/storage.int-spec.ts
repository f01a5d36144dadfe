// The storage part against a real PostgreSQL (migrated by the global setup), driven through the
// bus exactly as ingest and query drive it.
import 'reflect-metadata';

import { createHash, randomUUID } from 'node:crypto';

import { accessFilterFor, abilityWithoutPolicies } from '@custos/authz';
import type { StatementQueryV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { StorageModule, generateAuditKeySettings } from '@custos/storage';
import { aStatement, aVerb, inProcessContext } from '@custos/testing';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
let app: INestApplicationContext;
let bus: MessageBus;
let db: pg.Pool;

beforeAll(async () => {
  app = await inProcessContext([
    StorageModule.forRoot({ databaseUrl, poolSize: 10, audit: generateAuditKeySettings() }),
  ]);
  bus = app.get(MessageBus);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
});

afterAll(async () => {
  await app?.close();
  await db?.end();
});

function setup() {
  const tenantId = `tenant-${randomUUID()}`;
  const credentialId = randomUUID();
  const enriched = (overrides: Record<string, unknown> = {}) => ({
    ...aStatement(),
    id: randomUUID(),
    stored: new Date().toISOString(),
    timestamp: new Date().toISOString(),
    version: '1.0.0',
    authority: { objectType: 'Agent', account: { homePage: 'http://lrs.example', name: 'k' } },
    ...overrides,
  });
  const store = (statements: Record<string, unknown>[]) =>
    bus.request('storage.v1.statements.store', { tenantId, authorityCredentialId: credentialId, statements });
  const query: StatementQueryV1 = {
    relatedActivities: false,
    relatedAgents: false,
    limit: 0,
    ascending: false,
  };
  const accessFilter = accessFilterFor(
    abilityWithoutPolicies({ tenantId, credentialId, scopes: ['all'] }),
    'read',
    'Statement',
  );
  const read = (q: Partial<StatementQueryV1> = {}) =>
    bus.request('storage.v1.statements.read', {
      tenantId,
      accessFilter,
      query: { ...query, ...q },
      audit: { principalId: credentialId, action: 'statements.read', query: {} },
    });
  return { tenantId, enriched, store, read };
}

describe('statement writes', () => {
  it('stores a batch all or nothing: a conflict in its last statement stores none of it', async () => {
    const { enriched, store, read } = setup();
    const existing = enriched();
    await store([existing]);
    const batch = [enriched(), enriched(), { ...existing, verb: aVerb('failed') }];
    await expect(store(batch)).rejects.toMatchObject({ status: 409 });
    const page = await read();
    expect(page.statements.map((s) => s.id)).toEqual([existing.id]);
  });

  it('treats concurrent writes of one statement as one', async () => {
    const { enriched, store, read } = setup();
    const statement = enriched();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => store([statement])));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect((await read()).statements).toHaveLength(1);
  });

  it('hides a voided statement from queries but serves it by voidedStatementId', async () => {
    const { enriched, store, read } = setup();
    const target = enriched();
    await store([target]);
    const voiding = enriched({
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
      object: { objectType: 'StatementRef', id: target.id },
    });
    await store([voiding]);
    expect((await read()).statements.map((s) => s.id)).toEqual([voiding.id]);
    expect((await read({ statementId: target.id })).statements).toEqual([]);
    expect((await read({ voidedStatementId: target.id })).statements.map((s) => s.id)).toEqual([target.id]);
    const voidTheVoiding = enriched({
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
      object: { objectType: 'StatementRef', id: voiding.id },
    });
    await expect(store([voidTheVoiding])).rejects.toMatchObject({ status: 400 });
  });

  it('pages in a strict order without repeats', async () => {
    const { enriched, store, read } = setup();
    await store(Array.from({ length: 7 }, () => enriched()));
    const seen: string[] = [];
    let afterSeq: string | undefined;
    for (;;) {
      const page = await read({ limit: 3, afterSeq });
      seen.push(...page.statements.map((s) => String(s.id)));
      if (!page.nextAfterSeq) break;
      afterSeq = page.nextAfterSeq;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });
});

describe('deleting statements', () => {
  // The link tables have no foreign key to storage.statement (migration 1797000100000); whatever deletes
  // statements, their links must go with them and nobody else's.
  const LINK_TABLES = [
    'statement_agent',
    'statement_activity',
    'statement_context_activity',
    'statement_attachment',
  ] as const;

  it('deletes their agent, activity, context-activity and attachment links in the same transaction', async () => {
    const { tenantId, enriched } = setup();
    const content = Buffer.from(`attachment ${randomUUID()}`);
    const sha2 = createHash('sha256').update(content).digest('hex');
    const linked = (id: string) =>
      enriched({
        id,
        actor: { objectType: 'Agent', mbox: `mailto:${id}@example.org` },
        context: {
          contextActivities: { parent: [{ objectType: 'Activity', id: 'https://example.org/course/1' }] },
        },
        attachments: [
          {
            usageType: 'https://example.org/essay',
            display: { en: 'essay' },
            contentType: 'text/plain',
            length: content.length,
            sha2,
          },
        ],
      });
    const [gone, kept] = [randomUUID(), randomUUID()];
    await bus.request('storage.v1.statements.store', {
      tenantId,
      authorityCredentialId: randomUUID(),
      statements: [linked(gone), linked(kept)],
      attachments: [{ sha2, contentType: 'text/plain', content: content.toString('base64') }],
    });
    const seqOf = async (id: string) =>
      (
        await db.query<{ seq: string }>(
          `SELECT seq::text AS seq FROM storage.statement WHERE tenant_id = $1 AND statement_id = $2`,
          [tenantId, id],
        )
      ).rows[0]!.seq;
    const [goneSeq, keptSeq] = [await seqOf(gone), await seqOf(kept)];
    const links = async (seq: string) =>
      Object.fromEntries(
        await Promise.all(
          LINK_TABLES.map(async (table) => {
            const { rows } = await db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM storage.${table} WHERE statement_seq = $1`,
              [seq],
            );
            return [table, rows[0]!.n] as const;
          }),
        ),
      );
    const keptLinks = await links(keptSeq);
    // Every kind of link is there to be deleted.
    expect(Object.values(await links(goneSeq)).every((n) => n > 0)).toBe(true);

    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query(`DELETE FROM storage.statement WHERE tenant_id = $1 AND statement_id = $2`, [
        tenantId,
        gone,
      ]);
      // Already gone inside the deleting transaction, not at some later clean-up.
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM storage.statement_agent WHERE statement_seq = $1`,
        [goneSeq],
      );
      expect(rows[0]!.n).toBe(0);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    expect(await links(goneSeq)).toEqual({
      statement_agent: 0,
      statement_activity: 0,
      statement_context_activity: 0,
      statement_attachment: 0,
    });
    expect(await links(keptSeq)).toEqual(keptLinks);
  });
});

describe('audit chain', () => {
  it('keeps one valid chain under many concurrent reads', async () => {
    const { tenantId, enriched, store, read } = setup();
    await store([enriched()]);
    await Promise.all(Array.from({ length: 30 }, () => read()));
    const result = await bus.request('storage.v1.audit.verify', { tenantId });
    // The write's record and the 30 reads'.
    expect(result).toMatchObject({ ok: true, checked: 31 });
    expect(result.firstBroken).toBeUndefined();
  });

  const tampered = async (tamper: (tenantId: string) => Promise<unknown>) => {
    const { tenantId, read } = setup();
    for (let i = 0; i < 5; i += 1) await read();
    await tamper(tenantId);
    return bus.request('storage.v1.audit.verify', { tenantId });
  };

  it('names the first edited record', async () => {
    const result = await tampered((t) =>
      db.query(`UPDATE storage.audit_record SET count = 99 WHERE tenant_id = $1 AND seq = 3`, [t]),
    );
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { seq: '3', reason: expect.stringMatching(/content/) },
    });
  });

  it('names the record a deletion removed', async () => {
    const result = await tampered((t) =>
      db.query(`DELETE FROM storage.audit_record WHERE tenant_id = $1 AND seq = 2`, [t]),
    );
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: '2' } });
  });

  it('notices records cut from the end', async () => {
    const result = await tampered((t) =>
      db.query(`DELETE FROM storage.audit_record WHERE tenant_id = $1 AND seq = 5`, [t]),
    );
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: '5' } });
  });

  it('names an inserted record', async () => {
    const result = await tampered(async (t) => {
      // Two steps: shifting in place would collide with the primary key mid-update.
      await db.query(`UPDATE storage.audit_record SET seq = seq + 100 WHERE tenant_id = $1 AND seq >= 4`, [
        t,
      ]);
      await db.query(`UPDATE storage.audit_record SET seq = seq - 99 WHERE tenant_id = $1 AND seq >= 100`, [
        t,
      ]);
      await db.query(
        `INSERT INTO storage.audit_record SELECT tenant_id, 4, at, principal_id, action, query, decision, count, reason, prev_hash, hash
           FROM storage.audit_record WHERE tenant_id = $1 AND seq = 3`,
        [t],
      );
    });
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: '4' } });
  });

  it('names the first of two swapped records', async () => {
    const result = await tampered(async (t) => {
      await db.query(`UPDATE storage.audit_record SET seq = -1 WHERE tenant_id = $1 AND seq = 2`, [t]);
      await db.query(`UPDATE storage.audit_record SET seq = 2 WHERE tenant_id = $1 AND seq = 3`, [t]);
      await db.query(`UPDATE storage.audit_record SET seq = 3 WHERE tenant_id = $1 AND seq = -1`, [t]);
    });
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: '2' } });
  });
});
