// DESIGN "Audit" (issue 5): a read whose audit record cannot be written fails. With the audit table refusing
// this tenant's records (a trigger, dropped afterwards), every read path of learner data answers 503 and
// returns nothing — statements (list, by id, a `more` page), a denied statement read, State and Agent
// Profile documents, the Agents resource, an export, an explanation — and the chain holds no trace of them.
// Once the table takes records again, the same reads answer as before and the chain verifies.
import { MessageBus } from '@custos/messaging';
import { aLearner, aStatement, xapiClient, type XapiClient } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type SignedIn, useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();
let db: pg.Pool;
beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
});
afterAll(async () => {
  await db?.end();
});

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}

/** A tenant with Ana's statements and documents, Ana and an admin signed in, and a write-only client. */
async function aTenant() {
  const lms = await lrs.client({ version: '2.0.0' });
  const { tenantId } = lms;
  const ana = aLearner();
  const ids = (
    await lms.postStatements([
      aStatement({ actor: ana }),
      aStatement({ actor: ana }),
      aStatement({ actor: ana }),
    ])
  ).body;
  expect(ids).toHaveLength(3);
  const agent = JSON.stringify({ mbox: ana.mbox });
  const activityId = 'https://example.org/courses/audit/1';
  const statePath = `/xapi/activities/state?${new URLSearchParams({ activityId, agent, stateId: 'bookmark' }).toString()}`;
  const profilePath = `/xapi/agents/profile?${new URLSearchParams({ agent, profileId: 'notes' }).toString()}`;
  const put = (path: string) =>
    lms.request('PUT', path, {
      rawBody: '{"secret":"only-in-the-document"}',
      headers: { 'Content-Type': 'application/json' },
    });
  expect((await put(statePath)).status).toBe(204);
  expect(
    (
      await lms.request('PUT', profilePath, {
        rawBody: '{"secret":"only-in-the-document"}',
        headers: { 'Content-Type': 'application/json', 'If-None-Match': '*' },
      })
    ).status,
  ).toBe(204);

  const person = (username: string, roles: ('learner' | 'admin')[], agents: Record<string, unknown>[] = []) =>
    lrs.people.create(tenantId, { username, password: `${username}-password-123`, roles, agents });
  await person('admin', ['admin']);
  await person('ana', ['learner'], [{ mbox: ana.mbox }]);
  const signIn = (username: string): Promise<SignedIn> =>
    lrs.signIn(tenantId, username, `${username}-password-123`);
  const writer = await lrs.credentials.create(['statements/write'], tenantId);
  return {
    tenantId,
    ids,
    lms,
    writeOnly: xapiClient(lrs.baseUrl, writer.key, writer.secret, '2.0.0'),
    admin: await signIn('admin'),
    ana: await signIn('ana'),
    statePath,
    stateListPath: `/xapi/activities/state?${new URLSearchParams({ activityId, agent }).toString()}`,
    profilePath,
    agentsPath: `/xapi/agents?${new URLSearchParams({ agent }).toString()}`,
  };
}

type Tenant = Awaited<ReturnType<typeof aTenant>>;

const viaClient = async (client: XapiClient, path: string): Promise<Answer> => {
  const res = await client.request('GET', path);
  return { status: res.status, contentType: res.headers.get('content-type'), body: res.text };
};

const bearer = async (who: SignedIn, path: string): Promise<Answer> => {
  const res = await fetch(`${lrs.baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${who.token}`, 'X-Experience-API-Version': '2.0.0' },
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
};

/** Every read path of learner data, with the status it answers while the log takes records. */
function readPaths(t: Tenant, morePath: string): [string, number, () => Promise<Answer>][] {
  return [
    ['statements list', 200, () => viaClient(t.lms, '/xapi/statements')],
    ['statement by id', 200, () => viaClient(t.lms, `/xapi/statements?statementId=${t.ids[0]}`)],
    ['a more page', 200, () => viaClient(t.lms, morePath)],
    ['a denied statement read', 403, () => viaClient(t.writeOnly, '/xapi/statements')],
    ['a State document', 200, () => viaClient(t.lms, t.statePath)],
    ['the State ids', 200, () => viaClient(t.lms, t.stateListPath)],
    ['an Agent Profile document', 200, () => viaClient(t.lms, t.profilePath)],
    ['the Agents resource', 200, () => viaClient(t.lms, t.agentsPath)],
    ['an export', 200, () => bearer(t.ana, '/api/v1/me/export')],
    ['an explanation', 200, () => bearer(t.admin, `/api/v1/explain?statementId=${t.ids[0]}`)],
  ];
}

const recordCount = async (tenantId: string): Promise<number> => {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM storage.audit_record WHERE tenant_id = $1`,
    [tenantId],
  );
  return Number(rows[0]!.n);
};

/** Makes storage.audit_pending (where requests write their records) refuse every record of one tenant while `work` runs. */
async function withAuditRefused<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
  const name = `refuse_audit_${tenantId.replace(/-/g, '_')}`;
  await db.query(
    `CREATE FUNCTION storage.${name}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.tenant_id = '${tenantId}' THEN RAISE EXCEPTION 'audit store unavailable'; END IF;
       RETURN NEW;
     END $$`,
  );
  await db.query(
    `CREATE TRIGGER ${name} BEFORE INSERT ON storage.audit_pending FOR EACH ROW EXECUTE FUNCTION storage.${name}()`,
  );
  try {
    return await work();
  } finally {
    await db.query(`DROP TRIGGER ${name} ON storage.audit_pending`);
    await db.query(`DROP FUNCTION storage.${name}()`);
  }
}

describe('reads when the audit log cannot be written', () => {
  it('answers 503 with nothing of the data on every read path, and records nothing', async () => {
    const t = await aTenant();
    const first = await t.lms.getStatements({ limit: '1' });
    expect(first.status).toBe(200);
    const paths = readPaths(t, first.body.more);
    const before = await recordCount(t.tenantId);

    const refused = await withAuditRefused(t.tenantId, async () => {
      const answers: Record<string, Answer> = {};
      for (const [name, , read] of paths) answers[name] = await read();
      return answers;
    });

    for (const [name] of paths) {
      const answer = refused[name]!;
      expect({ name, status: answer.status, contentType: answer.contentType }).toEqual({
        name,
        status: 503,
        contentType: expect.stringMatching(/^application\/json/),
      });
      for (const id of t.ids) expect(answer.body, name).not.toContain(id);
      expect(answer.body, name).not.toContain('only-in-the-document');
      expect(answer.body, name).not.toContain('audit store unavailable');
    }
    expect(await recordCount(t.tenantId)).toBe(before);
  });

  it('answers as before once the log takes records again, and the chain verifies', async () => {
    const t = await aTenant();
    const first = await t.lms.getStatements({ limit: '1' });
    const paths = readPaths(t, first.body.more);
    await withAuditRefused(t.tenantId, async () => {
      for (const [, , read] of paths) expect((await read()).status).toBe(503);
    });

    const before = await recordCount(t.tenantId);
    for (const [name, status, read] of paths) {
      expect({ name, status: (await read()).status }).toEqual({ name, status });
    }
    // One record per read, and one more for the export: a learner's export also reads their access log
    // (the subject-access answer), recorded as access-log.read (docs/audit.md).
    expect(await recordCount(t.tenantId)).toBe(before + paths.length + 1);
    const verified = await lrs.app
      .get(MessageBus)
      .request('storage.v1.audit.verify', { tenantId: t.tenantId });
    expect(verified).toMatchObject({ ok: true, checked: await recordCount(t.tenantId) });
  });
});
