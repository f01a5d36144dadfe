// Migration 1796000004000: IRIs and document ids of any length are stored (a B-tree entry holds about 2.7 kB),
// and the filtered reads still find them through an index. The expressions below are the ones read-plan.ts,
// document-plan.ts and activity.repository.ts use (their unit tests pin that SQL); sequential scans are turned
// off so the plan shows whether an index *can* answer the condition, whatever the table's size.
import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import { MessageBus } from '@custos/messaging';
import { generateAuditKeySettings, StorageModule } from '@custos/storage';
import { aStatement, inProcessContext } from '@custos/testing';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
let app: INestApplicationContext;
let bus: MessageBus;
let db: pg.Pool;

beforeAll(async () => {
  app = await inProcessContext([
    StorageModule.forRoot({ databaseUrl, poolSize: 4, audit: generateAuditKeySettings() }),
  ]);
  bus = app.get(MessageBus);
  db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
});

afterAll(async () => {
  await app?.close();
  await db?.end();
});

async function plan(sql: string, params: unknown[]): Promise<string> {
  const client = await db.connect();
  try {
    await client.query('SET enable_seqscan = off');
    const rows = (await client.query(`EXPLAIN (COSTS OFF) ${sql}`, params)).rows as {
      'QUERY PLAN': string;
    }[];
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('RESET enable_seqscan');
    client.release();
  }
}

describe('bounded index keys', () => {
  it('stores a statement whose verb, object and context activity IRIs are 1 MB long', async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const long = (prefix: string) => `${prefix}${'x'.repeat(1_000_000)}`;
    const verb = { id: long('http://example.org/verbs/') };
    const object = { objectType: 'Activity', id: long('http://example.org/activities/') };
    const parent = { objectType: 'Activity', id: long('http://example.org/courses/') };
    const statement = {
      ...aStatement({ verb, object, context: { contextActivities: { parent: [parent] } } }),
      id: randomUUID(),
      stored: new Date().toISOString(),
      timestamp: new Date().toISOString(),
      version: '1.0.0',
      authority: { objectType: 'Agent', account: { homePage: 'http://lrs.example', name: 'k' } },
    };
    const reply = await bus.request('storage.v1.statements.store', {
      tenantId,
      authorityCredentialId: randomUUID(),
      statements: [statement],
    });
    expect(reply).toBeDefined();
    const { rows } = await db.query(
      `SELECT s.verb_iri = $2 AS verb, a.activity_iri = $3 AS activity, c.activity_iri = $4 AS parent
         FROM storage.statement s
         JOIN storage.statement_activity a ON a.statement_seq = s.seq AND a.direct
         JOIN storage.statement_context_activity c ON c.statement_seq = s.seq
        WHERE s.tenant_id = $1`,
      [tenantId, verb.id, object.id, parent.id],
    );
    expect(rows).toEqual([{ verb: true, activity: true, parent: true }]);
  });

  it('answers the verb, activity, definition and document lookups from an index', async () => {
    const verb = await plan(
      `SELECT s.seq FROM storage.statement s WHERE s.tenant_id = $1
          AND storage.text_key(s.verb_iri) = storage.text_key($2) ORDER BY s.seq DESC LIMIT 10`,
      ['t', 'http://example.org/v'],
    );
    expect(verb).toMatch(/Index Scan (Backward )?using statement_verb_idx/);
    const activity = await plan(
      `SELECT act.statement_seq FROM storage.statement_activity act
        WHERE act.tenant_id = $1 AND storage.text_key(act.activity_iri) = storage.text_key($2)`,
      ['t', 'http://example.org/a'],
    );
    expect(activity).toMatch(/using statement_activity_lookup_idx/);
    const definition = await plan(
      `SELECT definition FROM storage.activity WHERE tenant_id = $1 AND storage.text_key(activity_id) = storage.text_key($2)`,
      ['t', 'http://example.org/a'],
    );
    expect(definition).toMatch(/using activity_key/);
    const document = await plan(
      `SELECT d.id FROM storage.document d WHERE d.tenant_id = $1 AND d.kind = 'state'
          AND storage.text_key(d.activity_id) = storage.text_key($2) AND d.agent_ifi_hash = $3
          AND d.registration IS NULL AND storage.text_key(d.document_id) = storage.text_key($4)`,
      ['t', 'http://example.org/a', 'h', 'state'],
    );
    expect(document).toMatch(/using document_key/);
    for (const p of [verb, activity, definition, document]) expect(p).not.toMatch(/Seq Scan/);
  });
});
