// DESIGN "Access model" steps 4-5 — what keeps policies, grants and objections unambiguous: a policy's grantee
// must exist in the tenant (400 naming `grantee.id`, nothing stored); a learner holds at most one active grant
// per policy and one standing objection per policy (409, even for concurrent requests); revoking a revoked
// grant or withdrawing a withdrawn objection changes nothing and answers with the same receipt.
import { randomUUID } from 'node:crypto';

import { aLearner, aStatement } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;
type Receipt = { receiptId: string; status: string; record: { id: string } };

async function readIds(call: Call): Promise<string[]> {
  const r = await call('GET', '/xapi/statements');
  expect(r.status).toBe(200);
  return ((r.body as { statements: { id: string }[] }).statements ?? []).map((s) => s.id);
}

/** A tenant with one statement about Ana, an admin, a consumer and Ana signed in. */
async function aTenant() {
  const lms = await lrs.client();
  const tenantId = lms.tenantId;
  const ana = aLearner();
  const [statementId] = (await lms.postStatements([aStatement({ actor: ana })])).body as [string];
  const person = async (username: string, roles: ('learner' | 'admin' | 'consumer')[], agents = [{}]) => {
    const created = await lrs.people.create(tenantId, {
      username,
      password: `${username}-password-123`,
      roles,
      agents: roles.includes('learner') ? agents : [],
    });
    return { id: created.id, call: (await lrs.signIn(tenantId, username, `${username}-password-123`)).call };
  };
  const admin = await person('admin', ['admin']);
  const consumer = await person('consumer', ['consumer']);
  const anaPerson = await person('ana', ['learner'], [{ mbox: ana.mbox }]);
  return {
    tenantId,
    statementId,
    admin: admin.call,
    consumer: consumer.call,
    ana: anaPerson.call,
    anaId: anaPerson.id,
  };
}

const body = (
  lawfulBasis: string,
  grantee: { kind: string; id: string } = { kind: 'role', id: 'consumer' },
) => ({
  grantee,
  purpose: { code: 'tutoring', text: 'Tutors follow their students' },
  lawfulBasis,
  scope: {},
});

