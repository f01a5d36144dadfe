// Issue 4, "Immediate effect": every committed consent change — a grant, a revocation, an objection, its
// withdrawal, a policy created or edited — is announced once as `consent.v1.consent.changed`, through consent's
// transactional outbox, for whoever keeps data derived from learner records. A change that fails announces
// nothing. (Reads never wait for the event: access is decided in SQL at query time, see policies.spec.ts.)
import { randomUUID } from 'node:crypto';

import type { ConsentChangedV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { aLearner, waitFor } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type SignedIn, useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();
let db: pg.Pool;
const events: ConsentChangedV1[] = [];

beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
  lrs.app.get(MessageBus).consume('consent.v1.consent.changed', 'consent-events-spec', async (event) => {
    events.push(event);
  });
});
afterAll(async () => {
  await db?.end();
});

type Receipt = { receiptId: string; timestamp: string; record: { id: string } };

const policyBody = (lawfulBasis: string) => ({
  grantee: { kind: 'role', id: 'consumer' },
  purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students' },
  lawfulBasis,
  scope: { activityPrefixes: ['https://example.org/courses/a/'] },
});

async function aTenant() {
  const tenantId = `tenant-${randomUUID()}`;
  const learner = aLearner();
  const person = (username: string, roles: ('learner' | 'admin')[], agents: Record<string, unknown>[] = []) =>
    lrs.people.create(tenantId, { username, password: `${username}-password-123`, roles, agents });
  await person('admin', ['admin']);
  const ana = await person('ana', ['learner'], [{ mbox: learner.mbox }]);
  const signIn = (username: string): Promise<SignedIn> =>
    lrs.signIn(tenantId, username, `${username}-password-123`);
  return {
    tenantId,
    anaId: ana.id,
    mbox: learner.mbox,
    admin: await signIn('admin'),
    ana: await signIn('ana'),
  };
}

const eventsOf = (tenantId: string) => events.filter((e) => e.tenantId === tenantId);

/** Waits until the tenant has `count` events, then a little longer to catch any extra one. */
async function settled(tenantId: string, count: number): Promise<ConsentChangedV1[]> {
  await waitFor(`${count} consent.changed events`, async () => eventsOf(tenantId).length >= count, 5_000);
  await new Promise((r) => setTimeout(r, 200));
  return eventsOf(tenantId);
}

