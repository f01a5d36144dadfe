// docs/flows.md "Analytics that protect individuals" — GET /api/v1/analytics/{measure}: aggregates over exactly the
// records the tenant's `analytics` policies allow (a consent policy: only learners who granted; a legitimate-interest
// one: all but objectors), equal to a direct SQL count over those records; a cell covering fewer than k learners is
// suppressed and marked; crafted differencing queries (total against by-activity, overlapping ranges, registration
// against course) recover nobody; optional noise spends a monthly privacy budget, then 429; each query leaves an
// audit record naming the query and no learner; only the tenant's admins may ask.
import { randomUUID } from 'node:crypto';

import { aLearner, aStatement } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type SignedIn, useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();
let db: pg.Pool;
beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
});
afterAll(async () => {
  await db?.end();
});

const K = 3;
const PASSWORD = 'a-password-123';
const ORG = `https://lms.example/${randomUUID()}/`;
const X = `${ORG}activities/x`;
const Y = `${ORG}activities/y`;
const Z = `${ORG}activities/z`;
const W = `${ORG}activities/w`;
const COURSE = `${ORG}courses/c1`;
const R1 = randomUUID();
const R2 = randomUUID();
const M1 = '2025-01-15T10:00:00Z';
const M2 = '2025-02-15T10:00:00Z';
const M3 = '2025-03-15T10:00:00Z';

type Agent = ReturnType<typeof aLearner>;
type Cell = {
  key: Record<string, string>;
  suppressed: boolean;
  reason?: string;
  learners?: number;
  statements?: number;
  positive?: number;
  rate?: number;
};
type Answer = { total: Cell; cells: Cell[]; k: number; noise: unknown; query: Record<string, unknown> };

interface Fact {
  actor: Agent | { objectType: 'Group'; member: Agent[] };
  activity: string;
  stored: string;
  parent?: string;
  registration?: string;
  completion?: boolean;
  success?: boolean;
  scaled?: number;
}

const statementOf = (f: Fact) =>
  aStatement({
    actor: f.actor,
    object: { objectType: 'Activity', id: f.activity },
    ...((f.completion !== undefined || f.success !== undefined || f.scaled !== undefined) && {
      result: {
        ...(f.completion !== undefined && { completion: f.completion }),
        ...(f.success !== undefined && { success: f.success }),
        ...(f.scaled !== undefined && { score: { scaled: f.scaled } }),
      },
    }),
    ...((f.parent !== undefined || f.registration !== undefined) && {
      context: {
        ...(f.registration !== undefined && { registration: f.registration }),
        ...(f.parent !== undefined && {
          contextActivities: { parent: [{ objectType: 'Activity', id: f.parent }] },
        }),
      },
    }),
  });

/** A tenant: an admin (k set to K), learners with people accounts, one `analytics` policy on `basis`. */
async function aTenant(
  basis: 'consent' | 'legitimate-interest',
  learnerCount: number,
  scope: Record<string, unknown> = {},
) {
  const client = await lrs.client();
  const { tenantId } = client;
  await lrs.people.create(tenantId, { username: 'admin', password: PASSWORD, roles: ['admin'] });
  const admin = await lrs.signIn(tenantId, 'admin', PASSWORD);
  const set = await admin.call('PUT', '/api/v1/tenant/settings', {
    ageOfDigitalConsent: 16,
    analytics: { k: K, noise: null },
  });
  expect(set.status).toBe(200);
  const agents: Agent[] = [];
  for (let i = 0; i < learnerCount; i++) {
    const agent = aLearner();
    agents.push(agent);
    await lrs.people.create(tenantId, {
      username: `learner${i}`,
      password: PASSWORD,
      roles: ['learner'],
      agents: [{ mbox: agent.mbox }],
    });
  }
  const created = await admin.call('POST', '/api/v1/policies', {
    grantee: { kind: 'role', id: 'admin' },
    purpose: { code: 'analytics', text: 'Aggregate statistics about courses, never about one learner' },
    lawfulBasis: basis,
    scope,
  });
  expect(created.status).toBe(201);
  const policyId = (created.body as { id: string }).id;
  const learner = (i: number): Promise<SignedIn> => lrs.signIn(tenantId, `learner${i}`, PASSWORD);

  /** Posts the facts and moves each statement's `stored` into its month (a test's way to have history). */
  const record = async (facts: Fact[]): Promise<string[]> => {
    const posted = await client.postStatements(facts.map(statementOf));
    expect(posted.status).toBe(200);
    const ids = posted.body;
    for (const [i, id] of ids.entries()) {
      await db.query(`UPDATE storage.statement SET stored = $3 WHERE tenant_id = $1 AND statement_id = $2`, [
        tenantId,
        id,
        facts[i]!.stored,
      ]);
    }
    return ids;
  };
  const ask = async (path: string): Promise<Answer> => {
    const res = await admin.call('GET', path);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Answer;
  };
  return { tenantId, client, admin, agents, policyId, learner, record, ask };
}

