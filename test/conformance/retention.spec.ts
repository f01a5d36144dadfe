// docs/privacy-operations.md "Retention", "Legal holds" — a tenant's admins write retention rules (by verb,
// activity prefix, registration and age); a dry run counts per rule what a run would remove, and the run removes
// exactly that; statements past retention disappear from every read path the moment a rule covers them, before
// any purge; a legal hold on a person or a rule keeps what it holds; every run is in the audit log, with counts
// and no learner; only an admin may do any of it.
import { randomUUID } from 'node:crypto';

import { aLearner, anAttachment, aStatement, aVerb, multipartStatements } from '@custos/testing';
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

const PREFIX = 'https://lms.example/course/2019/';
type Page = { statements: { id: string }[]; more: string };
type Report = {
  mode: string;
  rules: { ruleId: string; name: string; statements: number; held: number }[];
  total: number;
  batches?: number;
};

const basic = (c: TestCredential) => `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;

async function xapi(c: TestCredential, path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${lrs.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: basic(c),
      'X-Experience-API-Version': '2.0.0',
      ...(init.body !== undefined && { 'Content-Type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as unknown };
}

/** Every statement id a reader gets, following `more` two at a time. */
async function allIds(read: (path: string) => Promise<{ status: number; body: unknown }>, query = '') {
  const ids: string[] = [];
  let path: string | undefined = `/xapi/statements?limit=2${query}`;
  while (path) {
    const res = await read(path);
    expect(res.status).toBe(200);
    const page = res.body as Page;
    ids.push(...page.statements.map((s) => s.id));
    path = page.more || undefined;
  }
  return ids.sort();
}

/** Moves statements back in time, as if stored `days` ago (the LRS sets `stored` itself). */
async function age(tenantId: string, ids: string[], days: number) {
  await db.query(
    `UPDATE storage.statement SET stored = stored - make_interval(days => $3)
      WHERE tenant_id = $1 AND statement_id = ANY($2::uuid[])`,
    [tenantId, ids, days],
  );
}

async function aTenant() {
  const lms = await lrs.credentials.create(['all']);
  const { tenantId } = lms;
  // Writes without `define`, so an Activity's definition is only what readable statements carry.
  const writer = await lrs.credentials.create(['statements/write'], tenantId);
  const reader = await lrs.credentials.create(['statements/read'], tenantId);
  const [ana, bob, carol, dave, eve] = ['ana', 'bob', 'carol', 'dave', 'eve'].map((n) =>
    aLearner(`${n}-${randomUUID()}`),
  );
  const oldVerb = aVerb(`archived-${randomUUID()}`);
  const registration = randomUUID();
  const course2019 = {
    objectType: 'Activity',
    id: `${PREFIX}intro`,
    definition: { name: { 'en-US': 'Intro 2019' } },
  };
  const certificate = anAttachment(`certificate ${randomUUID()}`, { contentType: 'text/plain' });
  const s = {
    a1: aStatement({ id: randomUUID(), actor: ana!, verb: oldVerb }),
    a2: aStatement({ id: randomUUID(), actor: ana!, verb: oldVerb, attachments: [certificate.metadata] }),
    aRecent: aStatement({ id: randomUUID(), actor: ana!, verb: oldVerb }),
    x: aStatement({ id: randomUUID(), actor: ana!, verb: oldVerb }),
    b1: aStatement({ id: randomUUID(), actor: bob!, object: course2019 }),
    b2: aStatement({
      id: randomUUID(),
      actor: bob!,
      object: { objectType: 'Activity', id: `${PREFIX}outro` },
    }),
    c1: aStatement({ id: randomUUID(), actor: carol!, verb: oldVerb }),
    // Carol only as the instructor: a hold on her keeps the evidence wherever she appears.
    c2: aStatement({ id: randomUUID(), actor: dave!, verb: oldVerb, context: { instructor: carol! } }),
    r1: aStatement({ id: randomUUID(), actor: bob!, context: { registration } }),
  };
  const voider = aStatement({
    id: randomUUID(),
    actor: ana!,
    verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
    object: { objectType: 'StatementRef', id: s.x.id! },
  });
  // A recent statement about an expired one: a verb filter must not reach the expired one through it.
  const ref = aStatement({
    id: randomUUID(),
    actor: eve!,
    object: { objectType: 'StatementRef', id: s.a1.id! },
  });

  const post = async (c: TestCredential, statements: unknown[]) =>
    expect((await xapi(c, '/xapi/statements', { method: 'POST', body: statements })).status).toBe(200);
  const { a2, ...plain } = s;
  await post(
    lms,
    Object.values(plain).filter((st) => st !== s.b1),
  );
  await post(writer, [s.b1]);
  const multipart = multipartStatements([a2], [{ data: certificate.data, contentType: 'text/plain' }]);
  const res = await fetch(`${lrs.baseUrl}/xapi/statements`, {
    method: 'POST',
    headers: {
      Authorization: basic(lms),
      'X-Experience-API-Version': '2.0.0',
      'Content-Type': multipart.contentType,
    },
    body: multipart.body,
  });
  expect(res.status).toBe(200);
  await post(lms, [voider, ref]);
  await age(tenantId, [s.a1.id!, s.a2.id!, s.x.id!, s.c1.id!, s.c2.id!], 400);
  await age(tenantId, [s.b1.id!], 800);
  await age(tenantId, [s.b2.id!], 400);
  await age(tenantId, [s.r1.id!], 60);

  const person = (username: string, roles: ('learner' | 'admin' | 'consumer')[], agents: unknown[] = []) =>
    lrs.people.create(tenantId, {
      username,
      password: `${username}-password-123`,
      roles,
      agents: agents as Record<string, unknown>[],
    });
  const anaPerson = await person('ana', ['learner'], [{ mbox: ana!.mbox }]);
  await person('admin', ['admin']);
  await person('consumer', ['consumer']);
  const signIn = (u: string) => lrs.signIn(tenantId, u, `${u}-password-123`);
  const ids = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.id!])) as Record<
    keyof typeof s,
    string
  >;
  return {
    tenantId,
    lms,
    reader,
    ids,
    voiderId: voider.id!,
    refId: ref.id!,
    oldVerb,
    registration,
    carol: carol!,
    certificate,
    anaPersonId: anaPerson.id,
    admin: await signIn('admin'),
    ana: await signIn('ana'),
    consumer: await signIn('consumer'),
  };
}

type Tenant = Awaited<ReturnType<typeof aTenant>>;

const rulesOf = async (t: Tenant) =>
  (await t.admin.call('GET', '/api/v1/retention/rules')).body as { id: string }[];

async function rowsOf(t: Tenant, ids: string[]) {
  const { rows } = await db.query<{ statement_id: string }>(
    `SELECT statement_id FROM storage.statement WHERE tenant_id = $1 AND statement_id = ANY($2::uuid[])`,
    [t.tenantId, ids],
  );
  return rows.map((r) => r.statement_id).sort();
}

describe('retention rules, dry run, run and legal holds', () => {
  let t: Tenant;
  let everything: string[];
  let rules: { verb: string; prefix: string; registration: string };
  let carolHold: string;
  let dry: Report;
  beforeAll(async () => {
    t = await aTenant();
    everything = await allIds((p) => xapi(t.lms, p));
  });

  it('refuses bad rules with a 400 naming the field, and keeps nothing of them', async () => {
    const bad = [
      { name: 'no age', verb: t.oldVerb.id },
      { name: 'zero days', olderThanDays: 0 },
      { name: 'too long', olderThanDays: 40_000 },
      { name: 'not an IRI', verb: 'archived', olderThanDays: 30 },
      { name: 'bad prefix', activityPrefix: 'course/2019', olderThanDays: 30 },
      { name: 'bad registration', registration: 'nope', olderThanDays: 30 },
      { name: '', olderThanDays: 30 },
      { name: 'unknown field', olderThanDays: 30, stored: 'x' },
    ];
    for (const body of bad) {
      const res = await t.admin.call('POST', '/api/v1/retention/rules', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as { message: string }).message).toMatch(/invalid request body/);
    }
    expect(await rulesOf(t)).toEqual([]);
    expect(await allIds((p) => xapi(t.lms, p))).toEqual(everything);
  });

  it('answers 403 to anyone but an admin of the tenant, and records the refusal', async () => {
    const body = { name: 'r', olderThanDays: 30 };
    for (const who of [t.ana, t.consumer]) {
      expect((await who.call('GET', '/api/v1/retention/rules')).status).toBe(403);
      expect((await who.call('POST', '/api/v1/retention/rules', body)).status).toBe(403);
      expect((await who.call('GET', '/api/v1/retention/holds')).status).toBe(403);
      expect((await who.call('POST', '/api/v1/retention/dry-run')).status).toBe(403);
      expect((await who.call('POST', '/api/v1/retention/runs')).status).toBe(403);
    }
    // An xAPI credential, whatever its scopes.
    expect((await xapi(t.lms, '/api/v1/retention/rules', { method: 'POST', body })).status).toBe(403);
    expect(await rulesOf(t)).toEqual([]);
    const { rows } = await db.query(
      `SELECT 1 FROM storage.audit_record WHERE tenant_id = $1 AND action = 'retention.run' AND decision = 'deny'`,
      [t.tenantId],
    );
    expect(rows.length).toBe(2);
  });

  it('keeps rules and holds, and refuses a hold with a bad agent, a past end or an unknown rule', async () => {
    const create = async (body: Record<string, unknown>) => {
      const res = await t.admin.call('POST', '/api/v1/retention/rules', body);
      expect(res.status).toBe(201);
      return (res.body as { id: string }).id;
    };
    rules = {
      verb: await create({ name: 'Archived activity', verb: t.oldVerb.id, olderThanDays: 365 }),
      prefix: await create({ name: 'Courses of 2019', activityPrefix: PREFIX, olderThanDays: 730 }),
      registration: await create({ name: 'One cohort', registration: t.registration, olderThanDays: 30 }),
    };
    const hold = (body: Record<string, unknown>) => t.admin.call('POST', '/api/v1/retention/holds', body);
    const ends = new Date(Date.now() + 86_400_000).toISOString();
    for (const body of [
      { reason: 'case', endsAt: ends },
      { reason: 'case', endsAt: ends, agent: { mbox: t.carol.mbox }, ruleId: rules.verb },
      { reason: 'case', endsAt: ends, agent: { mbox: 'carol@example.org' } },
      { reason: 'case', endsAt: new Date(Date.now() - 1000).toISOString(), agent: { mbox: t.carol.mbox } },
      { reason: 'case', endsAt: ends, ruleId: randomUUID() },
      { reason: '', endsAt: ends, ruleId: rules.verb },
    ]) {
      expect((await hold(body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await t.admin.call('GET', '/api/v1/retention/holds')).body).toEqual([]);

    const person = await hold({ reason: 'Litigation 2026-14', endsAt: ends, agent: { mbox: t.carol.mbox } });
    expect(person.status).toBe(201);
    expect(person.body).toMatchObject({ kind: 'person', active: true, ruleId: null });
    expect(JSON.stringify(person.body)).not.toContain(t.carol.mbox);
    carolHold = (person.body as { id: string }).id;
    const rule = await hold({ reason: 'Accreditation audit', endsAt: ends, ruleId: rules.registration });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ kind: 'rule', ruleId: rules.registration, active: true });
  });

  it('counts per rule in a dry run what a run would remove and what holds keep, changing nothing', async () => {
    const res = await t.admin.call('POST', '/api/v1/retention/dry-run');
    expect(res.status).toBe(200);
    dry = res.body as Report;
    expect(dry.mode).toBe('dry-run');
    expect(dry.rules).toEqual([
      { ruleId: rules.verb, name: 'Archived activity', statements: 3, held: 2 },
      { ruleId: rules.prefix, name: 'Courses of 2019', statements: 1, held: 0 },
      { ruleId: rules.registration, name: 'One cohort', statements: 0, held: 1 },
    ]);
    expect(dry.total).toBe(4);
    const { ids } = t;
    expect(await rowsOf(t, [ids.a1, ids.a2, ids.x, ids.b1])).toHaveLength(4);
  });

  it('hides statements past retention from every read path at once, before any purge', async () => {
    const { ids } = t;
    const gone = [ids.a1, ids.a2, ids.b1];
    // The rows are still there: the reads decide in SQL.
    expect(await rowsOf(t, [...gone, ids.x])).toHaveLength(4);

    expect(await allIds((p) => xapi(t.lms, p))).toEqual(everything.filter((id) => !gone.includes(id)));
    for (const id of gone) expect((await xapi(t.lms, `/xapi/statements?statementId=${id}`)).status).toBe(404);
    expect((await xapi(t.lms, `/xapi/statements?voidedStatementId=${ids.x}`)).status).toBe(404);
    for (const id of [ids.aRecent, ids.b2, ids.c1, ids.c2, ids.r1]) {
      expect((await xapi(t.lms, `/xapi/statements?statementId=${id}`)).status).toBe(200);
    }
    // A filter neither returns an expired statement nor reaches one through a StatementRef.
    const verb = `&verb=${encodeURIComponent(t.oldVerb.id)}`;
    expect(await allIds((p) => xapi(t.lms, p), verb)).toEqual([ids.aRecent, ids.c1, ids.c2].sort());
    // The learner's own records and export.
    const hers = [ids.aRecent, t.voiderId].sort();
    expect(await allIds((p) => t.ana.call('GET', p))).toEqual(hers);
    const exported = await fetch(`${lrs.baseUrl}/api/v1/me/export`, {
      headers: { Authorization: `Bearer ${t.ana.token}` },
    });
    expect(exported.status).toBe(200);
    const lines = (await exported.text())
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; statement?: { id: string } });
    expect(
      lines
        .filter((l) => l.type === 'statement')
        .map((l) => l.statement!.id)
        .sort(),
    ).toEqual(hers);
    expect(lines.some((l) => l.type === 'attachment')).toBe(false);
    // Explain finds no such statement.
    expect((await t.admin.call('GET', `/api/v1/explain?statementId=${ids.a1}`)).status).toBe(404);
    // The Activities resource no longer completes a definition from the expired statement.
    const activity = await xapi(
      t.reader,
      `/xapi/activities?activityId=${encodeURIComponent(`${PREFIX}intro`)}`,
    );
    expect(activity.status).toBe(200);
    expect(activity.body).toEqual({ objectType: 'Activity', id: `${PREFIX}intro` });
  });

  it('lets only one purger of a tenant work at a time (409 to a second one)', async () => {
    const client = await db.connect();
    try {
      await client.query(`SELECT pg_advisory_lock(hashtextextended('custos.retention.purge:' || $1, 0))`, [
        t.tenantId,
      ]);
      expect((await t.admin.call('POST', '/api/v1/retention/runs')).status).toBe(409);
      await client.query(`SELECT pg_advisory_unlock(hashtextextended('custos.retention.purge:' || $1, 0))`, [
        t.tenantId,
      ]);
    } finally {
      client.release();
    }
    expect(await rowsOf(t, [t.ids.a1])).toHaveLength(1);
  });

  it('removes in a run exactly what the dry run counted, with their links and attachment data', async () => {
    const { ids } = t;
    const seqs = (
      await db.query<{ seq: string }>(
        `SELECT seq::text AS seq FROM storage.statement WHERE tenant_id = $1 AND statement_id = ANY($2::uuid[])`,
        [t.tenantId, [ids.a1, ids.a2, ids.x, ids.b1]],
      )
    ).rows.map((r) => r.seq);
    const linked = async (table: string) =>
      (await db.query(`SELECT 1 FROM storage.${table} WHERE statement_seq = ANY($1::bigint[])`, [seqs])).rows
        .length;
    expect(await linked('statement_agent')).toBeGreaterThan(0);
    expect(await linked('statement_attachment')).toBe(1);

    const res = await t.admin.call('POST', '/api/v1/retention/runs');
    expect(res.status).toBe(200);
    const run = res.body as Report;
    expect(run.mode).toBe('run');
    expect(run.rules).toEqual(dry.rules);
    expect(run.total).toBe(dry.total);

    expect(await rowsOf(t, [ids.a1, ids.a2, ids.x, ids.b1])).toEqual([]);
    for (const table of ['statement_agent', 'statement_activity', 'statement_attachment']) {
      expect(await linked(table), table).toBe(0);
    }
    const attachment = await db.query(`SELECT 1 FROM storage.attachment WHERE tenant_id = $1 AND sha2 = $2`, [
      t.tenantId,
      t.certificate.metadata.sha2,
    ]);
    expect(attachment.rows).toEqual([]);
    // Held and young statements stay.
    expect(await rowsOf(t, [ids.aRecent, ids.b2, ids.c1, ids.c2, ids.r1])).toHaveLength(5);
    // A second run finds nothing more.
    expect(((await t.admin.call('POST', '/api/v1/retention/runs')).body as Report).total).toBe(0);
  });

  it('records every dry run and run in the audit log with counts per rule and no learner', async () => {
    const { rows } = await db.query<{ action: string; query: Record<string, unknown>; count: number }>(
      `SELECT action, query, count, learner_keys FROM storage.audit_record
        WHERE tenant_id = $1 AND action IN ('retention.dry-run', 'retention.run') AND decision = 'allow'
        ORDER BY seq`,
      [t.tenantId],
    );
    expect(rows.map((r) => [r.action, r.count])).toEqual([
      ['retention.dry-run', 4],
      ['retention.run', 4],
      ['retention.run', 0],
    ]);
    expect(rows[1]!.query).toMatchObject({
      rules: dry.rules.map(({ ruleId, statements, held }) => ({ ruleId, statements, held })),
      total: 4,
      batches: 1,
      attachments: 1,
    });
    const text = JSON.stringify(rows);
    for (const id of Object.values(t.ids)) expect(text).not.toContain(id);
    expect(text).not.toContain(t.carol.mbox);
    expect(rows.every((r) => (r as unknown as { learner_keys: unknown }).learner_keys === null)).toBe(true);
  });

  it('hides what a hold kept the moment it is released', async () => {
    const { ids } = t;
    const res = await t.admin.call('POST', `/api/v1/retention/holds/${carolHold}/release`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ active: false });
    for (const id of [ids.c1, ids.c2]) {
      expect((await xapi(t.lms, `/xapi/statements?statementId=${id}`)).status).toBe(404);
    }
    const after = (await t.admin.call('POST', '/api/v1/retention/dry-run')).body as Report;
    expect(after.rules[0]).toMatchObject({ ruleId: rules.verb, statements: 2, held: 0 });
    // The rule hold still keeps its statement.
    expect((await xapi(t.lms, `/xapi/statements?statementId=${ids.r1}`)).status).toBe(200);
  });

  it('reads statements again once the rule that hid them is removed (until a purge)', async () => {
    const { ids } = t;
    expect((await t.admin.call('DELETE', `/api/v1/retention/rules/${rules.verb}`)).status).toBe(200);
    expect((await xapi(t.lms, `/xapi/statements?statementId=${ids.c1}`)).status).toBe(200);
    expect((await t.admin.call('DELETE', `/api/v1/retention/rules/${rules.verb}`)).status).toBe(404);
  });
});

describe('the Agents resource under retention', () => {
  it('stops revealing a learner’s identifiers to a policy reader once all their statements are past retention', async () => {
    const lms = await lrs.credentials.create(['all']);
    const { tenantId } = lms;
    const zed = aLearner(`zed-${randomUUID()}`);
    const account = { homePage: 'https://lms.example.org', name: `zed-${tenantId}` };
    const verb = aVerb(`archived-${randomUUID()}`);
    const [id] = (
      await xapi(lms, '/xapi/statements', { method: 'POST', body: [aStatement({ actor: zed, verb })] })
    ).body as string[];
    await age(tenantId, [id!], 400);
    const person = (username: string, roles: ('learner' | 'admin' | 'consumer')[], agents: unknown[] = []) =>
      lrs.people.create(tenantId, {
        username,
        password: `${username}-password-123`,
        roles,
        agents: agents as Record<string, unknown>[],
      });
    await person('zed', ['learner'], [{ mbox: zed.mbox }, { account }]);
    await person('admin', ['admin']);
    await person('consumer', ['consumer']);
    const admin = await lrs.signIn(tenantId, 'admin', 'admin-password-123');
    const consumer = await lrs.signIn(tenantId, 'consumer', 'consumer-password-123');
    const policy = await admin.call('POST', '/api/v1/policies', {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students' },
      lawfulBasis: 'legitimate-interest',
      scope: { verbs: [verb.id] },
    });
    expect(policy.status).toBe(201);
    const agents = () =>
      consumer.call('GET', `/xapi/agents?agent=${encodeURIComponent(JSON.stringify({ mbox: zed.mbox }))}`);
    // The consumer may read a statement about Zed: the Person names all his identifiers.
    expect((await agents()).body).toMatchObject({ objectType: 'Person', account: [account] });

    const rule = await admin.call('POST', '/api/v1/retention/rules', {
      name: 'r',
      verb: verb.id,
      olderThanDays: 365,
    });
    expect(rule.status).toBe(201);
    // Nothing about him is readable any more: only the Agent asked about comes back.
    expect((await agents()).body).toEqual({ objectType: 'Person', mbox: [zed.mbox] });
  });
});
