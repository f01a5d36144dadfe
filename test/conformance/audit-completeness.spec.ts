// Issue 5 (audit), completeness: every path that returns learner data leaves exactly one audit record per
// request — statements with every filter and each `more` page, by id and voided id, with attachments; State and
// Agent Profile documents (one and the id list); the Agents and Activities resources; exports; explain — allowed or denied (403,
// and a 404 that hides a record the caller may not read), with the principal, action, resource, decision, count,
// the ids returned (or their digest beyond 100), the learners concerned as pseudonymous keys of their data
// subjects, and the basis. A statement write batch leaves one record with its count. Records are read straight
// from storage.audit_record of the test's own tenant.
import { createHash, randomUUID } from 'node:crypto';

import { auditKeysFrom, learnerKeyOf } from '@custos/storage';
import { aLearner, aStatement, aVerb, xapiClient, type XapiClient } from '@custos/testing';
import { ifiHash, ifiOf } from '@custos/xapi';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();
let db: pg.Pool;
beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
});
afterAll(async () => {
  await db?.end();
});

const COURSE = 'https://example.org/courses/audit/';
const OTHER = 'https://example.org/other/audit/1';
const REGISTRATION = randomUUID();
const STATE_ACTIVITY = 'https://example.org/activities/audit-state';
const completed = aVerb('completed');
const attempted = aVerb('attempted');
const activity = (id: string) => ({ objectType: 'Activity', id });
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hashOf = (agent: Record<string, unknown>) => ifiHash(ifiOf(agent)!);
/** Every identifier hash consent links for a person with this mbox (its mbox and mbox_sha1sum forms). */
const linkedHashes = (agent: { mbox: string }) => [
  hashOf({ mbox: agent.mbox }),
  hashOf({ mbox_sha1sum: sha1(agent.mbox) }),
];

interface Outcome {
  status: number;
  requestId: string | null;
  /** The statement or document ids the response carried, when it is JSON. */
  ids?: string[];
  /** The `more` URL of a StatementResult. */
  more?: string;
}

interface Expected {
  principalId: string;
  principalKind: 'credential' | 'person';
  action: string;
  resource: string;
  decision: 'allow' | 'deny';
  count: number;
  /** Ids returned (any order); `undefined` for a denial. */
  returnedIds?: string[];
  /** ifiHash of each learner concerned. */
  learners: string[];
  /** `null`: none (a denial). */
  basis: Record<string, unknown>[] | null;
}

interface AuditRow {
  principal_id: string;
  principal_kind: string | null;
  action: string;
  resource: string | null;
  decision: string;
  count: number;
  reason: string | null;
  returned_ids: string[] | null;
  returned_digest: string | null;
  basis: Record<string, unknown>[] | null;
  learner_keys: string[] | null;
  request_id: string | null;
  query: Record<string, unknown>;
}

