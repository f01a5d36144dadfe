// DESIGN "Privacy operations" — export (right of access and portability): every record about a learner, as
// xAPI JSON, on request: the statements of which they are a data subject under any linked identifier, with the
// data of their attachments, and their State and Agent Profile documents; streamed as NDJSON and ended by a
// line with the counts; audited before the first byte. A learner exports their own records; an admin those of
// a person of their tenant; nobody else.
import { createHash, randomUUID } from 'node:crypto';

import { aLearner, anAttachment, aStatement, multipartStatements } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { TestCredential } from '../harness/credentials.js';
import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();
let db: pg.Pool;
beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
});
afterAll(async () => {
  await db?.end();
});

type Line = { type: string } & Record<string, unknown>;
interface ExportResponse {
  status: number;
  contentType: string | null;
  lines: Line[];
  body: string;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

async function getExport(token: string, path: string): Promise<ExportResponse> {
  const res = await fetch(`${lrs.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = await res.text();
  const lines =
    res.status === 200
      ? body
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as Line)
      : [];
  return { status: res.status, contentType: res.headers.get('content-type'), lines, body };
}

const statementIds = (lines: Line[]) =>
  lines.filter((l) => l.type === 'statement').map((l) => (l.statement as { id: string }).id);

async function send(
  credential: TestCredential,
  method: string,
  path: string,
  body: Buffer | string,
  headers: Record<string, string>,
): Promise<number> {
  const res = await fetch(`${lrs.baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${credential.key}:${credential.secret}`).toString('base64')}`,
      'X-Experience-API-Version': '2.0.0',
      ...headers,
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * A tenant where Ana (linked by mbox and by account) has 1,200 statements under three forms of her identity
 * (more than two export pages), one with an attachment, a State and an Agent Profile document; Bob has his own
 * records, and Ana appears in some of his statements only as the object.
 */
async function aTenant() {
  const lms = await lrs.credentials.create(['all']);
  const { tenantId } = lms;
  const ana = aLearner();
  const account = { homePage: 'https://lms.example.org', name: `ana-${tenantId}` };
  const bob = aLearner();
  const post = async (statements: unknown[]) => {
    const status = await send(lms, 'POST', '/xapi/statements', JSON.stringify(statements), {
      'Content-Type': 'application/json',
    });
    expect(status).toBe(200);
  };
  const anaStatements = Array.from({ length: 1_200 }, (_, i) =>
    aStatement({
      id: randomUUID(),
      actor: i % 3 === 0 ? ana : i % 3 === 1 ? { account } : { mbox_sha1sum: sha1(ana.mbox) },
    }),
  );
  for (let i = 0; i < anaStatements.length; i += 400) await post(anaStatements.slice(i, i + 400));
  const bobStatements = [
    aStatement({ id: randomUUID(), actor: bob }),
    aStatement({ id: randomUUID(), actor: bob, object: ana }),
  ];
  await post(bobStatements);

  const certificate = anAttachment('certificate of completion', { contentType: 'text/plain' });
  const withAttachment = aStatement({ id: randomUUID(), actor: ana, attachments: [certificate.metadata] });
  const multipart = multipartStatements(
    [withAttachment],
    [{ data: certificate.data, contentType: 'text/plain' }],
  );
  expect(
    await send(lms, 'POST', '/xapi/statements', multipart.body, { 'Content-Type': multipart.contentType }),
  ).toBe(200);

  const activityId = 'https://example.org/courses/export/1';
  const registration = randomUUID();
  const state = (agent: unknown, stateId: string) =>
    `/xapi/activities/state?${new URLSearchParams({
      activityId,
      agent: JSON.stringify(agent),
      stateId,
      registration,
    }).toString()}`;
  const json = { 'Content-Type': 'application/json' };
  expect(await send(lms, 'PUT', state({ mbox: ana.mbox }, 'bookmark'), '{"page":7}', json)).toBe(204);
  expect(await send(lms, 'PUT', state({ mbox: bob.mbox }, 'bookmark'), '{"page":1}', json)).toBe(204);
  const profile = `/xapi/agents/profile?${new URLSearchParams({
    agent: JSON.stringify({ account }),
    profileId: 'notes',
  }).toString()}`;
  expect(
    await send(lms, 'PUT', profile, 'plain notes', { 'Content-Type': 'text/plain', 'If-None-Match': '*' }),
  ).toBe(204);
  const activityProfile = `/xapi/activities/profile?${new URLSearchParams({ activityId, profileId: 'p' }).toString()}`;
  expect(await send(lms, 'PUT', activityProfile, '{"x":1}', { ...json, 'If-None-Match': '*' })).toBe(204);

  const person = (
    username: string,
    roles: ('learner' | 'admin' | 'consumer')[],
    agents: Record<string, unknown>[] = [],
  ) => lrs.people.create(tenantId, { username, password: `${username}-password-123`, roles, agents });
  const anaPerson = await person('ana', ['learner'], [{ mbox: ana.mbox }, { account }]);
  await person('bob', ['learner'], [{ mbox: bob.mbox }]);
  await person('admin', ['admin']);
  await person('consumer', ['consumer']);
  const token = async (username: string) =>
    (await lrs.signIn(tenantId, username, `${username}-password-123`)).token;
  return {
    tenantId,
    ana,
    account,
    anaId: anaPerson.id,
    registration,
    activityId,
    expectedIds: [...anaStatements.map((s) => s.id!), withAttachment.id!],
    bobIds: bobStatements.map((s) => s.id!),
    certificate,
    tokens: {
      ana: await token('ana'),
      bob: await token('bob'),
      admin: await token('admin'),
      consumer: await token('consumer'),
    },
  };
}

let t: Awaited<ReturnType<typeof aTenant>>;
beforeAll(async () => {
  t = await aTenant();
});

describe('GET /api/v1/me/export', () => {
  it('streams exactly the learner’s statements, attachments and documents as NDJSON, ended by the counts', async () => {
    const res = await getExport(t.tokens.ana, '/api/v1/me/export');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/x-ndjson/);
    // Every statement about her, under each form of her identity, in the order they were stored; no other.
    expect(statementIds(res.lines)).toEqual(t.expectedIds);

    const attachments = res.lines.filter((l) => l.type === 'attachment');
    expect(attachments).toEqual([
      {
        type: 'attachment',
        attachment: {
          sha2: t.certificate.metadata.sha2,
          contentType: 'text/plain',
          content: t.certificate.data.toString('base64'),
        },
      },
    ]);

    const documents = res.lines.filter((l) => l.type === 'document').map((l) => l.document);
    expect(documents).toEqual([
      {
        kind: 'state',
        activityId: t.activityId,
        agent: { mbox: t.ana.mbox },
        stateId: 'bookmark',
        registration: t.registration,
        contentType: 'application/json',
        updated: expect.any(String) as string,
        encoding: 'json',
        content: { page: 7 },
      },
      {
        kind: 'agentProfile',
        agent: { account: t.account },
        profileId: 'notes',
        contentType: 'text/plain',
        updated: expect.any(String) as string,
        encoding: 'base64',
        content: Buffer.from('plain notes').toString('base64'),
      },
    ]);

    // The learner's own export goes on with the rest of their subject-access answer (subject-access.spec.ts).
    expect(res.lines.at(-1)).toEqual({
      type: 'end',
      statements: t.expectedIds.length,
      documents: 2,
      attachments: 1,
      accessRules: res.lines.filter((l) => l.type === 'access-rule').length,
      receipts: 0,
      accessLog: res.lines.filter((l) => l.type === 'access').length,
    });
  });

  it('leaves an audit record naming the asker, the learner and the count', async () => {
    const before = await exportRecords(t.tenantId);
    await getExport(t.tokens.ana, '/api/v1/me/export');
    const after = await exportRecords(t.tenantId);
    expect(after.slice(before.length)).toEqual([
      {
        principal_id: t.anaId,
        decision: 'allow',
        count: t.expectedIds.length + 2,
        person_id: t.anaId,
      },
    ]);
  });

  it('answers 503 and sends nothing when the audit record cannot be written', async () => {
    const trigger = `fail_export_audit_${t.tenantId.replace(/-/g, '_')}`;
    await db.query(
      `CREATE FUNCTION storage.${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.tenant_id = '${t.tenantId}' AND NEW.action = 'export' THEN RAISE EXCEPTION 'audit unavailable'; END IF;
         RETURN NEW;
       END $$`,
    );
    await db.query(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON storage.audit_pending FOR EACH ROW EXECUTE FUNCTION storage.${trigger}()`,
    );
    try {
      const res = await getExport(t.tokens.ana, '/api/v1/me/export');
      expect(res.status).toBe(503);
      expect(res.contentType).toMatch(/^application\/json/);
      expect(res.body).not.toContain(t.expectedIds[0]);
    } finally {
      await db.query(`DROP TRIGGER ${trigger} ON storage.audit_pending`);
      await db.query(`DROP FUNCTION storage.${trigger}()`);
    }
  });
});

describe('GET /api/v1/people/:id/export', () => {
  it('gives an admin the same export of a person of their tenant, audited under the admin', async () => {
    const before = await exportRecords(t.tenantId);
    const res = await getExport(t.tokens.admin, `/api/v1/people/${t.anaId}/export`);
    expect(res.status).toBe(200);
    expect(statementIds(res.lines)).toEqual(t.expectedIds);
    expect(res.lines.at(-1)).toMatchObject({ type: 'end', statements: t.expectedIds.length, documents: 2 });
    const records = (await exportRecords(t.tenantId)).slice(before.length);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ person_id: t.anaId, decision: 'allow' });
    expect(records[0]!.principal_id).not.toBe(t.anaId);
  });

  it('refuses a consumer and another learner (403), even for an id that does not exist', async () => {
    for (const token of [t.tokens.consumer, t.tokens.bob]) {
      expect((await getExport(token, `/api/v1/people/${t.anaId}/export`)).status).toBe(403);
      expect((await getExport(token, `/api/v1/people/${randomUUID()}/export`)).status).toBe(403);
    }
  });

  it('answers 404 to an admin for an unknown person and for a person of another tenant', async () => {
    expect((await getExport(t.tokens.admin, `/api/v1/people/${randomUUID()}/export`)).status).toBe(404);
    expect((await getExport(t.tokens.admin, '/api/v1/people/not-an-id/export')).status).toBe(404);
    const other = await lrs.credentials.create(['all']);
    await lrs.people.create(other.tenantId, {
      username: 'admin',
      password: 'admin-password-123',
      roles: ['admin'],
    });
    const { token } = await lrs.signIn(other.tenantId, 'admin', 'admin-password-123');
    expect((await getExport(token, `/api/v1/people/${t.anaId}/export`)).status).toBe(404);
  });

  it('gives Bob only his own records (Ana as the object of his statement is not his data subject)', async () => {
    const res = await getExport(t.tokens.bob, '/api/v1/me/export');
    expect(res.status).toBe(200);
    expect(statementIds(res.lines)).toEqual(t.bobIds);
    expect(res.lines.at(-1)).toMatchObject({ type: 'end', statements: 2, documents: 1, attachments: 0 });
  });

  it('is not for xAPI credentials', async () => {
    const cred = await lrs.credentials.create(['all'], t.tenantId);
    const auth = `Basic ${Buffer.from(`${cred.key}:${cred.secret}`).toString('base64')}`;
    const res = await fetch(`${lrs.baseUrl}/api/v1/people/${t.anaId}/export`, {
      headers: { Authorization: auth },
    });
    expect(res.status).toBe(403);
  });
});

async function exportRecords(tenantId: string) {
  const { rows } = await db.query<{
    principal_id: string;
    decision: string;
    count: number;
    person_id: string;
  }>(
    `SELECT principal_id, decision, count, query->>'personId' AS person_id
       FROM storage.audit_record WHERE tenant_id = $1 AND action = 'export' ORDER BY seq`,
    [tenantId],
  );
  return rows;
}
