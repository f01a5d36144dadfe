// DESIGN "Access model" steps 4-5 — institution policies and learner consent, over HTTP: a policy's grantee
// reads the statements in its scope according to the lawful basis (consent: only with an active grant;
// legitimate interest / contract / public task: unless the learner objected; legal obligation: always, and
// an objection is refused), and a revocation or objection counts on the very next read. A statement that is
// not readable is never listed, paged over or fetched by id (404).
import { randomUUID } from 'node:crypto';

import { aLearner, aStatement, aVerb } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

type Page = { statements: Record<string, unknown>[]; more: string };
type Receipt = { receiptId: string; status: string; record: { id: string }; expiry: string | null } & Record<
  string,
  unknown
>;

const COURSE = 'https://example.org/courses/a/';
const completed = aVerb('completed');
const attempted = aVerb('attempted');
const activity = (id: string) => ({ objectType: 'Activity', id });

interface Caller {
  (method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  read: (params?: Record<string, string>) => Promise<{ status: number; ids: string[]; more: string }>;
}

async function signIn(tenantId: string, username: string): Promise<Caller> {
  const { call: request } = await lrs.signIn(tenantId, username, `${username}-password-123`);
  const call = ((method: string, path: string, body?: unknown) => request(method, path, body)) as Caller;
  call.read = async (params = {}) => {
    const r = await call('GET', `/xapi/statements?${new URLSearchParams(params).toString()}`);
    const page = r.body as Page;
    return {
      status: r.status,
      ids: (page.statements ?? []).map((s) => s.id as string).sort(),
      more: page.more,
    };
  };
  return call;
}

/** A tenant with statements about Ana and Bob, an admin, a consumer and both learners signed in. */
async function aTenantWithRecords() {
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
  const person = (
    username: string,
    roles: ('learner' | 'admin' | 'consumer')[],
    agents: Record<string, unknown>[] = [],
  ) => lrs.people.create(tenantId, { username, password: `${username}-password-123`, roles, agents });
  await person('admin', ['admin']);
  await person('consumer', ['consumer']);
  const anaPerson = await person('ana', ['learner'], [{ mbox: ana.mbox }]);
  await person('bob', ['learner'], [{ mbox: bob.mbox }]);
  return {
    tenantId,
    anaId: anaPerson.id,
    ids: { anaCompletedA1, anaAttemptedA2, anaCompletedOther, bobCompletedA1 },
    admin: await signIn(tenantId, 'admin'),
    consumer: await signIn(tenantId, 'consumer'),
    ana: await signIn(tenantId, 'ana'),
    bob: await signIn(tenantId, 'bob'),
  };
}

const policyBody = (lawfulBasis: string, scope: Record<string, unknown> = {}) => ({
  grantee: { kind: 'role', id: 'consumer' },
  purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students in course A' },
  lawfulBasis,
  scope: { activityPrefixes: [COURSE], verbs: [completed.id], ...scope },
});

async function createPolicy(admin: Caller, lawfulBasis: string, scope?: Record<string, unknown>) {
  const res = await admin('POST', '/api/v1/policies', policyBody(lawfulBasis, scope));
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
}

describe('institution policies and learner consent', () => {
  it('consent: nothing until the learner grants, exactly their in-scope statements after, nothing once revoked', async () => {
    const t = await aTenantWithRecords();
    expect((await t.consumer.read()).status).toBe(403); // no policy: default deny
    const policy = await createPolicy(t.admin, 'consent');
    expect(await t.consumer.read()).toMatchObject({ status: 200, ids: [] });

    const requests = await t.ana('GET', '/api/v1/me/consent-requests');
    expect(requests.status).toBe(200);
    expect(requests.body).toEqual([
      expect.objectContaining({ policy: expect.objectContaining({ id: policy.id }), grant: null }),
    ]);

    const granted = await t.ana('POST', '/api/v1/me/grants', { policyId: policy.id });
    expect(granted.status).toBe(201);
    const receipt = granted.body as Receipt;
    expect(receipt).toMatchObject({
      status: 'granted',
      controller: { tenantId: t.tenantId },
      dataSubject: { personId: t.anaId },
      recipient: { kind: 'role', id: 'consumer' },
      purpose: { code: 'tutoring' },
      lawfulBasis: 'consent',
      policy: { id: policy.id, version: 1 },
      expiry: null,
    });
    expect((await t.ana('GET', `/api/v1/me/receipts/${receipt.receiptId}`)).body).toEqual(receipt);
    expect((await t.bob('GET', `/api/v1/me/receipts/${receipt.receiptId}`)).status).toBe(404);

    // Ana's completion in course A only: not her attempt (verb), not the other course (prefix), not Bob's.
    expect((await t.consumer.read()).ids).toEqual([t.ids.anaCompletedA1]);
    expect((await t.consumer.read({ statementId: t.ids.bobCompletedA1 })).status).toBe(404);
    expect((await t.consumer.read({ statementId: t.ids.anaCompletedOther })).status).toBe(404);

    const revoked = await t.ana('DELETE', `/api/v1/me/grants/${receipt.record.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', record: { id: receipt.record.id } });
    expect((await t.consumer.read()).ids).toEqual([]);
    expect((await t.consumer.read({ statementId: t.ids.anaCompletedA1 })).status).toBe(404);
  });

  it('consent: a grant narrower than the policy narrows what is read; a wider one is a 400 naming the field', async () => {
    const t = await aTenantWithRecords();
    const policy = await createPolicy(t.admin, 'consent', { verbs: [completed.id, attempted.id] });
    const wider = await t.ana('POST', '/api/v1/me/grants', {
      policyId: policy.id,
      scope: { activityPrefixes: ['https://example.org/'] },
    });
    expect(wider.status).toBe(400);
    expect(JSON.stringify(wider.body)).toContain('scope.activityPrefixes[0]');
    const narrow = await t.ana('POST', '/api/v1/me/grants', {
      policyId: policy.id,
      scope: { activityPrefixes: [`${COURSE}2`] },
    });
    expect(narrow.status).toBe(201);
    expect((await t.consumer.read()).ids).toEqual([t.ids.anaAttemptedA2]);
  });

  it('consent: a grant gives access until its expiry, nothing after', async () => {
    const t = await aTenantWithRecords();
    const policy = await createPolicy(t.admin, 'consent');
    const res = await t.ana('POST', '/api/v1/me/grants', {
      policyId: policy.id,
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect(res.status).toBe(201);
    expect((res.body as Receipt).expiry).not.toBeNull();
    expect((await t.consumer.read()).ids).toEqual([t.ids.anaCompletedA1]);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await t.consumer.read()).ids).toEqual([]);
  });

  it('consent: a grant whose expiry is not in the future is a 400 naming expiresAt, and nothing is stored', async () => {
    const t = await aTenantWithRecords();
    const policy = await createPolicy(t.admin, 'consent');
    for (const expiresAt of [new Date(Date.now() - 60_000).toISOString(), '2001-01-01T00:00:00Z']) {
      const res = await t.ana('POST', '/api/v1/me/grants', { policyId: policy.id, expiresAt });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ message: expect.stringContaining('expiresAt') });
      expect(JSON.stringify(res.body)).toContain('"path":"expiresAt"');
    }
    // No grant, no receipt: the consent request is still open, and the consumer reads nothing of Ana.
    const requests = (await t.ana('GET', '/api/v1/me/consent-requests')).body as { grant: unknown }[];
    expect(requests.map((r) => r.grant)).toEqual([null]);
    expect((await t.consumer.read()).ids).toEqual([]);
    // A grant without expiry is what the learner can give instead; its record is the only one in the log.
    expect((await t.ana('POST', '/api/v1/me/grants', { policyId: policy.id })).status).toBe(201);
    const grantRecords = async () => {
      const log = (await t.ana('GET', '/api/v1/me/access-log')).body as { entries: { action: string }[] };
      return log.entries.filter((e) => e.action === 'grant.create').length;
    };
    await expect.poll(grantRecords, { timeout: 5000 }).toBeGreaterThan(0);
    expect(await grantRecords()).toBe(1);
  });

  it('a policy time window whose storedUntil is not after storedFrom is a 400 naming the field', async () => {
    const t = await aTenantWithRecords();
    for (const scope of [
      { storedFrom: '2026-02-01T00:00:00Z', storedUntil: '2026-01-01T00:00:00Z' },
      { storedFrom: '2026-01-01T00:00:00Z', storedUntil: '2026-01-01T00:00:00.000+00:00' },
    ]) {
      const res = await t.admin('POST', '/api/v1/policies', { ...policyBody('consent'), scope });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('scope.storedUntil');
    }
    expect((await t.admin('GET', '/api/v1/policies')).body).toEqual([]);
    const ok = await t.admin('POST', '/api/v1/policies', {
      ...policyBody('consent'),
      scope: { storedFrom: '2026-01-01T00:00:00Z', storedUntil: '2026-01-01T00:00:01Z' },
    });
    expect(ok.status).toBe(201);
  });

  it('legitimate interest: reads until the learner objects, nothing of theirs after, again once withdrawn', async () => {
    const t = await aTenantWithRecords();
    const policy = await createPolicy(t.admin, 'legitimate-interest');
    const both = [t.ids.anaCompletedA1, t.ids.bobCompletedA1].sort();
    expect((await t.consumer.read()).ids).toEqual(both);

    const objected = await t.ana('POST', '/api/v1/me/objections', { policyId: policy.id });
    expect(objected.status).toBe(201);
    expect(objected.body).toMatchObject({ status: 'objected', lawfulBasis: 'legitimate-interest' });
    expect((await t.consumer.read()).ids).toEqual([t.ids.bobCompletedA1]);
    expect((await t.consumer.read({ statementId: t.ids.anaCompletedA1 })).status).toBe(404);

    const withdrawn = await t.ana('DELETE', `/api/v1/me/objections/${(objected.body as Receipt).record.id}`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'objection-withdrawn' });
    expect((await t.consumer.read()).ids).toEqual(both);
  });

  it('legal obligation: an objection is refused with 400 and reads continue; consent policies cannot be objected to', async () => {
    const t = await aTenantWithRecords();
    const legal = await createPolicy(t.admin, 'legal-obligation');
    const refused = await t.ana('POST', '/api/v1/me/objections', { policyId: legal.id });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('policyId');
    expect((await t.consumer.read()).ids).toEqual([t.ids.anaCompletedA1, t.ids.bobCompletedA1].sort());
    const consent = await createPolicy(t.admin, 'consent');
    expect((await t.ana('POST', '/api/v1/me/objections', { policyId: consent.id })).status).toBe(400);
  });

  it('paging with more never passes over a statement the reader may not read', async () => {
    const t = await aTenantWithRecords();
    const policy = await createPolicy(t.admin, 'public-task', {
      verbs: undefined,
      activityPrefixes: undefined,
    });
    await t.ana('POST', '/api/v1/me/objections', { policyId: policy.id });
    const seen: string[] = [];
    let page = await t.consumer.read({ limit: '1' });
    for (let i = 0; i < 10; i++) {
      seen.push(...page.ids);
      if (!page.more) break;
      const next = await t.consumer('GET', page.more);
      const body = next.body as Page;
      page = { status: next.status, ids: body.statements.map((s) => s.id as string), more: body.more };
    }
    expect(seen).toEqual([t.ids.bobCompletedA1]);
  });

  it('editing a policy makes a new version and keeps the history; only admins of the tenant manage policies', async () => {
    const t = await aTenantWithRecords();
    const policy = await createPolicy(t.admin, 'contract');
    const edited = await t.admin(
      'PUT',
      `/api/v1/policies/${policy.id}`,
      policyBody('contract', { verbs: [attempted.id] }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: policy.id, version: 2, supersededAt: null });
    const history = await t.admin('GET', `/api/v1/policies/${policy.id}/history`);
    expect(
      (history.body as { version: number; supersededAt: string | null }[]).map((v) => [
        v.version,
        v.supersededAt !== null,
      ]),
    ).toEqual([
      [1, true],
      [2, false],
    ]);
    const list = await t.admin('GET', '/api/v1/policies');
    expect((list.body as { id: string; version: number }[]).map((p) => [p.id, p.version])).toEqual([
      [policy.id, 2],
    ]);
    // The current version decides: now the attempt, no longer the completions.
    expect((await t.consumer.read()).ids).toEqual([t.ids.anaAttemptedA2]);

    expect((await t.consumer('GET', '/api/v1/policies')).status).toBe(403);
    expect((await t.ana('POST', '/api/v1/policies', policyBody('consent'))).status).toBe(403);
    const bad = await t.admin('POST', '/api/v1/policies', {
      ...policyBody('consent'),
      lawfulBasis: 'because',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('lawfulBasis');
    expect((await t.admin('PUT', `/api/v1/policies/${randomUUID()}`, policyBody('contract'))).status).toBe(
      404,
    );
  });

  it('another tenant is unaffected: its admin, consumer and learners see nothing of this policy', async () => {
    const t = await aTenantWithRecords();
    const other = await aTenantWithRecords();
    const policy = await createPolicy(t.admin, 'legal-obligation');
    expect((await t.consumer.read()).ids).toHaveLength(2);
    expect((await other.consumer.read()).status).toBe(403);
    expect((await other.admin('GET', `/api/v1/policies/${policy.id}/history`)).status).toBe(404);
    expect((await other.admin('PUT', `/api/v1/policies/${policy.id}`, policyBody('contract'))).status).toBe(
      404,
    );
    expect((await other.ana('POST', '/api/v1/me/grants', { policyId: policy.id })).status).toBe(404);
    expect((await other.ana('POST', '/api/v1/me/objections', { policyId: policy.id })).status).toBe(404);
  });
});
