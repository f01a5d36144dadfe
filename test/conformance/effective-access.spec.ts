// DESIGN "Access model" — a learner's effective access, over HTTP (GET /api/v1/me/effective-access): who may read
// what of their statements today, and by which rule — self access, credentials whose xAPI scopes read statements,
// and every current institution policy with its status for this learner (granted, no grant, grant expired,
// granted for an older version, no objection, objected, legal obligation, grantee credential revoked). An entry
// that says active lets its holder read the learner's statement in scope; an inactive one does not.
import { aLearner, aStatement, aVerb } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

const COURSE = 'https://example.org/courses/a/';
const completed = aVerb('completed');
const attempted = aVerb('attempted');
const activity = (id: string) => ({ objectType: 'Activity', id });

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

interface Entry {
  who: { kind: string; id?: string; name?: string; username?: string; role?: string; scopes?: string[] };
  what: { statements: unknown; redactedFields: string[] };
  why: { kind: string; policyId?: string; version?: number; scope?: string; lawfulBasis?: string };
  status: 'active' | 'inactive';
  because: string;
  grantId?: string;
  expiresAt?: string | null;
  objectionId?: string;
}

const signIn = async (tenantId: string, username: string): Promise<Call> =>
  (await lrs.signIn(tenantId, username, `${username}-password-123`)).call;

/** Ana's statements, Ana signed in, an admin, and one tutor per policy so each policy's effect is seen alone. */
async function aTenant() {
  const lms = await lrs.client();
  const tenantId = lms.tenantId;
  const ana = aLearner();
  const [anaCompleted, anaAttempted] = (
    await lms.postStatements([
      aStatement({ actor: ana, verb: completed, object: activity(`${COURSE}1`) }),
      aStatement({ actor: ana, verb: attempted, object: activity(`${COURSE}2`) }),
    ])
  ).body as [string, string];
  const person = (username: string, roles: ('learner' | 'admin' | 'consumer')[], agents: unknown[] = []) =>
    lrs.people.create(tenantId, {
      username,
      password: `${username}-password-123`,
      roles,
      agents: agents as Record<string, unknown>[],
    });
  await person('admin', ['admin']);
  await person('ana', ['learner'], [{ mbox: ana.mbox }]);
  const tutors = {
    consent: await person('tutor-consent', []),
    interest: await person('tutor-interest', []),
    legal: await person('tutor-legal', ['consumer']),
  };
  const admin = await signIn(tenantId, 'admin');
  const group = (await admin('POST', '/api/v1/groups', { name: 'Course A tutors' })).body as { id: string };
  await admin('PUT', `/api/v1/groups/${group.id}/members`, { personIds: [tutors.interest.id] });
  const reads = async (username: string, statementId: string) =>
    (await (await signIn(tenantId, username))('GET', `/xapi/statements?statementId=${statementId}`)).status;
  return {
    tenantId,
    anaMbox: ana.mbox,
    ids: { anaCompleted, anaAttempted },
    admin,
    ana: await signIn(tenantId, 'ana'),
    tutors,
    groupId: group.id,
    reads,
  };
}

type Tenant = Awaited<ReturnType<typeof aTenant>>;