/** Every allowed (statement, learner) pair, by direct SQL: the learner's own grant (consent) or no objection. */
async function allowedRows(tenantId: string, policyId: string, basis: 'consent' | 'legitimate-interest') {
  const learnerBasis =
    basis === 'consent'
      ? `EXISTS (SELECT 1 FROM consent.active_grant_subject g WHERE g.tenant_id = s.tenant_id
           AND g.ifi_hash = sa.ifi_hash AND g.policy_id = $2)`
      : `NOT EXISTS (SELECT 1 FROM storage.statement_agent oa JOIN consent.objection_subject o
           ON o.tenant_id = oa.tenant_id AND o.ifi_hash = oa.ifi_hash
           WHERE oa.statement_seq = s.seq AND oa.is_subject AND o.policy_id = $2)`;
  const { rows } = await db.query<{
    seq: string;
    learner: string;
    activity: string;
    parent: string;
    registration: string;
    month: string;
  }>(
    `SELECT s.seq::text, sa.ifi_hash AS learner, coalesce(s.object_activity_id, '') AS activity,
       coalesce((SELECT ca.activity_iri FROM storage.statement_context_activity ca
                 WHERE ca.statement_seq = s.seq AND ca.kind = 1 LIMIT 1), '') AS parent,
       coalesce(s.registration::text, '') AS registration,
       to_char(date_trunc('month', s.stored AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS month
     FROM storage.statement s
     JOIN storage.statement_agent sa ON sa.statement_seq = s.seq AND sa.tenant_id = s.tenant_id AND sa.is_subject
     WHERE s.tenant_id = $1 AND NOT s.is_voided AND s.voids_statement_id IS NULL AND ${learnerBasis}`,
    [tenantId, policyId],
  );
  return rows;
}
type Row = Awaited<ReturnType<typeof allowedRows>>[number];

const DIMENSION: Record<string, (r: Row) => string> = {
  activity: (r) => r.activity,
  parent: (r) => r.parent,
  registration: (r) => r.registration,
  time: (r) => r.month,
};

/** The records behind a cell of an answer over [from, to): `seq|learner` pairs. */
function recordsOf(rows: Row[], answer: Answer, key: Record<string, string>): Set<string> {
  const from = String(answer.query.from).slice(0, 10);
  const to = String(answer.query.to).slice(0, 10);
  return new Set(
    rows
      .filter((r) => r.month >= from && r.month < to)
      .filter((r) => Object.entries(key).every(([d, v]) => DIMENSION[d]!(r) === v))
      .map((r) => `${r.seq}|${r.learner}`),
  );
}
const learnersIn = (records: Iterable<string>) => new Set([...records].map((r) => r.split('|')[1])).size;

/**
 * No released figure of these answers, nor any difference of two of them, covers between 1 and k-1 learners: for
 * every pair of released cells (totals included) one of whose record sets holds the other, the records in the
 * difference cover 0 or at least k learners; and in each answer the records of the total outside every released
 * cell cover 0 or at least k learners.
 */
function expectNoDifferencing(rows: Row[], answers: Answer[]) {
  const released: Set<string>[] = [];
  for (const a of answers) {
    const total = recordsOf(rows, a, {});
    const kept = a.cells.filter((c) => !c.suppressed).map((c) => recordsOf(rows, a, c.key));
    for (const c of a.cells.filter((c) => !c.suppressed)) {
      expect(learnersIn(recordsOf(rows, a, c.key))).toBeGreaterThanOrEqual(K);
    }
    if (!a.total.suppressed) {
      const rest = [...total].filter((r) => !kept.some((s) => s.has(r)));
      const n = learnersIn(rest);
      expect(n === 0 || n >= K, `total minus released cells covers ${n} learners`).toBe(true);
      released.push(total);
    }
    released.push(...kept);
  }
  for (const big of released) {
    for (const small of released) {
      if (small === big || small.size >= big.size || ![...small].every((r) => big.has(r))) continue;
      const n = learnersIn([...big].filter((r) => !small.has(r)));
      expect(n === 0 || n >= K, `a difference of two released cells covers ${n} learners`).toBe(true);
    }
  }
}