async function createPolicy(admin: Call, lawfulBasis: string): Promise<string> {
  const res = await admin('POST', '/api/v1/policies', body(lawfulBasis));
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

describe('policy grantees must exist in the tenant', () => {
  it('refuses a credential, group or person id the tenant does not have, or an unknown role, with a 400 naming grantee.id', async () => {
    const t = await aTenant();
    const other = await lrs.client();
    const foreignCredential = await lrs.credentials.create(['statements/read'], other.tenantId);
    const revoked = await lrs.credentials.create(['statements/read'], t.tenantId);
    await lrs.credentials.revoke(revoked.key);
    for (const grantee of [
      { kind: 'credential', id: randomUUID() },
      { kind: 'credential', id: foreignCredential.id },
      { kind: 'credential', id: revoked.id },
      { kind: 'credential', id: 'not-a-uuid' },
      { kind: 'group', id: randomUUID() },
      { kind: 'person', id: randomUUID() },
      { kind: 'role', id: 'teacher' },
    ]) {
      const res = await t.admin('POST', '/api/v1/policies', body('legal-obligation', grantee));
      expect({ grantee, status: res.status }).toEqual({ grantee, status: 400 });
      expect(JSON.stringify(res.body)).toContain('grantee.id');
    }
    expect((await t.admin('GET', '/api/v1/policies')).body).toEqual([]);
  });

  it('accepts a credential, group, person and role of the tenant, and checks the grantee of an edit too', async () => {
    const t = await aTenant();
    const reader = await lrs.credentials.create(['statements/write'], t.tenantId);
    const group = await t.admin('POST', '/api/v1/groups', { name: 'tutors' });
    expect(group.status).toBe(201);
    const ids: string[] = [];
    for (const grantee of [
      { kind: 'credential', id: reader.id },
      { kind: 'group', id: (group.body as { id: string }).id },
      { kind: 'person', id: t.anaId },
      { kind: 'role', id: 'auditor' },
    ]) {
      const res = await t.admin('POST', '/api/v1/policies', body('legal-obligation', grantee));
      expect({ grantee, status: res.status }).toEqual({ grantee, status: 201 });
      ids.push((res.body as { id: string }).id);
    }
    const edit = await t.admin(
      'PUT',
      `/api/v1/policies/${ids[0]}`,
      body('legal-obligation', { kind: 'person', id: randomUUID() }),
    );
    expect(edit.status).toBe(400);
    expect(JSON.stringify(edit.body)).toContain('grantee.id');
    const history = await t.admin('GET', `/api/v1/policies/${ids[0]}/history`);
    expect((history.body as unknown[]).length).toBe(1);
  });
});

describe('one active grant per learner and policy', () => {
  it('answers 409 to a second grant while the first is active; after revoking, granting again works', async () => {
    const t = await aTenant();
    const policyId = await createPolicy(t.admin, 'consent');
    const first = await t.ana('POST', '/api/v1/me/grants', { policyId });
    expect(first.status).toBe(201);
    const again = await t.ana('POST', '/api/v1/me/grants', {
      policyId,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(again.status).toBe(409);
    expect((again.body as { message: string }).message).toMatch(/already hold an active grant.*revoke/);

    expect((await t.ana('DELETE', `/api/v1/me/grants/${(first.body as Receipt).record.id}`)).status).toBe(
      200,
    );
    expect((await t.ana('POST', '/api/v1/me/grants', { policyId })).status).toBe(201);
  });

  it('lets a learner grant again once their grant has expired or the policy was edited', async () => {
    const t = await aTenant();
    const policyId = await createPolicy(t.admin, 'consent');
    const expired = await t.ana('POST', '/api/v1/me/grants', {
      policyId,
      expiresAt: new Date(Date.now() + 1000).toISOString(),
    });
    expect(expired.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await t.ana('POST', '/api/v1/me/grants', { policyId })).status).toBe(201);

    expect((await t.admin('PUT', `/api/v1/policies/${policyId}`, body('consent'))).status).toBe(200);
    expect((await t.ana('POST', '/api/v1/me/grants', { policyId })).status).toBe(201);
    expect(await readIds(t.consumer)).toEqual([t.statementId]);
  });

  it('stores exactly one active grant when the same grant is requested concurrently', async () => {
    const t = await aTenant();
    const policyId = await createPolicy(t.admin, 'consent');
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => t.ana('POST', '/api/v1/me/grants', { policyId })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await readIds(t.consumer)).toEqual([t.statementId]);
    // Revoking the one grant that was stored leaves nothing readable: no second active grant exists.
    const granted = answers.find((a) => a.status === 201)!.body as Receipt;
    expect((await t.ana('DELETE', `/api/v1/me/grants/${granted.record.id}`)).status).toBe(200);
    expect(await readIds(t.consumer)).toEqual([]);
    const requests = (await t.ana('GET', '/api/v1/me/consent-requests')).body as { grant: unknown }[];
    expect(requests.map((r) => r.grant)).toEqual([null]);
  });

  it('revoking a revoked grant is a 200 with the receipt of the first revocation', async () => {
    const t = await aTenant();
    const policyId = await createPolicy(t.admin, 'consent');
    const grant = (await t.ana('POST', '/api/v1/me/grants', { policyId })).body as Receipt;
    const revoked = await t.ana('DELETE', `/api/v1/me/grants/${grant.record.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked' });
    const again = await t.ana('DELETE', `/api/v1/me/grants/${grant.record.id}`);
    expect(again).toEqual(revoked);
  });
});

describe('one standing objection per learner and policy', () => {
  it('answers 409 to a second objection while the first stands, concurrent ones included; withdrawing twice gives the same receipt', async () => {
    const t = await aTenant();
    const policyId = await createPolicy(t.admin, 'legitimate-interest');
    const answers = await Promise.all(
      Array.from({ length: 3 }, () => t.ana('POST', '/api/v1/me/objections', { policyId })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const conflict = answers.find((a) => a.status === 409)!;
    expect((conflict.body as { message: string }).message).toMatch(/already object/);
    expect(await readIds(t.consumer)).toEqual([]);

    const objection = answers.find((a) => a.status === 201)!.body as Receipt;
    const withdrawn = await t.ana('DELETE', `/api/v1/me/objections/${objection.record.id}`);
    expect(withdrawn.status).toBe(200);
    expect(await t.ana('DELETE', `/api/v1/me/objections/${objection.record.id}`)).toEqual(withdrawn);
    expect(await readIds(t.consumer)).toEqual([t.statementId]);

    // Withdrawn, the learner may object again.
    expect((await t.ana('POST', '/api/v1/me/objections', { policyId })).status).toBe(201);
    expect(await readIds(t.consumer)).toEqual([]);
  });

  it('refuses an objection to a consent or legal-obligation policy with a 400 saying why', async () => {
    const t = await aTenant();
    for (const basis of ['consent', 'legal-obligation']) {
      const policyId = await createPolicy(t.admin, basis);
      const res = await t.ana('POST', '/api/v1/me/objections', { policyId });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(`resting on ${basis} cannot be objected to`);
    }
  });
});