async function policy(t: Tenant, lawfulBasis: string, grantee: { kind: string; id: string }, extra = {}) {
  const res = await t.admin('POST', '/api/v1/policies', {
    grantee,
    purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students in course A' },
    lawfulBasis,
    scope: { activityPrefixes: [COURSE] },
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
}

async function effectiveAccess(t: Tenant): Promise<Entry[]> {
  const res = await t.ana('GET', '/api/v1/me/effective-access');
  expect(res.status).toBe(200);
  return res.body as Entry[];
}

const entryOf = (entries: Entry[], policyId: string) => {
  const found = entries.filter((e) => e.why.policyId === policyId);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('GET /api/v1/me/effective-access', () => {
  it('lists self access and the credentials that read statements', async () => {
    const t = await aTenant();
    const mine = await lrs.credentials.create(['statements/write', 'statements/read/mine'], t.tenantId);
    const writeOnly = await lrs.credentials.create(['statements/write'], t.tenantId);
    const revoked = await lrs.credentials.create(['statements/read'], t.tenantId);
    await lrs.credentials.revoke(revoked.key);
    const entries = await effectiveAccess(t);
    expect(entries[0]).toEqual({
      who: { kind: 'self', identifiers: [{ agent: { mbox: t.anaMbox }, linkedAt: expect.any(String) }] },
      what: { statements: 'all', redactedFields: [] },
      why: { kind: 'self-access' },
      status: 'active',
      because: 'self-access',
    });
    expect(await t.reads('ana', t.ids.anaCompleted)).toBe(200);
    const credentials = entries.filter((e) => e.who.kind === 'credential');
    // The LMS client of the tenant (scope all), and the one reading what it wrote; not write-only or revoked.
    expect(credentials.map((e) => [e.who.scopes, e.what.statements, e.why.scope, e.status])).toEqual([
      [['all'], 'all', 'all', 'active'],
      [['statements/write', 'statements/read/mine'], 'written-by-them', 'statements/read/mine', 'active'],
    ]);
    expect(credentials.map((e) => e.who.id)).toContain(mine.id);
    expect(credentials.map((e) => e.who.id)).not.toContain(writeOnly.id);
  });

  it('follows a consent policy: no grant, granted (narrower), no grant again after revoking — as reads do', async () => {
    const t = await aTenant();
    const p = await policy(t, 'consent', { kind: 'person', id: t.tutors.consent.id });
    let entry = entryOf(await effectiveAccess(t), p.id);
    expect(entry).toMatchObject({
      who: { kind: 'person', id: t.tutors.consent.id, username: 'tutor-consent' },
      why: { kind: 'policy', version: 1, lawfulBasis: 'consent' },
      what: { statements: { activityPrefixes: [COURSE] } },
      status: 'inactive',
      because: 'no-grant',
    });
    expect(await t.reads('tutor-consent', t.ids.anaCompleted)).toBe(404);

    const granted = await t.ana('POST', '/api/v1/me/grants', {
      policyId: p.id,
      scope: { verbs: [completed.id] },
      expiresAt: '2999-01-01T00:00:00.000Z',
    });
    const grantId = (granted.body as { record: { id: string } }).record.id;
    entry = entryOf(await effectiveAccess(t), p.id);
    expect(entry).toMatchObject({
      status: 'active',
      because: 'granted',
      grantId,
      expiresAt: '2999-01-01T00:00:00.000Z',
      what: { statements: { activityPrefixes: [COURSE], verbs: [completed.id] } },
    });
    expect(await t.reads('tutor-consent', t.ids.anaCompleted)).toBe(200);
    expect(await t.reads('tutor-consent', t.ids.anaAttempted)).toBe(404); // outside the grant's narrowing

    await t.ana('DELETE', `/api/v1/me/grants/${grantId}`);
    expect(entryOf(await effectiveAccess(t), p.id)).toMatchObject({
      status: 'inactive',
      because: 'no-grant',
    });
    expect(await t.reads('tutor-consent', t.ids.anaCompleted)).toBe(404);
  });

  it('says when a grant expired, or was given for an older version of the policy', async () => {
    const t = await aTenant();
    const expiring = await policy(t, 'consent', { kind: 'person', id: t.tutors.consent.id });
    const soon = new Date(Date.now() + 1000).toISOString();
    expect(
      (await t.ana('POST', '/api/v1/me/grants', { policyId: expiring.id, expiresAt: soon })).status,
    ).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(entryOf(await effectiveAccess(t), expiring.id)).toMatchObject({
      status: 'inactive',
      because: 'grant-expired',
      expiresAt: soon,
    });
    expect(await t.reads('tutor-consent', t.ids.anaCompleted)).toBe(404);

    const edited = await policy(t, 'consent', { kind: 'role', id: 'consumer' });
    await t.ana('POST', '/api/v1/me/grants', { policyId: edited.id });
    expect(await t.reads('tutor-legal', t.ids.anaCompleted)).toBe(200);
    const put = await t.admin('PUT', `/api/v1/policies/${edited.id}`, {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'tutoring', text: 'Now also for grading' },
      lawfulBasis: 'consent',
      scope: { activityPrefixes: [COURSE] },
    });
    expect(put.status).toBe(200);
    expect(entryOf(await effectiveAccess(t), edited.id)).toMatchObject({
      why: { version: 2 },
      status: 'inactive',
      because: 'grant-for-older-version',
    });
    expect(await t.reads('tutor-legal', t.ids.anaCompleted)).toBe(404);
  });

  it('follows a legitimate-interest policy of a group: active until the learner objects — as reads do', async () => {
    const t = await aTenant();
    const p = await policy(t, 'legitimate-interest', { kind: 'group', id: t.groupId });
    expect(entryOf(await effectiveAccess(t), p.id)).toMatchObject({
      who: { kind: 'group', id: t.groupId, name: 'Course A tutors' },
      status: 'active',
      because: 'no-objection',
    });
    expect(await t.reads('tutor-interest', t.ids.anaCompleted)).toBe(200);

    const objected = await t.ana('POST', '/api/v1/me/objections', { policyId: p.id });
    const objectionId = (objected.body as { record: { id: string } }).record.id;
    expect(entryOf(await effectiveAccess(t), p.id)).toMatchObject({
      status: 'inactive',
      because: 'objected',
      objectionId,
    });
    expect(await t.reads('tutor-interest', t.ids.anaCompleted)).toBe(404);
  });

  it('shows legal obligations with their redactions, and a revoked grantee credential as inactive', async () => {
    const t = await aTenant();
    const legal = await policy(
      t,
      'legal-obligation',
      { kind: 'role', id: 'consumer' },
      {
        redactFields: ['result.response'],
      },
    );
    expect(entryOf(await effectiveAccess(t), legal.id)).toMatchObject({
      who: { kind: 'role', role: 'consumer' },
      what: { redactedFields: ['result.response'] },
      status: 'active',
      because: 'legal-obligation',
    });
    expect(await t.reads('tutor-legal', t.ids.anaCompleted)).toBe(200);

    const client = await lrs.credentials.create(['statements/write'], t.tenantId);
    const forClient = await policy(t, 'legal-obligation', { kind: 'credential', id: client.id });
    expect(entryOf(await effectiveAccess(t), forClient.id)).toMatchObject({
      who: { kind: 'credential', id: client.id, scopes: ['statements/write'] },
      status: 'active',
    });
    await lrs.credentials.revoke(client.key);
    expect(entryOf(await effectiveAccess(t), forClient.id)).toMatchObject({
      status: 'inactive',
      because: 'credential-revoked',
    });
  });

  it('is only for learners: 403 for an admin, a consumer and an xAPI credential', async () => {
    const t = await aTenant();
    expect((await t.admin('GET', '/api/v1/me/effective-access')).status).toBe(403);
    const consumer = await signIn(t.tenantId, 'tutor-legal');
    expect((await consumer('GET', '/api/v1/me/effective-access')).status).toBe(403);
    const client = await lrs.client({ tenantId: t.tenantId });
    expect((await client.request('GET', '/api/v1/me/effective-access')).status).toBe(403);
  });
});