const cellOf = (a: Answer, key: Record<string, string>) =>
  a.cells.find((c) => JSON.stringify(c.key) === JSON.stringify(key));

describe('analytics over a consent policy', () => {
  let t: Awaited<ReturnType<typeof aTenant>>;
  let rows: Row[];
  const RANGE = 'from=2025-01&to=2025-03';

  beforeAll(async () => {
    // a0…a5 grant; n (learner 6) does not.
    t = await aTenant('consent', 7);
    for (let i = 0; i < 6; i++) {
      const granted = await (await t.learner(i)).call('POST', '/api/v1/me/grants', { policyId: t.policyId });
      expect(granted.status).toBe(201);
    }
    const [a0, a1, a2, a3, a4, a5, n] = t.agents as [Agent, Agent, Agent, Agent, Agent, Agent, Agent];
    const inCourse = { parent: COURSE };
    const voided = await t.record([{ actor: a1, activity: W, stored: M1 }]);
    await t.record([
      // January: X under the course (registration R1 for three, R2 for one), Z outside it.
      { actor: a0, activity: X, stored: M1, ...inCourse, registration: R1, completion: true, scaled: 0.85 },
      { actor: a1, activity: X, stored: M1, ...inCourse, registration: R1, completion: true, scaled: 0.81 },
      { actor: a2, activity: X, stored: M1, ...inCourse, registration: R1, completion: true, scaled: 0.89 },
      { actor: a3, activity: X, stored: M1, ...inCourse, registration: R2, completion: false, scaled: 0.83 },
      { actor: a0, activity: Z, stored: M1, success: true },
      { actor: a1, activity: Z, stored: M1, success: true },
      { actor: a2, activity: Z, stored: M1, success: false },
      // A group statement with a member who did not grant: only a0 counts.
      { actor: { objectType: 'Group', member: [a0, n] }, activity: Z, stored: M1 },
      // February: X again, and Y with two granting learners and one who did not.
      { actor: a0, activity: X, stored: M2, completion: true },
      { actor: a4, activity: X, stored: M2, completion: false, scaled: 0.35 },
      { actor: a5, activity: X, stored: M2, completion: true, scaled: 0.31 },
      { actor: a4, activity: Y, stored: M2 },
      { actor: a5, activity: Y, stored: M2 },
      { actor: n, activity: Y, stored: M2 },
      // March: a0 alone.
      { actor: a0, activity: Z, stored: M3 },
    ]);
    const voiding = await t.client.postStatements([
      {
        actor: aLearner(),
        verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
        object: { objectType: 'StatementRef', id: voided[0] },
      },
    ]);
    expect(voiding.status).toBe(200);
    rows = await allowedRows(t.tenantId, t.policyId, 'consent');
  });

  it('counts exactly what a direct SQL count over the allowed records gives, per activity', async () => {
    const { rows: direct } = await db.query<{ activity: string; statements: number; learners: number }>(
      `SELECT s.object_activity_id AS activity, count(DISTINCT s.seq)::int AS statements,
         count(DISTINCT sa.ifi_hash)::int AS learners
       FROM storage.statement s
       JOIN storage.statement_agent sa ON sa.statement_seq = s.seq AND sa.tenant_id = s.tenant_id AND sa.is_subject
       WHERE s.tenant_id = $1 AND NOT s.is_voided AND s.voids_statement_id IS NULL
         AND s.stored >= '2025-01-01' AND s.stored < '2025-03-01'
         AND EXISTS (SELECT 1 FROM consent.active_grant_subject g
                     WHERE g.tenant_id = s.tenant_id AND g.ifi_hash = sa.ifi_hash AND g.policy_id = $2)
       GROUP BY s.object_activity_id ORDER BY 1`,
      [t.tenantId, t.policyId],
    );
    expect(direct.map((r) => r.activity)).toEqual([X, Y, Z]);
    const a = await t.ask(`/api/v1/analytics/statements?groupBy=activity&${RANGE}`);
    expect(a.k).toBe(K);
    expect(cellOf(a, { activity: X })).toEqual({
      key: { activity: X },
      suppressed: false,
      learners: direct[0]!.learners,
      statements: direct[0]!.statements,
    });
    // Y: two learners who granted (the third did not) — fewer than k, so suppressed and marked, with no value.
    expect(direct[1]!.learners).toBe(2);
    expect(cellOf(a, { activity: Y })).toEqual({
      key: { activity: Y },
      suppressed: true,
      reason: 'fewer-than-k',
    });
    // Z (3 learners) is kept back too: else the total minus X would give Y.
    expect(direct[2]!.learners).toBe(K);
    expect(cellOf(a, { activity: Z })).toEqual({
      key: { activity: Z },
      suppressed: true,
      reason: 'complementary',
    });
    const all = await db.query<{ statements: number; learners: number }>(
      `SELECT count(DISTINCT s.seq)::int AS statements, count(DISTINCT sa.ifi_hash)::int AS learners
       FROM storage.statement s
       JOIN storage.statement_agent sa ON sa.statement_seq = s.seq AND sa.tenant_id = s.tenant_id AND sa.is_subject
       WHERE s.tenant_id = $1 AND NOT s.is_voided AND s.voids_statement_id IS NULL
         AND s.stored >= '2025-01-01' AND s.stored < '2025-03-01'
         AND EXISTS (SELECT 1 FROM consent.active_grant_subject g
                     WHERE g.tenant_id = s.tenant_id AND g.ifi_hash = sa.ifi_hash AND g.policy_id = $2)`,
      [t.tenantId, t.policyId],
    );
    expect(a.total).toEqual({ key: {}, suppressed: false, ...all.rows[0] });
    // The learner without a grant is in no count: not through Y, not through the group statement.
    expect(a.total.learners).toBe(6);
    // The voided statement's activity is nowhere.
    expect(cellOf(a, { activity: W })).toBeUndefined();
  });

  it('completion and success rates and the score distribution match the direct counts', async () => {
    const completion = await t.ask(`/api/v1/analytics/completion?groupBy=activity&${RANGE}`);
    // X: a0, a1, a2, a3 (Jan), a0, a4, a5 (Feb) reported completion; a0, a1, a2, a5 completed.
    expect(cellOf(completion, { activity: X })).toEqual({
      key: { activity: X },
      suppressed: false,
      learners: 6,
      statements: 7,
      positive: 4,
      rate: 0.667,
    });
    const success = await t.ask(`/api/v1/analytics/success?${RANGE}`);
    expect(success.total).toMatchObject({ suppressed: false, learners: 3, positive: 2, rate: 0.667 });
    // January: a0…a3 scored in 0.8–0.9.
    const january = await t.ask('/api/v1/analytics/scores?from=2025-01&to=2025-02');
    expect(january.cells).toEqual([{ key: { score: '0.8' }, suppressed: false, learners: 4, statements: 4 }]);
    // February adds only a4 and a5 (0.3–0.4): January to February minus January alone would give those two, so
    // the longer range releases nothing.
    const scores = await t.ask(`/api/v1/analytics/scores?${RANGE}`);
    expect(scores.total).toEqual({ key: {}, suppressed: true, reason: 'population' });
    expect(scores.cells.map((c) => c.suppressed)).toEqual([true, true]);
  });

  it('k-anonymity holds against crafted differencing queries', async () => {
    const answers = await Promise.all(
      [
        // Total against by-activity, by time, by activity and time.
        `statements?${RANGE}`,
        `statements?groupBy=activity&${RANGE}`,
        `statements?groupBy=time&interval=month&${RANGE}`,
        `statements?groupBy=activity,time&${RANGE}`,
        // Overlapping ranges sharing a start: their difference is February, then March (a0 alone).
        `statements?from=2025-01&to=2025-02`,
        `statements?groupBy=activity&from=2025-01&to=2025-02`,
        `statements?from=2025-01&to=2025-04`,
        `statements?groupBy=activity&from=2025-01&to=2025-04`,
        `statements?from=2025-02&to=2025-04`,
        `statements?groupBy=time&from=2025-01&to=2025-04`,
        // Registration against course: R2 holds one learner of the course.
        `statements?groupBy=parent&${RANGE}`,
        `statements?groupBy=registration&${RANGE}`,
        `statements?groupBy=parent,registration&${RANGE}`,
      ].map((q) => t.ask(`/api/v1/analytics/${q}`)),
    );
    expectNoDifferencing(rows, answers);
    // March has a0 alone: a range ending after it releases nothing (else it minus the range before it gives a0).
    expect(answers[6]!.total).toEqual({ key: {}, suppressed: true, reason: 'population' });
    expect(answers[7]!.cells.every((c) => c.suppressed)).toBe(true);
    // The registration holding one learner is suppressed, and the other one kept back with it.
    const byRegistration = answers[11]!;
    expect(cellOf(byRegistration, { registration: R2 })).toMatchObject({
      suppressed: true,
      reason: 'fewer-than-k',
    });
    expect(cellOf(byRegistration, { registration: R1 })).toMatchObject({ suppressed: true });
    expect(cellOf(answers[10]!, { parent: COURSE })).toMatchObject({ suppressed: false, learners: 4 });
  });

  it('refuses what is not in the query language with a 400 naming the parameter', async () => {
    for (const [q, word] of [
      ['statements?groupBy=verb', 'groupBy'],
      ['statements?groupBy=activity,parent,time', 'groupBy'],
      ['statements?groupBy=activity,activity', 'groupBy'],
      ['statements?interval=hour', 'interval'],
      ['statements?from=yesterday', 'from'],
      ['statements?from=2020-01&to=2025-01', 'months'],
      ['statements?from=2025-03&to=2025-01', 'to'],
      ['statements?agent=x', 'agent'],
    ] as const) {
      const res = await t.admin.call('GET', `/api/v1/analytics/${q}`);
      expect(res.status, q).toBe(400);
      expect(JSON.stringify(res.body)).toContain(word);
    }
    expect((await t.admin.call('GET', '/api/v1/analytics/learners')).status).toBe(404);
  });

  it('is for admins only, and each query leaves an audit record naming the query and no learner', async () => {
    const learner = await t.learner(0);
    expect((await learner.call('GET', `/api/v1/analytics/statements`)).status).toBe(403);
    const xapi = await t.client.request('GET', '/api/v1/analytics/statements');
    expect(xapi.status).toBe(403);
    await t.ask(`/api/v1/analytics/completion?groupBy=registration&${RANGE}`);
    const { rows: records } = await db.query<{
      decision: string;
      query: Record<string, unknown>;
      learner_keys: string[] | null;
      principal_kind: string;
    }>(
      `SELECT decision, query, learner_keys, principal_kind FROM storage.audit_pending
         WHERE tenant_id = $1 AND action = 'analytics.query'
       UNION ALL
       SELECT decision, query, learner_keys, principal_kind FROM storage.audit_record
         WHERE tenant_id = $1 AND action = 'analytics.query'`,
      [t.tenantId],
    );
    expect(records.some((r) => r.decision === 'deny')).toBe(true);
    const mine = records.find(
      (r) =>
        r.decision === 'allow' &&
        r.query.measure === 'completion' &&
        JSON.stringify(r.query.groupBy) === '["registration"]',
    );
    expect(mine?.query).toMatchObject({
      measure: 'completion',
      groupBy: ['registration'],
      interval: 'month',
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-03-01T00:00:00.000Z',
      k: K,
    });
    for (const r of records) expect(r.learner_keys ?? []).toEqual([]);
  });
});

