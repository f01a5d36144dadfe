// The imported write (docs/flows.md "Import from another LRS"): ingest and storage in process against a real
// PostgreSQL, as the import job and a learner's archive import drive them.
import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import { accessFilterFor, abilityWithoutPolicies } from '@custos/authz';
import type { ImportedWriteV1 } from '@custos/contracts';
import { ImportedWriteService, IngestModule } from '@custos/ingest';
import { MessageBus } from '@custos/messaging';
import { generateAuditKeySettings, StorageModule } from '@custos/storage';
import { anAttachment, aStatement, aVerb, inProcessContext } from '@custos/testing';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
let app: INestApplicationContext;
let bus: MessageBus;
let imports: ImportedWriteService;
let db: pg.Pool;

beforeAll(async () => {
  app = await inProcessContext([
    StorageModule.forRoot({ databaseUrl, poolSize: 4, audit: generateAuditKeySettings() }),
    IngestModule,
  ]);
  bus = app.get(MessageBus);
  imports = app.get(ImportedWriteService);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
});

afterAll(async () => {
  await app?.close();
  await db?.end();
});

const SOURCE_AUTHORITY = {
  objectType: 'Agent',
  account: { homePage: 'https://old-lrs.example', name: 'importer' },
};
const VOIDED = { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } };

function setup() {
  const tenantId = `tenant-${randomUUID()}`;
  const importId = randomUUID();
  const fromSource = (overrides: Record<string, unknown> = {}) => ({
    ...aStatement(),
    id: randomUUID(),
    stored: '2020-01-02T03:04:05.678Z',
    timestamp: '2020-01-02T03:04:05.000Z',
    version: '1.0.0',
    authority: SOURCE_AUTHORITY,
    ...overrides,
  });
  const write = (statements: unknown[], more: Partial<ImportedWriteV1> = {}) =>
    imports.write({
      tenantId,
      importedBy: { principalId: 'cli', principalKind: 'system' },
      source: 'https://old-lrs.example/xapi',
      importId,
      statements,
      ...more,
    });
  const accessFilter = accessFilterFor(
    abilityWithoutPolicies({ tenantId, credentialId: randomUUID(), scopes: ['all'] }),
    'read',
    'Statement',
  );
  const read = (q: Record<string, unknown> = {}) =>
    bus.request('storage.v1.statements.read', {
      tenantId,
      accessFilter,
      query: { relatedActivities: false, relatedAgents: false, limit: 0, ascending: false, ...q },
      audit: { principalId: 'test', action: 'statements.read', query: {} },
      attachments: q.attachments === true,
    });
  return { tenantId, importId, fromSource, write, read };
}

