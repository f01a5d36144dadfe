// xAPI 2.0 Communication §2.5 (Activities resource) under docs/access-model.md "Activity definitions", over HTTP
// against a running LRS (standalone: test/conformance; distributed: test/e2e): a caller is told the canonical
// definition `define` clients wrote plus what the statements it may read carry, nothing from statements it may
// not read, and each request leaves one `activities.read` audit record naming the statements used.
import { randomUUID } from 'node:crypto';

import { aLearner, aStatement, aVerb, xapiClient } from '@custos/testing';
import pg from 'pg';
import { expect } from 'vitest';

import type { CredentialFactory } from './credentials.js';
import type { PeopleFactory } from './people.js';

export interface ActivitiesWorld {
  baseUrl: string;
  databaseUrl: string;
  credentials: CredentialFactory;
  people: PeopleFactory;
}

const COURSE = `https://example.org/courses/${randomUUID()}/`;
const ESSAY = `${COURSE}essay`;
const QUIZ = `https://example.org/elsewhere/${randomUUID()}/quiz`;
/** What a `define` client says the essay is: the canonical definition anyone of the tenant may read. */
const CANONICAL = { type: 'http://adlnet.gov/expapi/activities/assessment', name: { de: 'Aufsatz' } };
/** What learners' statements carry: their own words. */
const ANA_ESSAY = { name: { en: 'Ana: why I left home' } };
const BOB_ESSAY = {
  description: { en: "Bob's answer" },
  extensions: { 'https://example.org/ext/draft': 'Bob draft 2' },
};
const MINE_ESSAY = { moreInfo: 'https://example.org/written-by-the-mine-client' };
const ANA_QUIZ = { name: { en: "Ana's quiz title" } };

type Get = (activityId: string) => Promise<{ status: number; body: unknown; requestId: string | null }>;

interface AuditRow {
  principal_id: string;
  action: string;
  resource: string | null;
  decision: string;
  count: number;
  returned_ids: string[] | null;
  learner_keys: string[] | null;
  basis: Record<string, unknown>[] | null;
  request_id: string | null;
  query: Record<string, unknown>;
}

async function signedIn(baseUrl: string, tenant: string, username: string, password: string): Promise<Get> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  });
  expect(login.status).toBe(200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  return async (activityId) => {
    const res = await fetch(`${baseUrl}/xapi/activities?activityId=${encodeURIComponent(activityId)}`, {
      headers: { Authorization: `Bearer ${token}`, 'X-Experience-API-Version': '2.0.0' },
    });
    return { status: res.status, body: await res.json(), requestId: res.headers.get('x-request-id') };
  };
}