describe('analytics within the policy’s scope, retention, and a revocation', () => {
  it('counts only in-scope, retained records of learners who still grant', async () => {
    const t = await aTenant('consent', 4, { activityPrefixes: [`${ORG}scoped/`] });
    const grants: string[] = [];
    for (let i = 0; i < 3; i++) {
      const granted = await (await t.learner(i)).call('POST', '/api/v1/me/grants', { policyId: t.policyId });
      expect(granted.status).toBe(201);
      grants.push((granted.body as { record: { id: string } }).record.id);
    }
    const inScope = `${ORG}scoped/p`;
    const attempted = { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { en: 'attempted' } };
    const ids = await t.record([
      ...t.agents.map((actor) => ({ actor, activity: inScope, stored: M1 })),
      ...t.agents.map((actor) => ({ actor, activity: `${ORG}elsewhere/q`, stored: M1 })),
    ]);
    // Three more, past a retention rule on "attempted": readable by nobody, so counted by nobody.
    const posted = await t.client.postStatements(
      t.agents
        .slice(0, 3)
        .map((actor) =>
          aStatement({ actor, verb: attempted, object: { objectType: 'Activity', id: inScope } }),
        ),
    );
    expect(posted.status).toBe(200);
    await db.query(
      `UPDATE storage.statement SET stored = $2 WHERE tenant_id = $1 AND statement_id = ANY($3::uuid[])`,
      [t.tenantId, M1, posted.body],
    );
    const rule = await t.admin.call('POST', '/api/v1/retention/rules', {
      name: 'Attempts',
      verb: attempted.id,
      olderThanDays: 30,
    });
    expect(rule.status).toBe(201);
    expect(ids).toHaveLength(8);

    const q = '/api/v1/analytics/statements?groupBy=activity&from=2025-01&to=2025-02';
    const before = await t.ask(q);
    expect(before.cells).toEqual([
      { key: { activity: inScope }, suppressed: false, learners: 3, statements: 3 },
    ]);
    // A revocation applies to the very next query: two learners left, fewer than k, nothing released.
    const revoked = await (await t.learner(0)).call('DELETE', `/api/v1/me/grants/${grants[0]}`);
    expect(revoked.status).toBe(200);
    const after = await t.ask(q);
    expect(after.total).toEqual({ key: {}, suppressed: true, reason: 'population' });
    expect(after.cells).toEqual([{ key: { activity: inScope }, suppressed: true, reason: 'population' }]);
  });
});

