// DESIGN "Access model" — explaining a decision, over HTTP (GET /api/v1/explain): for a principal and a statement,
// allowed or denied and by which rule (xAPI scope, self access, policy with its grants; or why a policy does not
// allow: out of scope, no active grant, objected), for a tenant's admins and the learner concerned; anyone else,
// another tenant's statement or an unknown id is a 404. The answer always agrees with what that principal's own
// GET /xapi/statements?statementId= returns.
import { randomUUID } from 'node:crypto';

import { aLearner, aStatement, aVerb, xapiClient } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

const COURSE = 'https://example.org/courses/a/';
const completed = aVerb('completed');
const attempted = aVerb('attempted');
const activity = (id: string) => ({ objectType: 'Activity', id });

interface Explanation {
  statementId: string;
  principal: { kind: string; id: string; active: boolean };
  decision: 'allowed' | 'denied';
  voided: boolean;
  allowedBy: Record<string, unknown>[];
  notAllowedBy: Record<string, unknown>[];
  redactedFields: string[];
  view: 'full' | 'data-subject';
  withheld?: { policyId: string }[];
}

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

/** Someone who can read statements by id: a signed-in person or an xAPI credential. */
interface Reader {
  id: string;
  readById: (statementId: string) => Promise<number>;
}

async function signIn(tenantId: string, username: string): Promise<Call> {
  return (await lrs.signIn(tenantId, username, `${username}-password-123`)).call;
}

/** A tenant with statements about Ana and Bob, an admin, a consumer, both learners and two credentials. */
async function aTenant() {
  const lms = await lrs.client();
  const tenantId = lms.tenantId;
  const ana = aLearner();
  const bob = aLearner();
  const [anaCompletedA1, anaAttemptedA2, anaCompletedOther, bobCompletedA1] = (
    await lms.postStatements([
      aStatement({ actor: ana, verb: completed, object: activity(`${COURSE}1`) }),
      aStatement({ actor: ana, verb: attempted, object: activity(`${COURSE}2`) }),
      aStatement({ actor: ana, verb: completed, object: activity('https://example.org/other/1') }),
      aStatement({ actor: bob, verb: completed, object: activity(`${COURSE}1`) }),
    ])
  ).body as [string, string, string, string];
  const person = (username: string, roles: ('learner' | 'admin' | 'consumer')[], agents: unknown[] = []) =>
    lrs.people.create(tenantId, {
      username,
      password: `${username}-password-123`,
      roles,
      agents: agents as Record<string, unknown>[],
    });
  await person('admin', ['admin']);
  const consumer = await person('consumer', ['consumer']);
  const anaPerson = await person('ana', ['learner'], [{ mbox: ana.mbox }]);
  const bobPerson = await person('bob', ['learner'], [{ mbox: bob.mbox }]);
  const credential = async (scopes: string[]) => {
    const c = await lrs.credentials.create(scopes, tenantId);
    return { id: c.id, client: xapiClient(lrs.baseUrl, c.key, c.secret, '2.0.0') };
  };
  const calls = {
    admin: await signIn(tenantId, 'admin'),
    consumer: await signIn(tenantId, 'consumer'),
    ana: await signIn(tenantId, 'ana'),
    bob: await signIn(tenantId, 'bob'),
  };
  const personReader = (id: string, call: Call): Reader => ({
    id,
    readById: async (statementId) =>
      (await call('GET', `/xapi/statements?statementId=${statementId}`)).status,
  });
  const reader = await credential(['statements/read']);
  const writer = await credential(['statements/write', 'statements/read/mine']);
  const operator = await credential(['all']);
  const credentialReader = (c: typeof reader): Reader => ({
    id: c.id,
    readById: async (statementId) => (await c.client.getStatements({ statementId })).status,
  });
  return {
    tenantId,
    lms,
    learners: { ana, bob },
    ids: { anaCompletedA1, anaAttemptedA2, anaCompletedOther, bobCompletedA1 },
    ...calls,
    credentials: { reader, writer, operator },
    readers: {
      consumer: personReader(consumer.id, calls.consumer),
      ana: personReader(anaPerson.id, calls.ana),
      bob: personReader(bobPerson.id, calls.bob),
      reader: credentialReader(reader),
      writer: credentialReader(writer),
    },
  };
}

type Tenant = Awaited<ReturnType<typeof aTenant>>;

async function explain(call: Call, statementId: string, principal?: string) {
  const query = new URLSearchParams({ statementId, ...(principal !== undefined && { principal }) });
  const res = await call('GET', `/api/v1/explain?${query.toString()}`);
  return { status: res.status, body: res.body as Explanation };
}