/** Runs the whole check; every assertion names the caller it is about. */
export async function checkActivityDefinitionAccess(w: ActivitiesWorld): Promise<void> {
  const password = `pw-${randomUUID()}`;
  const { tenantId } = await w.credentials.create(['all']);
  const client = async (scopes: string[]) => {
    const c = await w.credentials.create(scopes, tenantId);
    const x = xapiClient(w.baseUrl, c.key, c.secret, '2.0.0');
    const get: Get = async (activityId) => {
      const res = await x.request('GET', `/xapi/activities?activityId=${encodeURIComponent(activityId)}`);
      return { status: res.status, body: res.body, requestId: res.headers.get('x-request-id') };
    };
    return { id: c.id, x, get };
  };
  const ana = aLearner();
  const bob = aLearner();
  const activity = (id: string, definition: Record<string, unknown>) => ({
    objectType: 'Activity',
    id,
    definition,
  });

  // The LMS writes learners' statements without `define`; the authoring tool has it.
  const lms = await client(['statements/write']);
  const posted = await lms.x.postStatements([
    aStatement({ actor: ana, verb: aVerb('completed'), object: activity(ESSAY, ANA_ESSAY) }),
    // Bob's part of the definition comes in through context activities.
    aStatement({
      actor: bob,
      verb: aVerb('attempted'),
      object: { objectType: 'Activity', id: `${COURSE}unit` },
      context: { contextActivities: { grouping: [activity(ESSAY, BOB_ESSAY)] } },
    }),
    aStatement({ actor: ana, verb: aVerb('completed'), object: activity(QUIZ, ANA_QUIZ) }),
  ]);
  expect(posted.status).toBe(200);
  const [anaEssay, bobEssay, anaQuiz] = posted.body as [string, string, string];
  const author = await client(['statements/write', 'define']);
  const authored = await author.x.postStatements(
    aStatement({ actor: aLearner(), verb: aVerb('authored'), object: activity(ESSAY, CANONICAL) }),
  );
  expect(authored.status).toBe(200);
  const mine = await client(['statements/write', 'statements/read/mine']);
  const minePosted = await mine.x.postStatements(
    aStatement({ actor: aLearner(), object: activity(ESSAY, MINE_ESSAY) }),
  );
  expect(minePosted.status).toBe(200);

  const writeOnly = await client(['statements/write']);
  const noReadRule = await client(['state']);
  const reader = await client(['statements/read']);

  // A consumer reads the course's statements of learners who granted (Ana did, Bob did not); Ana reads her own.
  const person = (username: string, roles: ('learner' | 'admin' | 'consumer')[], agents: unknown[] = []) =>
    w.people.create(tenantId, { username, password, roles, agents: agents as Record<string, unknown>[] });
  await person('admin', ['admin']);
  const consumerPerson = await person('consumer', ['consumer']);
  const anaPerson = await person('ana', ['learner'], [{ mbox: ana.mbox }]);
  await person('bob', ['learner'], [{ mbox: bob.mbox }]);
  const call = async (username: string, method: string, path: string, body: unknown) => {
    const login = await fetch(`${w.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant: tenantId, username, password }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const res = await fetch(`${w.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBe(201);
    return (await res.json()) as Record<string, unknown>;
  };
  const policy = await call('admin', 'POST', '/api/v1/policies', {
    grantee: { kind: 'role', id: 'consumer' },
    purpose: { code: 'tutoring', text: 'Tutors follow the essays of their students' },
    lawfulBasis: 'consent',
    scope: { activityPrefixes: [COURSE] },
  });
  await call('ana', 'POST', '/api/v1/me/grants', { policyId: policy.id });
  // An analyst sees the course without context activities (where Bob's part of the definition came in).
  const analystPerson = await person('analyst', ['consumer']);
  await call('admin', 'POST', '/api/v1/policies', {
    grantee: { kind: 'person', id: analystPerson.id },
    purpose: { code: 'analytics', text: 'Course analytics without context' },
    lawfulBasis: 'legal-obligation',
    scope: { activityPrefixes: [COURSE] },
    redactFields: ['context.contextActivities'],
  });
  const consumer = await signedIn(w.baseUrl, tenantId, 'consumer', password);
  const anaSelf = await signedIn(w.baseUrl, tenantId, 'ana', password);
  const analyst = await signedIn(w.baseUrl, tenantId, 'analyst', password);

  const db = new pg.Pool({ connectionString: w.databaseUrl, max: 1 });
  try {
    const headSeq = async () =>
      (
        await db.query<{ seq: string }>(
          `SELECT COALESCE(max(seq), 0)::text AS seq FROM storage.audit_record WHERE tenant_id = $1`,
          [tenantId],
        )
      ).rows[0]!.seq;
    const expectServed = async (
      who: string,
      principalId: string,
      get: Get,
      activityId: string,
      definition: Record<string, unknown> | undefined,
      statementIds: string[],
      learnerCount: number,
    ) => {
      const before = await headSeq();
      const res = await get(activityId);
      expect(res.status, who).toBe(200);
      expect(res.body, who).toEqual({
        objectType: 'Activity',
        id: activityId,
        ...(definition ? { definition } : {}),
      });
      const { rows } = await db.query<AuditRow>(
        `SELECT principal_id, action, resource, decision, count, returned_ids, learner_keys, basis, request_id, query
           FROM storage.audit_record WHERE tenant_id = $1 AND seq > $2 AND event_id IS NULL ORDER BY seq`,
        [tenantId, before],
      );
      expect(rows, `${who}: one audit record`).toHaveLength(1);
      expect(rows[0], who).toMatchObject({
        principal_id: principalId,
        action: 'activities.read',
        resource: 'activities',
        decision: 'allow',
        count: statementIds.length,
        request_id: res.requestId,
        query: { activityId },
      });
      expect([...(rows[0]!.returned_ids ?? [])].sort(), who).toEqual([...statementIds].sort());
      expect(rows[0]!.learner_keys ?? [], who).toHaveLength(learnerCount);
    };

    // Nothing a learner wrote reaches a client that may not read statements: only what `define` clients wrote.
    await expectServed('write-only', writeOnly.id, writeOnly.get, ESSAY, CANONICAL, [], 0);
    await expectServed('no read rule', noReadRule.id, noReadRule.get, ESSAY, CANONICAL, [], 0);
    // An Activity only learners' statements define: the id alone, as for an unknown Activity.
    await expectServed('write-only, quiz', writeOnly.id, writeOnly.get, QUIZ, undefined, [], 0);
    // A reader of the whole tenant: everything, the canonical definition winning where both say something.
    await expectServed(
      'statements/read',
      reader.id,
      reader.get,
      ESSAY,
      {
        ...CANONICAL,
        ...BOB_ESSAY,
        ...MINE_ESSAY,
        name: { ...ANA_ESSAY.name, ...CANONICAL.name },
      },
      [anaEssay, bobEssay, authored.body[0]!, minePosted.body[0]!],
      4,
    );
    await expectServed('statements/read, quiz', reader.id, reader.get, QUIZ, ANA_QUIZ, [anaQuiz], 1);
    // Its own writes only.
    await expectServed(
      'statements/read/mine',
      mine.id,
      mine.get,
      ESSAY,
      { ...CANONICAL, ...MINE_ESSAY },
      [minePosted.body[0]!],
      1,
    );
    // Ana's granted statements in the course, not Bob's (no grant), nor Ana's quiz (out of scope).
    await expectServed(
      'consumer',
      consumerPerson.id,
      consumer,
      ESSAY,
      { ...CANONICAL, name: { ...ANA_ESSAY.name, ...CANONICAL.name } },
      [anaEssay],
      1,
    );
    await expectServed('consumer, quiz', consumerPerson.id, consumer, QUIZ, undefined, [], 0);
    // What a policy redacts is not told through the definition either: Bob's part came in context activities.
    await expectServed(
      'analyst (context activities redacted)',
      analystPerson.id,
      analyst,
      ESSAY,
      { ...CANONICAL, ...MINE_ESSAY, name: { ...ANA_ESSAY.name, ...CANONICAL.name } },
      [anaEssay, authored.body[0]!, minePosted.body[0]!],
      3,
    );
    // Self access: her own statements only.
    await expectServed('ana', anaPerson.id, anaSelf, QUIZ, ANA_QUIZ, [anaQuiz], 1);
    await expectServed(
      'ana, essay',
      anaPerson.id,
      anaSelf,
      ESSAY,
      { ...CANONICAL, name: { ...ANA_ESSAY.name, ...CANONICAL.name } },
      [anaEssay],
      1,
    );
  } finally {
    await db.end();
  }
}