describe('analytics over a legitimate-interest policy', () => {
  it('counts every learner but the objector', async () => {
    const t = await aTenant('legitimate-interest', 5);
    const objected = await (
      await t.learner(4)
    ).call('POST', '/api/v1/me/objections', { policyId: t.policyId });
    expect(objected.status).toBe(201);
    const q = `${ORG}activities/q`;
    await t.record(t.agents.map((actor) => ({ actor, activity: q, stored: M1 })));
    const a = await t.ask('/api/v1/analytics/statements?groupBy=activity&from=2025-01&to=2025-02');
    const { rows } = await db.query<{ learners: number; statements: number }>(
      `SELECT count(DISTINCT sa.ifi_hash)::int AS learners, count(DISTINCT s.seq)::int AS statements
       FROM storage.statement s
       JOIN storage.statement_agent sa ON sa.statement_seq = s.seq AND sa.tenant_id = s.tenant_id AND sa.is_subject
       WHERE s.tenant_id = $1 AND NOT s.is_voided
         AND NOT EXISTS (SELECT 1 FROM consent.objection_subject o
                         WHERE o.tenant_id = s.tenant_id AND o.ifi_hash = sa.ifi_hash AND o.policy_id = $2)`,
      [t.tenantId, t.policyId],
    );
    expect(rows[0]).toEqual({ learners: 4, statements: 4 });
    expect(cellOf(a, { activity: q })).toEqual({ key: { activity: q }, suppressed: false, ...rows[0] });
  });
});