describe('imported writes', () => {
  it('keeps id and authority, stores with its own `stored`, and records the provenance', async () => {
    const { tenantId, importId, fromSource, write, read } = setup();
    const statement = fromSource();
    const outcome = await write([statement]);
    expect(outcome).toEqual({ imported: [statement.id], skipped: [], refused: [] });
    const [stored] = (await read()).statements;
    expect(stored!.id).toBe(statement.id);
    expect(stored!.authority).toEqual(SOURCE_AUTHORITY);
    expect(stored!.stored).not.toBe(statement.stored);
    const { rows } = await db.query(
      `SELECT p.source, p.original_stored, p.import_id FROM storage.statement_provenance p
         JOIN storage.statement s ON s.seq = p.statement_seq WHERE s.tenant_id = $1 AND s.statement_id = $2`,
      [tenantId, statement.id],
    );
    expect(rows).toEqual([
      {
        source: 'https://old-lrs.example/xapi',
        original_stored: new Date(statement.stored),
        import_id: importId,
      },
    ]);
    const audit = await db.query(
      `SELECT query, count FROM storage.audit_record WHERE tenant_id = $1 AND action = 'statements.write'`,
      [tenantId],
    );
    expect(audit.rows).toEqual([{ query: expect.objectContaining({ imported: true, importId }), count: 1 }]);
  });

  it('seals the learner and the authority as every write does (erasure reaches backups of imported records too)', async () => {
    const { tenantId, fromSource, write, read } = setup();
    const statement = fromSource();
    await write([statement]);
    const { rows } = await db.query<{ payload: string }>(
      `SELECT payload::text AS payload FROM storage.statement WHERE tenant_id = $1 AND statement_id = $2`,
      [tenantId, statement.id],
    );
    const actor = statement.actor;
    const identifier = JSON.stringify(actor.mbox ?? actor.account ?? actor.openid ?? actor.mbox_sha1sum);
    expect(rows[0]!.payload).not.toContain(identifier.slice(1, -1));
    expect(rows[0]!.payload).not.toContain('importer');
    const [stored] = (await read()).statements;
    expect(stored!.actor).toEqual(statement.actor);
    expect(stored!.authority).toEqual(SOURCE_AUTHORITY);
  });

  it('skips what is already stored with the same content and refuses other content, by id', async () => {
    const { fromSource, write } = setup();
    const a = fromSource();
    const b = fromSource();
    await write([a, b]);
    const again = await write([a, { ...b, verb: aVerb('failed') }, fromSource({ id: a.id.toUpperCase() })]);
    expect(again.imported).toEqual([]);
    expect(again.skipped).toEqual([a.id]);
    expect(again.refused).toEqual([
      { id: a.id, reason: 'the statement appears more than once in the batch' },
      { id: b.id, reason: 'already stored with different content' },
    ]);
  });

  it('refuses invalid statements by name and stores the rest', async () => {
    const { fromSource, write, read } = setup();
    const good = fromSource();
    const { verb: _verb, ...noVerb } = fromSource();
    const outcome = await write([good, noVerb, { actor: good.actor }, 'nonsense']);
    expect(outcome.imported).toEqual([good.id]);
    expect(outcome.refused).toEqual([
      { id: noVerb.id, reason: expect.stringMatching(/^invalid statement: .*verb/) },
      { id: null, reason: 'the statement has no id' },
      { id: null, reason: 'not a statement object' },
    ]);
    expect((await read()).statements.map((s) => s.id)).toEqual([good.id]);
  });

  it('voids a target that arrives after its voiding statement, in the same batch or a later one', async () => {
    const { fromSource, write, read } = setup();
    const early = fromSource();
    const late = fromSource();
    const voidEarly = fromSource({ verb: VOIDED, object: { objectType: 'StatementRef', id: early.id } });
    const voidLate = fromSource({ verb: VOIDED, object: { objectType: 'StatementRef', id: late.id } });
    // Newest first, as a source pages: each void before its target.
    await write([voidEarly, early, voidLate]);
    await write([late]);
    expect((await read()).statements.map((s) => s.id).sort()).toEqual([voidEarly.id, voidLate.id].sort());
    expect((await read({ voidedStatementId: early.id })).statements.map((s) => s.id)).toEqual([early.id]);
    expect((await read({ voidedStatementId: late.id })).statements.map((s) => s.id)).toEqual([late.id]);
    // A void of a voiding statement is refused, not fatal.
    const bad = fromSource({ verb: VOIDED, object: { objectType: 'StatementRef', id: voidEarly.id } });
    expect((await write([bad])).refused).toEqual([
      { id: bad.id, reason: `voids statement ${voidEarly.id}, which is itself a voiding statement` },
    ]);
  });

  it('carries attachments, and refuses a statement whose attachment data is missing', async () => {
    const { fromSource, write, read } = setup();
    const file = anAttachment('a certificate');
    const missing = anAttachment('not sent');
    const withData = fromSource({ attachments: [file.metadata] });
    const without = fromSource({ attachments: [missing.metadata] });
    const outcome = await write([withData, without], {
      attachments: [
        {
          sha2: file.metadata.sha2,
          contentType: 'application/octet-stream',
          content: file.data.toString('base64'),
        },
      ],
    });
    expect(outcome.imported).toEqual([withData.id]);
    expect(outcome.refused).toEqual([
      { id: without.id, reason: expect.stringContaining(missing.metadata.sha2) },
    ]);
    const page = await read({ attachments: true });
    expect(page.attachments?.map((a) => Buffer.from(a.content, 'base64').toString())).toEqual([
      'a certificate',
    ]);
  });
});
