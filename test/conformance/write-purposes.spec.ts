// docs/privacy-operations.md "Write purposes" — an admin binds an xAPI credential to an institution policy's
// purpose; statements it writes about a learner with no basis under that purpose (no grant of a consent policy, an
// objection to a legitimate-interest one) are rejected (403 for the whole batch, naming no learner), held sealed
// and unreadable until a grant releases them (at once, through consent's event) or their deadline drops them, or
// stored with the learner pseudonymised, as the policy says. An unbound credential writes as it always did.
// The decisions are in the audit log as counts, with no learner.
import { randomUUID } from 'node:crypto';

import { HeldSchedule, PSEUDONYM_HOME_PAGE } from '@custos/storage';
import { aLearner, aStatement, aVerb } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { TestCredential } from '../harness/credentials.js';
import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();
let db: pg.Pool;
beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
});
afterAll(async () => {
  await db?.end();
});

const COURSE = 'https://example.org/courses/w/';
const completed = aVerb('completed');
const activity = (n: number) => ({ objectType: 'Activity', id: `${COURSE}${n}` });
type Statement = Record<string, unknown> & { id: string; actor: Record<string, unknown>; stored: string };

const basic = (c: TestCredential) => `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;

async function xapi(c: TestCredential, method: string, path: string, body?: unknown) {
  const res = await fetch(`${lrs.baseUrl}${path}`, {
    method,
    headers: {
      Authorization: basic(c),
      'X-Experience-API-Version': '2.0.0',
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: (text ? JSON.parse(text) : undefined) as unknown };
}

/** A tenant with an admin, Ana (who grants) and Bob (who does not), a reader with scope `all`, an LMS writer. */
async function aTenant() {
  const reader = await lrs.credentials.create(['all']);
  const { tenantId } = reader;
  const writer = await lrs.credentials.create(['statements/write'], tenantId);
  const [ana, bob] = [aLearner(`ana-${randomUUID()}`), aLearner(`bob-${randomUUID()}`)];
  const person = (username: string, roles: ('learner' | 'admin')[], agents: Record<string, unknown>[] = []) =>
    lrs.people.create(tenantId, { username, password: `${username}-password-123`, roles, agents });
  await person('admin', ['admin']);
  await person('ana', ['learner'], [{ mbox: ana.mbox }]);
  await person('bob', ['learner'], [{ mbox: bob.mbox }]);
  const signIn = async (u: string) => (await lrs.signIn(tenantId, u, `${u}-password-123`)).call;
  return {
    tenantId,
    reader,
    writer,
    ana,
    bob,
    admin: await signIn('admin'),
    anaCall: await signIn('ana'),
    bobCall: await signIn('bob'),
  };
}
type Tenant = Awaited<ReturnType<typeof aTenant>>;

/** A policy of the tenant with this write setting, the writer bound to it, and Ana's grant (consent) given. */
async function bindTo(t: Tenant, lawfulBasis: string, onWriteWithoutBasis?: string, holdDays?: number) {
  const created = await t.admin('POST', '/api/v1/policies', {
    grantee: { kind: 'role', id: 'consumer' },
    purpose: { code: 'analytics', text: 'Course analytics' },
    lawfulBasis,
    scope: { activityPrefixes: [COURSE] },
    ...(onWriteWithoutBasis !== undefined && { onWriteWithoutBasis }),
    ...(holdDays !== undefined && { holdDays }),
  });
  expect(created.status).toBe(201);
  const policy = created.body as { id: string; onWriteWithoutBasis: string; holdDays: number };
  const bound = await t.admin('PATCH', `/api/v1/credentials/${t.writer.id}`, { writePolicyId: policy.id });
  expect(bound.status).toBe(200);
  expect(bound.body).toMatchObject({ id: t.writer.id, writePolicyId: policy.id });
  if (lawfulBasis === 'consent') {
    expect((await t.anaCall('POST', '/api/v1/me/grants', { policyId: policy.id })).status).toBe(201);
  }
  return policy;
}

const statementFor = (actor: Record<string, unknown>, n = 1) =>
  aStatement({ id: randomUUID(), actor, verb: completed, object: activity(n) });

/** The statement as the reader (scope `all`) gets it by id: its body, or null on 404. */
async function readById(t: Tenant, id: string): Promise<Statement | null> {
  const res = await xapi(t.reader, 'GET', `/xapi/statements?statementId=${id}`);
  if (res.status === 404) return null;
  expect(res.status).toBe(200);
  return res.body as Statement;
}

async function listedIds(t: Tenant): Promise<string[]> {
  const res = await xapi(t.reader, 'GET', '/xapi/statements?limit=0');
  expect(res.status).toBe(200);
  return (res.body as { statements: { id: string }[] }).statements.map((s) => s.id);
}

/** The tenant's write-purpose audit records once sequenced (they reach the chain a moment after the write). */
async function decisionRecords(tenantId: string, expected: number) {
  for (let i = 0; i < 50; i++) {
    const { rows } = await db.query<{ decision: string; query: Record<string, unknown>; count: number }>(
      `SELECT decision, query, count, learner_keys FROM storage.audit_record
        WHERE tenant_id = $1 AND action = 'statements.write-purpose' ORDER BY seq`,
      [tenantId],
    );
    if (rows.length >= expected) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the write-purpose audit records did not arrive');
}

describe('an unbound credential', () => {
  it('is unbound by default and writes about any learner as before', async () => {
    const t = await aTenant();
    const list = await t.admin('GET', '/api/v1/credentials');
    expect((list.body as { id: string; writePolicyId: string | null }[]).map((c) => c.writePolicyId)).toEqual(
      [null, null],
    );
    const s = statementFor(t.bob);
    expect((await xapi(t.writer, 'POST', '/xapi/statements', s)).status).toBe(200);
    expect((await readById(t, s.id as string))?.actor).toMatchObject({ mbox: t.bob.mbox });
    // Unbinding is the same as never having been bound.
    const policy = await bindTo(t, 'consent');
    expect(
      (await t.admin('PATCH', `/api/v1/credentials/${t.writer.id}`, { writePolicyId: null })).body,
    ).toMatchObject({ writePolicyId: null });
    const again = statementFor(t.bob, 2);
    expect((await xapi(t.writer, 'POST', '/xapi/statements', again)).status).toBe(200);
    expect(await readById(t, again.id as string)).not.toBeNull();
    expect(policy.onWriteWithoutBasis).toBe('reject');
  });

  it('cannot be bound to a policy the tenant does not have, nor by a non-admin', async () => {
    const t = await aTenant();
    const other = await aTenant();
    const foreign = await bindTo(other, 'consent');
    const res = await t.admin('PATCH', `/api/v1/credentials/${t.writer.id}`, { writePolicyId: foreign.id });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('writePolicyId');
    expect(
      (await t.anaCall('PATCH', `/api/v1/credentials/${t.writer.id}`, { writePolicyId: null })).status,
    ).toBe(403);
  });
});

describe("a policy's write setting", () => {
  it('defaults to reject after 30 days, is kept across versions, and a bad value is a 400 naming the field', async () => {
    const t = await aTenant();
    const body = {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'analytics', text: 'Course analytics' },
      lawfulBasis: 'consent',
    };
    const created = await t.admin('POST', '/api/v1/policies', body);
    expect(created.body).toMatchObject({ onWriteWithoutBasis: 'reject', holdDays: 30 });
    const id = (created.body as { id: string }).id;
    const edited = await t.admin('PUT', `/api/v1/policies/${id}`, {
      ...body,
      onWriteWithoutBasis: 'hold',
      holdDays: 7,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, onWriteWithoutBasis: 'hold', holdDays: 7 });
    for (const [field, bad] of [
      ['onWriteWithoutBasis', 'delete'],
      ['holdDays', 0],
      ['holdDays', 367],
    ] as const) {
      const res = await t.admin('POST', '/api/v1/policies', { ...body, [field]: bad });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });
});

describe('reject', () => {
  it('refuses the whole batch with a 403 naming no learner, stores nothing, and records the count', async () => {
    const t = await aTenant();
    const policy = await bindTo(t, 'consent');
    const [forAna, forBob] = [statementFor(t.ana), statementFor(t.bob)];
    const res = await xapi(t.writer, 'POST', '/xapi/statements', [forAna, forBob]);
    expect(res.status).toBe(403);
    expect(res.text).not.toContain(t.bob.mbox);
    expect(res.text).not.toContain('bob');
    expect(await readById(t, forAna.id as string)).toBeNull();
    expect(await readById(t, forBob.id as string)).toBeNull();
    // Ana granted: her statements alone go through.
    expect((await xapi(t.writer, 'POST', '/xapi/statements', [forAna])).status).toBe(200);
    expect(await readById(t, forAna.id as string)).not.toBeNull();

    const records = await decisionRecords(t.tenantId, 2);
    expect(records.map((r) => [r.decision, r.count])).toEqual([
      ['deny', 0],
      ['allow', 1],
    ]);
    expect(records[0]!.query).toMatchObject({ policyId: policy.id, rejected: 2 });
    expect(records[1]!.query).toMatchObject({ accepted: 1, held: 0, pseudonymised: 0 });
    const text = JSON.stringify(records);
    expect(text).not.toContain(t.bob.mbox);
    expect(records.every((r) => (r as unknown as { learner_keys: unknown }).learner_keys === null)).toBe(
      true,
    );
  });

  it('refuses a statement about a learner who objects to a legitimate-interest purpose', async () => {
    const t = await aTenant();
    const policy = await bindTo(t, 'legitimate-interest');
    expect((await xapi(t.writer, 'POST', '/xapi/statements', statementFor(t.bob))).status).toBe(200);
    expect((await t.bobCall('POST', '/api/v1/me/objections', { policyId: policy.id })).status).toBe(201);
    expect((await xapi(t.writer, 'POST', '/xapi/statements', statementFor(t.bob, 2))).status).toBe(403);
    expect((await xapi(t.writer, 'POST', '/xapi/statements', statementFor(t.ana, 2))).status).toBe(200);
  });
});

describe('hold', () => {
  it('stores the statement sealed and unreadable, and releases it at once when the learner grants', async () => {
    const t = await aTenant();
    const policy = await bindTo(t, 'consent', 'hold', 10);
    const held = statementFor(t.bob);
    const before = await listedIds(t);
    const res = await xapi(t.writer, 'POST', '/xapi/statements', held);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([held.id]);
    expect(await readById(t, held.id as string)).toBeNull();
    expect(await listedIds(t)).toEqual(before);
    expect(
      (await xapi(t.reader, 'GET', `/xapi/statements?agent=${JSON.stringify(t.bob)}`)).body,
    ).toMatchObject({
      statements: [],
    });
    // At rest: no learner identifier, no content, only the sealed bytes.
    const { rows } = await db.query<{ payload: unknown; sealed: Buffer; days: number }>(
      `SELECT s.payload, h.sealed, round(extract(epoch FROM h.hold_until - now()) / 86400)::int AS days
         FROM storage.statement s JOIN storage.held_statement h ON h.statement_seq = s.seq
        WHERE s.tenant_id = $1 AND s.statement_id = $2`,
      [t.tenantId, held.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toEqual({ id: held.id });
    expect(rows[0]!.sealed.toString('latin1')).not.toContain(t.bob.mbox);
    expect(rows[0]!.days).toBe(10);

    // xAPI idempotency holds while it is held: the same content is a no-op, other content a 409.
    expect((await xapi(t.writer, 'POST', '/xapi/statements', held)).status).toBe(200);
    const changed = { ...held, verb: aVerb('attempted') };
    expect((await xapi(t.writer, 'POST', '/xapi/statements', changed)).status).toBe(409);

    // Bob grants: consent's event releases it; no job runs in between.
    const started = Date.now();
    expect((await t.bobCall('POST', '/api/v1/me/grants', { policyId: policy.id })).status).toBe(201);
    let released: Statement | null = null;
    while (!released && Date.now() - started < 5000) {
      released = await readById(t, held.id as string);
      if (!released) await new Promise((r) => setTimeout(r, 50));
    }
    expect(released).not.toBeNull();
    expect(released!.actor).toMatchObject({ mbox: t.bob.mbox });
    expect(released!.verb).toMatchObject({ id: completed.id });
    // Stored when it became available, so a client reading what is new since its last visit gets it.
    expect(Date.parse(released!.stored)).toBeGreaterThanOrEqual(started - 1000);
    expect(await listedIds(t)).toContain(held.id);
    const left = await db.query(
      `SELECT 1 FROM storage.held_statement h JOIN storage.statement s ON s.seq = h.statement_seq
        WHERE s.tenant_id = $1`,
      [t.tenantId],
    );
    expect(left.rowCount).toBe(0);
    // A re-send after the release is still the same statement.
    expect((await xapi(t.writer, 'POST', '/xapi/statements', held)).status).toBe(200);
  });

  it('holds a statement about a learner who objects to a legitimate interest, until they withdraw it', async () => {
    const t = await aTenant();
    const policy = await bindTo(t, 'legitimate-interest', 'hold');
    const objected = await t.bobCall('POST', '/api/v1/me/objections', { policyId: policy.id });
    expect(objected.status).toBe(201);
    const held = statementFor(t.bob);
    expect((await xapi(t.writer, 'POST', '/xapi/statements', held)).status).toBe(200);
    expect(await readById(t, held.id as string)).toBeNull();
    const objectionId = (objected.body as { record: { id: string } }).record.id;
    expect((await t.bobCall('DELETE', `/api/v1/me/objections/${objectionId}`)).status).toBe(200);
    let released: Statement | null = null;
    for (let i = 0; i < 50 && !released; i++) {
      released = await readById(t, held.id as string);
      if (!released) await new Promise((r) => setTimeout(r, 50));
    }
    expect(released?.actor).toMatchObject({ mbox: t.bob.mbox });
  });

  it('drops a held statement once its deadline has passed; a later grant brings nothing back', async () => {
    const t = await aTenant();
    const policy = await bindTo(t, 'consent', 'hold', 1);
    const [held, kept] = [statementFor(t.bob), statementFor(t.bob, 2)];
    expect((await xapi(t.writer, 'POST', '/xapi/statements', [held, kept])).status).toBe(200);
    await db.query(
      `UPDATE storage.held_statement h SET hold_until = now() - interval '1 second'
         FROM storage.statement s WHERE s.seq = h.statement_seq AND s.tenant_id = $1 AND s.statement_id = $2`,
      [t.tenantId, held.id],
    );
    await lrs.app.get(HeldSchedule).runOnce();
    const { rows } = await db.query<{ statement_id: string }>(
      `SELECT statement_id FROM storage.statement WHERE tenant_id = $1 ORDER BY seq`,
      [t.tenantId],
    );
    expect(rows.map((r) => r.statement_id)).toEqual([kept.id]);
    expect((await t.bobCall('POST', '/api/v1/me/grants', { policyId: policy.id })).status).toBe(201);
    // The periodic job releases too (the safety net behind the event).
    await lrs.app.get(HeldSchedule).runOnce();
    expect(await readById(t, held.id as string)).toBeNull();
    expect(await readById(t, kept.id as string)).not.toBeNull();
  });
});

describe('pseudonymise', () => {
  it('stores the statement with the learner replaced by a stable pseudonym', async () => {
    const t = await aTenant();
    const policy = await bindTo(t, 'consent', 'pseudonymise');
    const [b1, b2, a1] = [statementFor(t.bob), statementFor(t.bob, 2), statementFor(t.ana)];
    expect((await xapi(t.writer, 'POST', '/xapi/statements', [b1, b2, a1])).status).toBe(200);
    const [r1, r2, ra] = await Promise.all([b1, b2, a1].map((s) => readById(t, s.id as string)));
    expect(r1!.actor).toEqual({
      objectType: 'Agent',
      account: { homePage: PSEUDONYM_HOME_PAGE, name: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    // Stable: the same learner is the same pseudonym, so aggregates still count them once.
    expect(r2!.actor).toEqual(r1!.actor);
    expect(r1!.verb).toMatchObject({ id: completed.id });
    // Ana granted: her statement is as written.
    expect(ra!.actor).toMatchObject({ mbox: t.ana.mbox, name: t.ana.name });
    const { rows } = await db.query<{ payload: unknown }>(
      `SELECT payload FROM storage.statement WHERE tenant_id = $1`,
      [t.tenantId],
    );
    expect(JSON.stringify(rows)).not.toContain(t.bob.mbox);
    // The agent filter finds nothing under Bob's own identifier.
    const byBob = await xapi(t.reader, 'GET', `/xapi/statements?agent=${JSON.stringify(t.bob)}`);
    expect((byBob.body as { statements: unknown[] }).statements).toEqual([]);

    // A re-send is the same statement, before and after Bob grants; other content is a 409.
    expect((await xapi(t.writer, 'POST', '/xapi/statements', b1)).status).toBe(200);
    expect((await t.bobCall('POST', '/api/v1/me/grants', { policyId: policy.id })).status).toBe(201);
    expect((await xapi(t.writer, 'POST', '/xapi/statements', b1)).status).toBe(200);
    expect(
      (await xapi(t.writer, 'POST', '/xapi/statements', { ...b1, verb: aVerb('attempted') })).status,
    ).toBe(409);
    // Once Bob has a basis, new statements about him are stored as written.
    const after = statementFor(t.bob, 3);
    expect((await xapi(t.writer, 'POST', '/xapi/statements', after)).status).toBe(200);
    expect((await readById(t, after.id as string))!.actor).toMatchObject({ mbox: t.bob.mbox });

    const records = await decisionRecords(t.tenantId, 1);
    expect(records[0]!.query).toMatchObject({ accepted: 1, held: 0, pseudonymised: 2 });
  });
});