describe('consent.changed events', () => {
  it('announces each grant, revocation, objection, withdrawal and policy change exactly once', async () => {
    const t = await aTenant();
    const created = await t.admin.call('POST', '/api/v1/policies', policyBody('consent'));
    expect(created.status).toBe(201);
    const consentPolicy = created.body as { id: string; version: number; createdAt: string };
    const granted = await t.ana.call('POST', '/api/v1/me/grants', { policyId: consentPolicy.id });
    expect(granted.status).toBe(201);
    const grant = granted.body as Receipt;
    const revoked = await t.ana.call('DELETE', `/api/v1/me/grants/${grant.record.id}`);
    expect(revoked.status).toBe(200);

    const li = await t.admin.call('POST', '/api/v1/policies', policyBody('legitimate-interest'));
    expect(li.status).toBe(201);
    const liPolicy = li.body as { id: string; createdAt: string };
    const objected = await t.ana.call('POST', '/api/v1/me/objections', { policyId: liPolicy.id });
    expect(objected.status).toBe(201);
    const objection = objected.body as Receipt;
    const withdrawn = await t.ana.call('DELETE', `/api/v1/me/objections/${objection.record.id}`);
    expect(withdrawn.status).toBe(200);

    const updated = await t.admin.call('PUT', `/api/v1/policies/${consentPolicy.id}`, policyBody('consent'));
    expect(updated.status).toBe(200);
    const v2 = updated.body as { version: number; createdAt: string };

    const got = await settled(t.tenantId, 7);
    const base = { type: 'custos.consent.v1.consent_changed', tenantId: t.tenantId };
    const learnerChange = { ...base, personId: t.anaId, policyVersion: 1 };
    expect(got).toEqual([
      {
        ...base,
        messageId: expect.any(String),
        change: 'policy-created',
        policyId: consentPolicy.id,
        policyVersion: 1,
        at: consentPolicy.createdAt,
      },
      {
        ...learnerChange,
        messageId: expect.any(String),
        change: 'granted',
        policyId: consentPolicy.id,
        grantId: grant.record.id,
        receiptId: grant.receiptId,
        at: grant.timestamp,
      },
      {
        ...learnerChange,
        messageId: expect.any(String),
        change: 'revoked',
        policyId: consentPolicy.id,
        grantId: grant.record.id,
        receiptId: (revoked.body as Receipt).receiptId,
        at: (revoked.body as Receipt).timestamp,
      },
      {
        ...base,
        messageId: expect.any(String),
        change: 'policy-created',
        policyId: liPolicy.id,
        policyVersion: 1,
        at: liPolicy.createdAt,
      },
      {
        ...learnerChange,
        messageId: expect.any(String),
        change: 'objected',
        policyId: liPolicy.id,
        objectionId: objection.record.id,
        receiptId: objection.receiptId,
        at: objection.timestamp,
      },
      {
        ...learnerChange,
        messageId: expect.any(String),
        change: 'objection-withdrawn',
        policyId: liPolicy.id,
        objectionId: objection.record.id,
        receiptId: (withdrawn.body as Receipt).receiptId,
        at: (withdrawn.body as Receipt).timestamp,
      },
      {
        ...base,
        messageId: expect.any(String),
        change: 'policy-updated',
        policyId: consentPolicy.id,
        policyVersion: 2,
        at: v2.createdAt,
      },
    ]);
    expect(v2.version).toBe(2);
    expect(new Set(got.map((e) => e.messageId)).size).toBe(7);
    // The learner appears by person id only, never by an xAPI identifier.
    expect(JSON.stringify(got)).not.toContain(t.mbox.replace(/^mailto:/, ''));
    // Published, so the outbox kept nothing.
    const { rows } = await db.query(`SELECT id FROM consent.outbox WHERE id = ANY($1::uuid[])`, [
      got.map((e) => e.messageId),
    ]);
    expect(rows).toEqual([]);
  });

  it('announces a repeated revocation or withdrawal once, and a refused change not at all', async () => {
    const t = await aTenant();
    const policy = (await t.admin.call('POST', '/api/v1/policies', policyBody('consent'))).body as {
      id: string;
    };
    const grant = (await t.ana.call('POST', '/api/v1/me/grants', { policyId: policy.id })).body as Receipt;
    expect((await t.ana.call('DELETE', `/api/v1/me/grants/${grant.record.id}`)).status).toBe(200);
    expect((await t.ana.call('DELETE', `/api/v1/me/grants/${grant.record.id}`)).status).toBe(200);
    const li = (await t.admin.call('POST', '/api/v1/policies', policyBody('legitimate-interest'))).body as {
      id: string;
    };
    const objection = (await t.ana.call('POST', '/api/v1/me/objections', { policyId: li.id }))
      .body as Receipt;
    expect((await t.ana.call('DELETE', `/api/v1/me/objections/${objection.record.id}`)).status).toBe(200);
    expect((await t.ana.call('DELETE', `/api/v1/me/objections/${objection.record.id}`)).status).toBe(200);
    // Refused changes: an objection to a consent policy (400), revoking an unknown grant (404), a learner
    // creating a policy (403).
    expect((await t.ana.call('POST', '/api/v1/me/objections', { policyId: policy.id })).status).toBe(400);
    expect((await t.ana.call('DELETE', `/api/v1/me/grants/${randomUUID()}`)).status).toBe(404);
    expect((await t.ana.call('POST', '/api/v1/policies', policyBody('consent'))).status).toBe(403);

    const got = await settled(t.tenantId, 6);
    expect(got.map((e) => e.change)).toEqual([
      'policy-created',
      'granted',
      'revoked',
      'policy-created',
      'objected',
      'objection-withdrawn',
    ]);
  });
});