async function createPolicy(t: Tenant, lawfulBasis: string, extra: Record<string, unknown> = {}) {
  const res = await t.admin('POST', '/api/v1/policies', {
    grantee: { kind: 'role', id: 'consumer' },
    purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students in course A' },
    lawfulBasis,
    scope: { activityPrefixes: [COURSE], verbs: [completed.id] },
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
}

/** The explanation of `reader`'s access to `statementId` agrees with what the reader's own GET returns. */
async function expectAgreement(t: Tenant, reader: Reader, statementId: string) {
  const { status, body } = await explain(t.admin, statementId, reader.id);
  expect(status).toBe(200);
  const read = await reader.readById(statementId);
  expect({ statementId, principal: reader.id, read }).toEqual({
    statementId,
    principal: reader.id,
    read: body.decision === 'allowed' ? 200 : 404,
  });
  return body;
}

describe('GET /api/v1/explain', () => {
  it("explains a consumer's access allowed by a consent grant, then denied once revoked", async () => {
    const t = await aTenant();
    const policy = await createPolicy(t, 'consent');
    const granted = await t.ana('POST', '/api/v1/me/grants', { policyId: policy.id });
    const grantId = (granted.body as { record: { id: string } }).record.id;

    const allowed = await expectAgreement(t, t.readers.consumer, t.ids.anaCompletedA1);
    expect(allowed).toEqual({
      statementId: t.ids.anaCompletedA1,
      view: 'full',
      principal: { kind: 'person', id: t.readers.consumer.id, active: true },
      decision: 'allowed',
      voided: false,
      allowedBy: [
        {
          kind: 'policy',
          policyId: policy.id,
          version: 1,
          purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students in course A' },
          lawfulBasis: 'consent',
          redactFields: [],
          grantIds: [grantId],
        },
      ],
      notAllowedBy: [],
      redactedFields: [],
    });

    expect((await t.ana('DELETE', `/api/v1/me/grants/${grantId}`)).status).toBe(200);
    const denied = await expectAgreement(t, t.readers.consumer, t.ids.anaCompletedA1);
    expect(denied).toMatchObject({
      decision: 'denied',
      allowedBy: [],
      notAllowedBy: [{ policyId: policy.id, version: 1, lawfulBasis: 'consent', reason: 'no-active-grant' }],
    });
  });

  it('names the objection that keeps a legitimate-interest policy out, and says what is out of scope', async () => {
    const t = await aTenant();
    const policy = await createPolicy(t, 'legitimate-interest');
    const objected = await t.ana('POST', '/api/v1/me/objections', { policyId: policy.id });
    const objectionId = (objected.body as { record: { id: string } }).record.id;

    const denied = await expectAgreement(t, t.readers.consumer, t.ids.anaCompletedA1);
    expect(denied.notAllowedBy).toEqual([
      expect.objectContaining({ policyId: policy.id, reason: 'objected', objectionIds: [objectionId] }),
    ]);
    const outOfScope = await expectAgreement(t, t.readers.consumer, t.ids.anaAttemptedA2);
    expect(outOfScope.notAllowedBy).toEqual([
      expect.objectContaining({ policyId: policy.id, reason: 'out-of-scope' }),
    ]);
    expect(outOfScope.notAllowedBy[0]).not.toHaveProperty('objectionIds');
    const bobs = await expectAgreement(t, t.readers.consumer, t.ids.bobCompletedA1);
    expect(bobs.allowedBy).toEqual([expect.objectContaining({ policyId: policy.id, kind: 'policy' })]);
  });

  it('explains xAPI scopes: statements/read reads everything, statements/read/mine only what it wrote', async () => {
    const t = await aTenant();
    const read = await expectAgreement(t, t.readers.reader, t.ids.anaCompletedA1);
    expect(read).toMatchObject({
      principal: { kind: 'credential', id: t.credentials.reader.id, active: true },
      decision: 'allowed',
      allowedBy: [{ kind: 'scope', scope: 'statements/read' }],
    });
    const mine = await expectAgreement(t, t.readers.writer, t.ids.anaCompletedA1);
    expect(mine).toMatchObject({ decision: 'denied', allowedBy: [], notAllowedBy: [] });
    const [own] = (
      await t.credentials.writer.client.postStatements(
        aStatement({ actor: aLearner(), verb: completed, object: activity(`${COURSE}9`) }),
      )
    ).body;
    const ownRead = await expectAgreement(t, t.readers.writer, own!);
    expect(ownRead.allowedBy).toEqual([{ kind: 'scope', scope: 'statements/read/mine' }]);
  });

  it('explains a revoked credential as inactive: it reads nothing', async () => {
    const t = await aTenant();
    const c = await lrs.credentials.create(['statements/read'], t.tenantId);
    await lrs.credentials.revoke(c.key);
    const { status, body } = await explain(t.admin, t.ids.anaCompletedA1, c.id);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      principal: { kind: 'credential', id: c.id, active: false },
      decision: 'denied',
      allowedBy: [],
    });
    expect((await xapiClient(lrs.baseUrl, c.key, c.secret).getStatements()).status).toBe(401);
  });

  it('reports the parts a redacting policy removes, and none when another rule reads the statement whole', async () => {
    const t = await aTenant();
    await createPolicy(t, 'legal-obligation', { redactFields: ['result.response', 'result.score'] });
    const consumer = await expectAgreement(t, t.readers.consumer, t.ids.anaCompletedA1);
    expect(consumer.redactedFields.toSorted()).toEqual(['result.response', 'result.score']);
    const self = await explain(t.ana, t.ids.anaCompletedA1);
    expect(self.body).toMatchObject({
      decision: 'allowed',
      allowedBy: [{ kind: 'self' }],
      redactedFields: [],
    });
  });

  it('lets the learner concerned ask (about themself by default, or about another principal); nobody else', async () => {
    const t = await aTenant();
    await createPolicy(t, 'legitimate-interest');
    const self = await explain(t.ana, t.ids.anaCompletedA1);
    expect(self.status).toBe(200);
    expect(self.body.principal).toEqual({ kind: 'person', id: t.readers.ana.id, active: true });
    const aboutConsumer = await explain(t.ana, t.ids.anaCompletedA1, t.readers.consumer.id);
    expect(aboutConsumer.status).toBe(200);
    expect(aboutConsumer.body.decision).toBe('allowed');

    // Bob is not a data subject of Ana's statement; the consumer is not a learner or admin.
    expect((await explain(t.bob, t.ids.anaCompletedA1)).status).toBe(404);
    expect((await explain(t.bob, t.ids.anaCompletedA1, t.readers.consumer.id)).status).toBe(404);
    expect((await explain(t.consumer, t.ids.anaCompletedA1)).status).toBe(404);
    // Bob's own statement, and Ana's as Bob would see it: agreeing with his reads.
    const bobAboutAna = await explain(t.admin, t.ids.anaCompletedA1, t.readers.bob.id);
    expect(bobAboutAna.body.decision).toBe('denied');
    expect(await t.readers.bob.readById(t.ids.anaCompletedA1)).toBe(404);
  });

  it('is a 404 for an unknown statement, another tenant, an unknown principal; a 403 for credentials without all', async () => {
    const t = await aTenant();
    const other = await aTenant();
    expect((await explain(t.admin, randomUUID())).status).toBe(404);
    expect((await explain(t.admin, 'not-a-uuid')).status).toBe(404);
    expect((await explain(other.admin, t.ids.anaCompletedA1)).status).toBe(404);
    expect((await explain(other.admin, other.ids.anaCompletedA1, t.readers.consumer.id)).status).toBe(404);
    expect((await explain(t.admin, t.ids.anaCompletedA1, randomUUID())).status).toBe(404);
    expect(
      (await explain(t.admin, t.ids.anaCompletedA1, '00000000-0000-0000-0000-000000000000')).status,
    ).toBe(404);
    expect((await t.admin('GET', '/api/v1/explain')).status).toBe(400);
    expect((await t.admin('GET', `/api/v1/explain?statementId=${t.ids.anaCompletedA1}&x=1`)).status).toBe(
      400,
    );

    const asCredential = (c: { client: ReturnType<typeof xapiClient> }, query: string) =>
      c.client.request('GET', `/api/v1/explain?${query}`);
    expect((await asCredential(t.credentials.reader, `statementId=${t.ids.anaCompletedA1}`)).status).toBe(
      403,
    );
    const operator = await asCredential(
      t.credentials.operator,
      `statementId=${t.ids.anaCompletedA1}&principal=${t.readers.reader.id}`,
    );
    expect(operator.status).toBe(200);
    expect((operator.body as Explanation).decision).toBe('allowed');
    expect(
      (await asCredential(other.credentials.operator, `statementId=${t.ids.anaCompletedA1}`)).status,
    ).toBe(404);
  });

  it("tells a learner nothing about a co-member's grant or objection on a group statement; an admin everything", async () => {
    const t = await aTenant();
    // Ana and Bob as the members of one anonymous group statement.
    const group = { objectType: 'Group', member: [t.learners.ana, t.learners.bob] };
    const [together] = (
      await t.lms.postStatements(
        aStatement({ actor: group, verb: completed, object: activity(`${COURSE}7`) }),
      )
    ).body as [string];

    const consent = await createPolicy(t, 'consent');
    const granted = await t.ana('POST', '/api/v1/me/grants', { policyId: consent.id });
    expect(granted.status).toBe(201);
    const grantId = (granted.body as { record: { id: string } }).record.id;
    expect(await t.readers.consumer.readById(together)).toBe(200);

    // The admin: the full explanation, with Ana's grant.
    const full = await explain(t.admin, together, t.readers.consumer.id);
    expect(full.body).toMatchObject({
      view: 'full',
      decision: 'allowed',
      allowedBy: [{ kind: 'policy', policyId: consent.id, grantIds: [grantId] }],
    });
    expect(full.body).not.toHaveProperty('withheld');
    // Ana: her own grant decides it, and she is told so.
    const anas = await explain(t.ana, together, t.readers.consumer.id);
    expect(anas.status).toBe(200);
    expect(anas.body).toMatchObject({
      view: 'data-subject',
      decision: 'allowed',
      allowedBy: [{ kind: 'policy', policyId: consent.id, grantIds: [grantId] }],
      withheld: [],
    });
    // Bob: the consumer may read it, but not which co-member granted, nor Ana's grant id.
    const bobs = await explain(t.bob, together, t.readers.consumer.id);
    expect(bobs.status).toBe(200);
    expect(bobs.body).toEqual({
      statementId: together,
      view: 'data-subject',
      principal: { kind: 'person', id: t.readers.consumer.id, active: true },
      decision: 'allowed',
      voided: false,
      allowedBy: [],
      notAllowedBy: [],
      redactedFields: [],
      withheld: [
        {
          policyId: consent.id,
          version: 1,
          purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students in course A' },
          lawfulBasis: 'consent',
        },
      ],
    });
    expect(JSON.stringify(bobs.body)).not.toContain(grantId);

    // An objection: Ana objects to a legitimate-interest policy; Bob learns that the read is denied, not why.
    const interest = await createPolicy(t, 'legitimate-interest', { scope: { verbs: [completed.id] } });
    const objected = await t.ana('POST', '/api/v1/me/objections', { policyId: interest.id });
    expect(objected.status).toBe(201);
    const objectionId = (objected.body as { record: { id: string } }).record.id;
    expect((await t.ana('DELETE', `/api/v1/me/grants/${grantId}`)).status).toBe(200);
    expect(await t.readers.consumer.readById(together)).toBe(404);
    const bobNow = await explain(t.bob, together, t.readers.consumer.id);
    expect(bobNow.body).toMatchObject({ decision: 'denied', allowedBy: [], notAllowedBy: [] });
    expect(bobNow.body.withheld?.map((w: { policyId: string }) => w.policyId).toSorted()).toEqual(
      [consent.id, interest.id].toSorted(),
    );
    expect(JSON.stringify(bobNow.body)).not.toContain(objectionId);
    const anaNow = await explain(t.ana, together, t.readers.consumer.id);
    expect(anaNow.body.notAllowedBy).toEqual([
      expect.objectContaining({ policyId: interest.id, reason: 'objected', objectionIds: [objectionId] }),
    ]);
    const adminNow = await explain(t.admin, together, t.readers.consumer.id);
    expect(adminNow.body.notAllowedBy).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ policyId: consent.id, reason: 'no-active-grant' }),
        expect.objectContaining({ policyId: interest.id, reason: 'objected', objectionIds: [objectionId] }),
      ]),
    );
  });

  it('agrees with what each principal reads, for every statement, under several policies', async () => {
    const t = await aTenant();
    const consent = await createPolicy(t, 'consent');
    await createPolicy(t, 'contract', { scope: { verbs: [attempted.id] } });
    await t.bob('POST', '/api/v1/me/grants', { policyId: consent.id });
    const decisions: string[] = [];
    for (const reader of Object.values(t.readers)) {
      for (const statementId of Object.values(t.ids)) {
        decisions.push((await expectAgreement(t, reader, statementId)).decision);
      }
    }
    expect(decisions).toContain('allowed');
    expect(decisions).toContain('denied');
  });
});