describe('analytics settings and the privacy budget', () => {
  it('defaults to k 5 without noise; with noise, queries spend the month’s budget, then 429', async () => {
    const client = await lrs.client();
    await lrs.people.create(client.tenantId, { username: 'admin', password: PASSWORD, roles: ['admin'] });
    const admin = await lrs.signIn(client.tenantId, 'admin', PASSWORD);
    const settings = await admin.call('GET', '/api/v1/tenant/settings');
    expect(settings.body).toEqual({ ageOfDigitalConsent: 16, analytics: { k: 5, noise: null } });
    const bad = await admin.call('PUT', '/api/v1/tenant/settings', {
      ageOfDigitalConsent: 16,
      analytics: { k: 1, noise: null },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('analytics.k');
    const set = await admin.call('PUT', '/api/v1/tenant/settings', {
      ageOfDigitalConsent: 16,
      analytics: { k: 5, noise: { epsilonPerQuery: 1, budgetPerMonth: 2 } },
    });
    expect(set.body).toEqual({
      ageOfDigitalConsent: 16,
      analytics: { k: 5, noise: { epsilonPerQuery: 1, budgetPerMonth: 2 } },
    });
    // Leaving analytics out of a PUT keeps them.
    await admin.call('PUT', '/api/v1/tenant/settings', { ageOfDigitalConsent: 15 });
    expect((await admin.call('GET', '/api/v1/tenant/settings')).body).toMatchObject({
      analytics: { noise: { epsilonPerQuery: 1 } },
    });
    const first = await admin.call('GET', '/api/v1/analytics/statements');
    expect(first.status).toBe(200);
    expect((first.body as Answer).noise).toEqual({ epsilon: 1, remaining: 1 });
    expect((await admin.call('GET', '/api/v1/analytics/statements')).status).toBe(200);
    const spent = await fetch(`${lrs.baseUrl}/api/v1/analytics/statements`, {
      headers: { Authorization: `Bearer ${admin.token}` },
    });
    expect(spent.status).toBe(429);
    expect(Number(spent.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await spent.text()).toContain('privacy budget');
  });
});