/** The tenant's records after `afterSeq`, leaving out those made from change events (written asynchronously). */
async function recordsAfter(tenantId: string, afterSeq: string): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT principal_id, principal_kind, action, resource, decision, count, reason, returned_ids,
            returned_digest, basis, learner_keys, request_id, query
       FROM storage.audit_record WHERE tenant_id = $1 AND seq > $2 AND event_id IS NULL ORDER BY seq`,
    [tenantId, afterSeq],
  );
  return rows;
}

async function headSeq(tenantId: string): Promise<string> {
  const { rows } = await db.query<{ seq: string }>(
    `SELECT COALESCE(max(seq), 0)::text AS seq FROM storage.audit_record WHERE tenant_id = $1`,
    [tenantId],
  );
  return rows[0]!.seq;
}

const digestOf = (ids: string[]) => sha256([...ids].sort().join('\n'));
const sorted = (ids: readonly string[]) => [...ids].sort();

/** A request with a bearer token, returning what the audit needs to be compared with. */
async function asPerson(token: string, path: string): Promise<Outcome> {
  const res = await fetch(`${lrs.baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${token}`, 'X-Experience-API-Version': '2.0.0' },
  });
  return { status: res.status, requestId: res.headers.get('x-request-id'), ids: idsOf(await res.text()) };
}

async function asClient(client: XapiClient, path: string): Promise<Outcome> {
  const res = await client.request('GET', path);
  const more = (res.body as { more?: unknown } | undefined)?.more;
  return {
    status: res.status,
    requestId: res.headers.get('x-request-id'),
    ids: idsOf(res.body),
    ...(typeof more === 'string' && more !== '' && { more }),
  };
}

/** Statement ids of a StatementResult or a Statement, or a document id list; undefined for anything else. */
function idsOf(body: unknown): string[] | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  if (value && typeof value === 'object') {
    const o = value as { statements?: { id: string }[]; id?: string };
    if (Array.isArray(o.statements)) return o.statements.map((s) => s.id);
    if (typeof o.id === 'string') return [o.id];
  }
  return undefined;
}

/** Everything the cases need: statements about Ana, Bob and Carl, documents, people, a granted policy. */
async function aTenant() {
  const operatorCredential = await lrs.credentials.create(['all']);
  const { tenantId } = operatorCredential;
  const client = async (scopes: string[]) => {
    const c = await lrs.credentials.create(scopes, tenantId);
    return { id: c.id, client: xapiClient(lrs.baseUrl, c.key, c.secret, '2.0.0') };
  };
  const operator = {
    id: operatorCredential.id,
    client: xapiClient(lrs.baseUrl, operatorCredential.key, operatorCredential.secret, '2.0.0'),
  };
  const ana = aLearner();
  const bob = aLearner();
  const carl = aLearner();
  const lmsAdmin = aLearner();
  const statements = {
    anaS1: aStatement({
      actor: ana,
      verb: completed,
      object: activity(`${COURSE}1`),
      context: { registration: REGISTRATION },
    }),
    anaS2: aStatement({ actor: ana, verb: attempted, object: activity(`${COURSE}2`) }),
    anaS3: aStatement({ actor: ana, verb: completed, object: activity(OTHER) }),
    bobS1: aStatement({ actor: bob, verb: completed, object: activity(`${COURSE}1`) }),
    bobS2: aStatement({ actor: bob, verb: attempted, object: activity(`${COURSE}2`) }),
  };
  const posted = await operator.client.postStatements(Object.values(statements));
  expect(posted.status).toBe(200);
  const [anaS1, anaS2, anaS3, bobS1, bobS2] = posted.body as [string, string, string, string, string];
  const voided = await operator.client.postStatements([
    aStatement({
      actor: lmsAdmin,
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id: bobS2 },
    }),
  ]);
  const voiding = voided.body[0]!;
  const carlPosted = await operator.client.postStatements(
    Array.from({ length: 105 }, () => aStatement({ actor: carl, verb: aVerb('experienced') })),
  );
  expect(carlPosted.status).toBe(200);

  const person = (username: string, roles: ('learner' | 'admin' | 'consumer')[], agents: unknown[] = []) =>
    lrs.people.create(tenantId, {
      username,
      password: `${username}-password-123`,
      roles,
      agents: agents as Record<string, unknown>[],
    });
  const adminPerson = await person('admin', ['admin']);
  const consumerPerson = await person('consumer', ['consumer']);
  const anaPerson = await person('ana', ['learner'], [{ mbox: ana.mbox }]);
  await person('bob', ['learner'], [{ mbox: bob.mbox }]);
  const signIn = (username: string) => lrs.signIn(tenantId, username, `${username}-password-123`);
  const admin = await signIn('admin');
  const consumer = await signIn('consumer');
  const anaSignedIn = await signIn('ana');

  const policy = await admin.call('POST', '/api/v1/policies', {
    grantee: { kind: 'role', id: 'consumer' },
    purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students in the course' },
    lawfulBasis: 'consent',
    scope: { activityPrefixes: [COURSE] },
  });
  expect(policy.status).toBe(201);
  const policyId = (policy.body as { id: string }).id;
  const grant = await anaSignedIn.call('POST', '/api/v1/me/grants', { policyId });
  expect(grant.status).toBe(201);
  const grantId = (grant.body as { record: { id: string } }).record.id;

  const stateWriter = await client(['state']);
  const profileWriter = await client(['profile']);
  const statePath = (agent: { mbox: string }, stateId?: string) =>
    `/xapi/activities/state?${new URLSearchParams({
      activityId: STATE_ACTIVITY,
      agent: JSON.stringify({ mbox: agent.mbox }),
      ...(stateId !== undefined && { stateId }),
    }).toString()}`;
  const profilePath = (agent: { mbox: string }, profileId?: string) =>
    `/xapi/agents/profile?${new URLSearchParams({
      agent: JSON.stringify({ mbox: agent.mbox }),
      ...(profileId !== undefined && { profileId }),
    }).toString()}`;
  for (const [writer, path] of [
    [stateWriter, statePath(ana, 'progress')],
    [stateWriter, statePath(bob, 'progress')],
    [profileWriter, profilePath(ana, 'preferences')],
  ] as const) {
    const res = await writer.client.request('PUT', path, { body: { page: 3 } });
    expect(res.status).toBe(204);
  }

  return {
    tenantId,
    agents: { ana, bob, carl, lmsAdmin },
    ids: { anaS1, anaS2, anaS3, bobS1, bobS2, voiding, carl: carlPosted.body },
    people: { admin: adminPerson.id, consumer: consumerPerson.id, ana: anaPerson.id },
    tokens: { admin: admin.token, consumer: consumer.token, ana: anaSignedIn.token },
    credentials: {
      operator,
      reader: await client(['statements/read']),
      writeOnly: await client(['statements/write']),
      mine: await client(['statements/write', 'statements/read/mine']),
      state: stateWriter,
      profile: profileWriter,
    },
    policy: { id: policyId, version: 1, grantId },
    statePath,
    profilePath,
  };
}

let t: Awaited<ReturnType<typeof aTenant>>;
let keyOf: (ifiHash: string) => string;
beforeAll(async () => {
  t = await aTenant();
  const keys = auditKeysFrom(lrs.auditKeys);
  keyOf = (h) => learnerKeyOf(keys, t.tenantId, h);
});

/** Runs one request and returns it with the audit records it left. */
async function audited(run: () => Promise<Outcome>): Promise<{ outcome: Outcome; records: AuditRow[] }> {
  const before = await headSeq(t.tenantId);
  const outcome = await run();
  return { outcome, records: await recordsAfter(t.tenantId, before) };
}

function expectRecord(record: AuditRow, outcome: Outcome, expected: Expected): void {
  expect({
    principalId: record.principal_id,
    principalKind: record.principal_kind,
    action: record.action,
    resource: record.resource,
    decision: record.decision,
    count: record.count,
  }).toEqual({
    principalId: expected.principalId,
    principalKind: expected.principalKind,
    action: expected.action,
    resource: expected.resource,
    decision: expected.decision,
    count: expected.count,
  });
  // The gateway's request id, carried to the part that wrote the record.
  expect(outcome.requestId).toEqual(expect.any(String));
  expect(record.request_id).toBe(outcome.requestId);
  expect(sorted(record.learner_keys ?? [])).toEqual(sorted([...new Set(expected.learners)].map(keyOf)));
  // The log holds learners only by keyed pseudonym: a plain identifier hash could be tested against e-mails.
  const query = JSON.stringify(record.query);
  for (const agent of Object.values(t.agents)) {
    expect(query).not.toContain(hashOf(agent));
    expect(query).not.toContain(hashOf({ mbox_sha1sum: sha1((agent as { mbox?: string }).mbox ?? '') }));
  }
  if (expected.decision === 'deny') {
    expect(record.reason).toEqual(expect.any(String));
    expect(record.basis).toBeNull();
    expect(record.returned_ids).toBeNull();
    expect(record.returned_digest).toBeNull();
    return;
  }
  expect(record.reason).toBeNull();
  expect(record.basis).toEqual(expected.basis);
  const ids = expected.returnedIds;
  if (ids === undefined) {
    expect([record.returned_ids, record.returned_digest]).toEqual([null, null]);
    return;
  }
  expect(record.returned_digest).toBe(digestOf(ids));
  expect(record.returned_ids === null ? null : sorted(record.returned_ids)).toEqual(
    ids.length <= 100 ? sorted(ids) : null,
  );
  // What the caller received is exactly what the record names.
  if (outcome.ids !== undefined) expect(sorted(outcome.ids)).toEqual(sorted(ids));
}

interface Case {
  name: string;
  status: number;
  run: () => Promise<Outcome>;
  expected: () => Expected;
}

const statementsPath = (params: Record<string, string>) =>
  `/xapi/statements?${new URLSearchParams(params).toString()}`;
const agentParam = (agent: { mbox: string }) => JSON.stringify({ mbox: agent.mbox });

/** A `statements/read` credential's read (params built once the tenant exists): what matches in the tenant. */
const readerCase = (
  name: string,
  params: () => Record<string, string>,
  ids: () => string[],
  learners: () => string[],
): Case => ({
  name,
  status: 200,
  run: () => asClient(t.credentials.reader.client, statementsPath(params())),
  expected: () => ({
    principalId: t.credentials.reader.id,
    principalKind: 'credential',
    action: 'statements.read',
    resource: 'statementId' in params() || 'voidedStatementId' in params() ? 'statement' : 'statements',
    decision: 'allow',
    count: ids().length,
    returnedIds: ids(),
    learners: learners(),
    basis: [{ kind: 'scope', scope: 'statements/read' }],
  }),
});

const ana = () => hashOf(t.agents.ana);
const bob = () => hashOf(t.agents.bob);
const anaIds = () => [t.ids.anaS1, t.ids.anaS2, t.ids.anaS3];

const statementCases: Case[] = [
  readerCase(
    'agent',
    () => ({ agent: agentParam(t.agents.ana) }),
    anaIds,
    () => [ana()],
  ),
  readerCase(
    'verb',
    () => ({ verb: completed.id }),
    () => [t.ids.anaS1, t.ids.anaS3, t.ids.bobS1],
    () => [ana(), bob()],
  ),
  readerCase(
    'activity',
    () => ({ activity: `${COURSE}1` }),
    () => [t.ids.anaS1, t.ids.bobS1],
    () => [ana(), bob()],
  ),
  readerCase(
    'activity with related_activities',
    () => ({ activity: `${COURSE}1`, related_activities: 'true' }),
    () => [t.ids.anaS1, t.ids.bobS1],
    () => [ana(), bob()],
  ),
  readerCase(
    'registration',
    () => ({ registration: REGISTRATION }),
    () => [t.ids.anaS1],
    () => [ana()],
  ),
  // The voiding statement matches through the voided one it targets; its own data subject is its actor.
  readerCase(
    'agent of a voided statement',
    () => ({ agent: agentParam(t.agents.bob) }),
    () => [t.ids.bobS1, t.ids.voiding],
    () => [bob(), hashOf(t.agents.lmsAdmin)],
  ),
  readerCase(
    'agent with related_agents, since, ascending, format=ids',
    () => ({
      agent: agentParam(t.agents.ana),
      related_agents: 'true',
      since: '2000-01-01T00:00:00Z',
      ascending: 'true',
      format: 'ids',
    }),
    anaIds,
    () => [ana()],
  ),
  readerCase(
    'until before everything',
    () => ({ until: '2000-01-01T00:00:00Z' }),
    () => [],
    () => [],
  ),
  readerCase(
    'statementId',
    () => ({ statementId: t.ids.anaS2 }),
    () => [t.ids.anaS2],
    () => [ana()],
  ),
  readerCase(
    'voidedStatementId',
    () => ({ voidedStatementId: t.ids.bobS2 }),
    () => [t.ids.bobS2],
    () => [bob()],
  ),
  readerCase(
    'attachments=true',
    () => ({ agent: agentParam(t.agents.ana), attachments: 'true' }),
    anaIds,
    () => [ana()],
  ),
  readerCase(
    'more than 100 statements (digest only)',
    () => ({ agent: agentParam(t.agents.carl), limit: '0' }),
    () => t.ids.carl,
    () => [hashOf(t.agents.carl)],
  ),
];

const otherReadCases: Case[] = [
  {
    name: 'statements of their own writes (statements/read/mine)',
    status: 200,
    run: async () => {
      await t.credentials.mine.client.postStatements([
        aStatement({ actor: t.agents.ana, verb: aVerb('answered') }),
      ]);
      return asClient(t.credentials.mine.client, statementsPath({}));
    },
    expected: () => ({
      principalId: t.credentials.mine.id,
      principalKind: 'credential',
      action: 'statements.read',
      resource: 'statements',
      decision: 'allow',
      count: 1,
      returnedIds: [mineWritten()],
      learners: [ana()],
      basis: [{ kind: 'own-writes' }],
    }),
  },
  {
    name: "a learner's own statements (self access)",
    status: 200,
    run: () => asPerson(t.tokens.ana, statementsPath({ verb: completed.id })),
    expected: () => ({
      principalId: t.people.ana,
      principalKind: 'person',
      action: 'statements.read',
      resource: 'statements',
      decision: 'allow',
      count: 2,
      returnedIds: [t.ids.anaS1, t.ids.anaS3],
      learners: [ana()],
      basis: [{ kind: 'self' }],
    }),
  },
  {
    name: 'statements through a consent policy, naming the grant',
    status: 200,
    run: () => asPerson(t.tokens.consumer, statementsPath({})),
    expected: () => ({
      principalId: t.people.consumer,
      principalKind: 'person',
      action: 'statements.read',
      resource: 'statements',
      decision: 'allow',
      count: 2,
      returnedIds: [t.ids.anaS1, t.ids.anaS2],
      learners: [ana()],
      basis: [
        { kind: 'policy', policyId: t.policy.id, version: t.policy.version, grantIds: [t.policy.grantId] },
      ],
    }),
  },
  {
    name: 'one State document',
    status: 200,
    run: () => asClient(t.credentials.state.client, t.statePath(t.agents.ana, 'progress')),
    expected: () => documentRead(t.credentials.state.id, 'documents/state', ['progress'], 'state'),
  },
  {
    name: 'the State id list',
    status: 200,
    run: () => asClient(t.credentials.state.client, t.statePath(t.agents.ana)),
    expected: () => documentRead(t.credentials.state.id, 'documents/state', ['progress'], 'state'),
  },
  {
    name: 'one Agent Profile document',
    status: 200,
    run: () => asClient(t.credentials.profile.client, t.profilePath(t.agents.ana, 'preferences')),
    expected: () =>
      documentRead(t.credentials.profile.id, 'documents/agent-profile', ['preferences'], 'profile'),
  },
  {
    name: 'the Agent Profile id list',
    status: 200,
    run: () => asClient(t.credentials.profile.client, t.profilePath(t.agents.ana)),
    expected: () =>
      documentRead(t.credentials.profile.id, 'documents/agent-profile', ['preferences'], 'profile'),
  },
  {
    name: 'the Agents resource',
    status: 200,
    run: () =>
      asClient(
        t.credentials.reader.client,
        `/xapi/agents?${new URLSearchParams({ agent: agentParam(t.agents.ana) }).toString()}`,
      ),
    expected: () => ({
      principalId: t.credentials.reader.id,
      principalKind: 'credential',
      action: 'agents.read',
      resource: 'agents',
      decision: 'allow',
      count: 1,
      returnedIds: undefined,
      learners: linkedHashes(t.agents.ana),
      basis: [{ kind: 'scope', scope: 'statements/read' }],
    }),
  },
  // What the statements carry is learner data (docs/access-model.md "Activity definitions"); these carry none, so
  // nothing is named — test/harness/activities-access.ts checks records that name statements and learners.
  {
    name: 'the Activities resource',
    status: 200,
    run: async () => {
      const { status, requestId } = await asClient(t.credentials.reader.client, activitiesPath(`${COURSE}1`));
      return { status, requestId };
    },
    expected: () => activitiesRead(t.credentials.reader.id, [{ kind: 'scope', scope: 'statements/read' }]),
  },
  {
    name: 'the Activities resource for a credential that reads no statement',
    status: 200,
    run: async () => {
      const { status, requestId } = await asClient(
        t.credentials.writeOnly.client,
        activitiesPath(`${COURSE}1`),
      );
      return { status, requestId };
    },
    expected: () => activitiesRead(t.credentials.writeOnly.id, []),
  },
  {
    name: "a learner's export",
    status: 200,
    run: async () => {
      const res = await fetch(`${lrs.baseUrl}/api/v1/me/export`, {
        headers: { Authorization: `Bearer ${t.tokens.ana}` },
      });
      await res.text();
      return { status: res.status, requestId: res.headers.get('x-request-id') };
    },
    expected: () => ({
      principalId: t.people.ana,
      principalKind: 'person',
      action: 'export',
      resource: 'export',
      decision: 'allow',
      count: 6,
      returnedIds: [...anaIds(), mineWritten(), 'progress', 'preferences'],
      learners: linkedHashes(t.agents.ana),
      basis: [{ kind: 'self' }],
    }),
  },
  {
    name: 'an explanation',
    status: 200,
    run: async () => {
      const { status, requestId } = await asPerson(
        t.tokens.admin,
        `/api/v1/explain?statementId=${t.ids.anaS3}`,
      );
      return { status, requestId };
    },
    expected: () => ({
      principalId: t.people.admin,
      principalKind: 'person',
      action: 'explain',
      resource: 'explain',
      decision: 'allow',
      count: 1,
      returnedIds: [t.ids.anaS3],
      learners: [ana()],
      basis: [{ kind: 'role', role: 'admin' }],
    }),
  },
];

const denialCases: Case[] = [
  {
    name: 'statements, 403 (no read rule)',
    status: 403,
    run: () => asClient(t.credentials.writeOnly.client, statementsPath({ agent: agentParam(t.agents.ana) })),
    expected: () =>
      denied(t.credentials.writeOnly.id, 'credential', 'statements.read', 'statements', [ana()]),
  },
  {
    name: 'a statement by id, 404 (exists, not readable)',
    status: 404,
    run: () => asClient(t.credentials.mine.client, statementsPath({ statementId: t.ids.anaS1 })),
    expected: () => denied(t.credentials.mine.id, 'credential', 'statements.read', 'statement', [ana()]),
  },
  {
    name: 'a State document, 403 (no document rule)',
    status: 403,
    run: () => asClient(t.credentials.reader.client, t.statePath(t.agents.ana, 'progress')),
    expected: () =>
      denied(t.credentials.reader.id, 'credential', 'documents.read', 'documents/state', [ana()]),
  },
  {
    name: "another learner's State document, 404 (exists, not readable)",
    status: 404,
    run: () => asPerson(t.tokens.ana, t.statePath(t.agents.bob, 'progress')),
    expected: () => denied(t.people.ana, 'person', 'documents.read', 'documents/state', [bob()]),
  },
  {
    name: 'the Agents resource, 403',
    status: 403,
    run: () =>
      asClient(
        t.credentials.writeOnly.client,
        `/xapi/agents?${new URLSearchParams({ agent: agentParam(t.agents.ana) }).toString()}`,
      ),
    expected: () => denied(t.credentials.writeOnly.id, 'credential', 'agents.read', 'agents', [ana()]),
  },
  {
    name: "another person's export, 403",
    status: 403,
    run: async () => {
      const res = await fetch(`${lrs.baseUrl}/api/v1/people/${t.people.ana}/export`, {
        headers: { Authorization: `Bearer ${t.tokens.consumer}` },
      });
      await res.text();
      return { status: res.status, requestId: res.headers.get('x-request-id') };
    },
    expected: () => denied(t.people.consumer, 'person', 'export', 'export', []),
  },
  {
    name: 'an explanation of an unknown statement, 404',
    status: 404,
    run: () => asPerson(t.tokens.admin, `/api/v1/explain?statementId=${randomUUID()}`),
    expected: () => denied(t.people.admin, 'person', 'explain', 'explain', []),
  },
];

const activitiesPath = (activityId: string) =>
  `/xapi/activities?${new URLSearchParams({ activityId }).toString()}`;

function activitiesRead(principalId: string, basis: Record<string, unknown>[]): Expected {
  return {
    principalId,
    principalKind: 'credential',
    action: 'activities.read',
    resource: 'activities',
    decision: 'allow',
    count: 0,
    returnedIds: [],
    learners: [],
    basis,
  };
}

function documentRead(principalId: string, resource: string, ids: string[], scope: string): Expected {
  return {
    principalId,
    principalKind: 'credential',
    action: 'documents.read',
    resource,
    decision: 'allow',
    count: ids.length,
    returnedIds: ids,
    learners: [ana()],
    basis: [{ kind: 'scope', scope }],
  };
}

function denied(
  principalId: string,
  principalKind: Expected['principalKind'],
  action: string,
  resource: string,
  learners: string[],
): Expected {
  return { principalId, principalKind, action, resource, decision: 'deny', count: 0, learners, basis: null };
}

let mineWrittenId: string | undefined;
const mineWritten = () => mineWrittenId!;

describe('every read path leaves exactly one complete audit record per request', () => {
  it.each([...statementCases, ...otherReadCases, ...denialCases].map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const { outcome, records } = await audited(c.run);
      if (c.name.startsWith('statements of their own writes')) {
        // The write before the read leaves its own record; the read is the last one.
        const write = records.shift()!;
        expect(write.action).toBe('statements.write');
        mineWrittenId = write.returned_ids![0];
      }
      if (c.name === "a learner's export") {
        // The learner's own export carries their access log (their subject-access answer): that read of the log
        // is recorded after the export's record, as the learner's reads of it always are.
        const logReads = records.splice(1);
        expect(logReads.length).toBeGreaterThanOrEqual(1);
        for (const read of logReads) {
          expect(read).toMatchObject({ action: 'access-log.read', decision: 'allow' });
        }
      }
      expect(outcome.status).toBe(c.status);
      expect(records).toHaveLength(1);
      expectRecord(records[0]!, outcome, c.expected());
    },
  );

  it('records each `more` page once, with the ids of that page', async () => {
    const first = await audited(() =>
      asClient(t.credentials.reader.client, statementsPath({ agent: agentParam(t.agents.ana), limit: '2' })),
    );
    expect(first.records).toHaveLength(1);
    expect(first.outcome.ids).toHaveLength(2);
    const next = await audited(() => asClient(t.credentials.reader.client, first.outcome.more!));
    expect(next.records).toHaveLength(1);
    expect(next.records[0]!.query).toHaveProperty('afterSeq');
    // Ana's three statements and the one the `statements/read/mine` credential wrote about her.
    expect(sorted([...first.outcome.ids!, ...next.outcome.ids!])).toEqual(
      sorted([...anaIds(), mineWritten()]),
    );
    for (const { records, outcome } of [first, next]) {
      expect(sorted(records[0]!.returned_ids!)).toEqual(sorted(outcome.ids!));
      expect(records[0]!.learner_keys).toEqual([keyOf(ana())]);
      expect(records[0]!.request_id).toBe(outcome.requestId);
    }
  });
});

describe('a refused `more` page leaves a denial', () => {
  it('records a `more` link presented by another principal, naming whose it was and what it asked', async () => {
    const first = await asClient(
      t.credentials.reader.client,
      statementsPath({ agent: agentParam(t.agents.ana), limit: '1' }),
    );
    expect(first.more).toEqual(expect.any(String));
    const { outcome, records } = await audited(() => asClient(t.credentials.operator.client, first.more!));
    expect(outcome.status).toBe(404);
    expect(records).toHaveLength(1);
    expectRecord(
      records[0]!,
      outcome,
      denied(t.credentials.operator.id, 'credential', 'statements.read', 'statements', [ana()]),
    );
    expect(records[0]!.reason).toBe('more cursor issued to another principal');
    // The agent of the stolen query only as its learner key; never the token.
    expect(records[0]!.query).toEqual({
      more: true,
      cursorIssuedTo: t.credentials.reader.id,
      agentKey: keyOf(ana()),
    });
  });

  it('refuses a `more` link edited to name its presenter, as one that cannot be read', async () => {
    const first = await asClient(
      t.credentials.reader.client,
      statementsPath({ agent: agentParam(t.agents.ana), limit: '1' }),
    );
    // The link is signed: re-addressing its body to the operator breaks the MAC, which is kept as it was.
    const url = new URL(first.more!, 'http://lrs.invalid');
    const [body, mac] = url.searchParams.get('more')!.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims.c).toBe(t.credentials.reader.id);
    const edited = Buffer.from(JSON.stringify({ ...claims, c: t.credentials.operator.id })).toString(
      'base64url',
    );
    const { outcome, records } = await audited(() =>
      asClient(t.credentials.operator.client, statementsPath({ more: `${edited}.${mac}` })),
    );
    expect(outcome.status).toBe(404);
    expect(records).toHaveLength(1);
    expectRecord(
      records[0]!,
      outcome,
      denied(t.credentials.operator.id, 'credential', 'statements.read', 'statements', []),
    );
    // Nothing of an edited link reaches the log: not the principal it claims, not its filters.
    expect(records[0]).toMatchObject({ reason: 'malformed more cursor', query: { more: true } });
  });

  it('records a malformed `more` cursor', async () => {
    const { outcome, records } = await audited(() =>
      asPerson(t.tokens.consumer, statementsPath({ more: 'bm90IGEgY3Vyc29y' })),
    );
    expect(outcome.status).toBe(404);
    expect(records).toHaveLength(1);
    expectRecord(
      records[0]!,
      outcome,
      denied(t.people.consumer, 'person', 'statements.read', 'statements', []),
    );
    expect(records[0]).toMatchObject({ reason: 'malformed more cursor', query: { more: true } });
  });
});

describe('writes leave one audit record per request', () => {
  it('records a statement batch with its writer, batch id, count, ids and learners', async () => {
    const dave = aLearner();
    const batch = [
      aStatement({ actor: dave }),
      aStatement({ actor: dave }),
      aStatement({ actor: t.agents.bob }),
    ];
    const { records } = await audited(async () => {
      const res = await t.credentials.mine.client.postStatements(batch);
      expect(res.status).toBe(200);
      writtenIds = res.body;
      return { status: res.status, requestId: res.headers.get('x-request-id') };
    });
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({
      principal_id: t.credentials.mine.id,
      principal_kind: 'credential',
      action: 'statements.write',
      resource: 'statements',
      decision: 'allow',
      count: 3,
    });
    expect(record!.query).toEqual({ batchId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(sorted(record!.returned_ids!)).toEqual(sorted(writtenIds));
    expect(sorted(record!.learner_keys!)).toEqual(sorted([keyOf(hashOf(dave)), keyOf(bob())]));
  });

  it('records a document write with its writer and the learner it is about', async () => {
    const { outcome, records } = await audited(async () => {
      const res = await t.credentials.state.client.request('PUT', t.statePath(t.agents.ana, 'bookmark'), {
        body: { page: 9 },
      });
      return { status: res.status, requestId: res.headers.get('x-request-id') };
    });
    expect(outcome.status).toBe(204);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      principal_id: t.credentials.state.id,
      principal_kind: 'credential',
      action: 'documents.write',
      resource: 'documents/state',
      decision: 'allow',
      count: 1,
      returned_ids: ['bookmark'],
      learner_keys: [keyOf(ana())],
      basis: [{ kind: 'scope', scope: 'state' }],
      request_id: outcome.requestId,
    });
  });
});

let writtenIds: string[] = [];
