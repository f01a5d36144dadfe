// Issue 5, "What is recorded": every consent grant, revocation and objection, every policy, role, group and
// credential change, and every login failure has one record in the tenant's audit chain — who, what, the ids
// involved (never a secret, password or username), why they could, the request, and the learners concerned by
// pseudonymous key. The record follows the change through consent's outbox (docs/audit.md "Changes and login
// failures"), a moment later: the tests wait for it, within a bound.
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';

import type { AuditRecordedV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { aLearner, waitFor } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { credentialFactory } from '../harness/credentials.js';
import { peopleFactory } from '../harness/people.js';
import { useConformanceLrs } from './lrs.js';

const pseudonymKey = randomBytes(32).toString('hex');
const lrs = useConformanceLrs({ CUSTOS_AUDIT_PSEUDONYM_KEY: pseudonymKey });
let db: pg.Pool;

beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
});
afterAll(async () => {
  await db?.end();
});

interface Row {
  seq: string;
  principal_id: string;
  principal_kind: string;
  action: string;
  resource: string;
  query: Record<string, unknown>;
  decision: string;
  count: number;
  reason: string | null;
  request_id: string | null;
  basis: unknown;
  learner_keys: string[] | null;
  event_id: string | null;
}

/** The tenant's change records (reads have records of their own), in chain order. */
async function changesOf(tenantId: string): Promise<Row[]> {
  const { rows } = await db.query<Row>(
    `SELECT r.seq::text AS seq, r.principal_id, r.principal_kind, r.action, r.resource, r.query, r.decision,
            r.count, r.reason, r.request_id, r.basis, r.learner_keys, r.event_id
       FROM storage.audit_record r
      WHERE r.tenant_id = $1 AND r.resource IN ('grant', 'objection', 'policy', 'person', 'group', 'credential', 'login')
      ORDER BY r.seq`,
    [tenantId],
  );
  return rows;
}

/** Waits (bounded) until `done` holds for the tenant's change records, then a little longer to catch extras. */
async function settled(tenantId: string, done: (rows: Row[]) => boolean, timeoutMs = 30_000): Promise<Row[]> {
  await waitFor('the change records', async () => done(await changesOf(tenantId)), timeoutMs);
  await new Promise((r) => setTimeout(r, 300));
  return changesOf(tenantId);
}

/**
 * The records of one action in the order of the changes (docs/audit.md "Delay": the chain's order is the order
 * records were sequenced, which for changes made moments apart can differ; `query.changedAt` is the change's time).
 */
const byAction = (rows: Row[], action: string) =>
  rows.filter((r) => r.action === action).sort((a, b) => changedAt(a).localeCompare(changedAt(b)));
const changedAt = (row: Row): string => (typeof row.query.changedAt === 'string' ? row.query.changedAt : '');

/** docs/audit.md "Keys": HMAC-SHA256(pseudonym key, tenantId + ":" + identifier hash), hex. */
const learnerKey = (tenantId: string, ifiHash: string): string =>
  createHmac('sha256', Buffer.from(pseudonymKey, 'hex')).update(`${tenantId}:${ifiHash}`).digest('hex');

async function learnerKeysOf(tenantId: string, personId: string): Promise<string[]> {
  const { rows } = await db.query<{ ifi_hash: string }>(
    `SELECT ifi_hash FROM consent.person_agent WHERE person_id = $1`,
    [personId],
  );
  return rows.map((r) => learnerKey(tenantId, r.ifi_hash)).sort();
}

const verify = (tenantId: string) => lrs.app.get(MessageBus).request('storage.v1.audit.verify', { tenantId });

type Call = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown; requestId: string }>;

/** Logs in and returns a caller that sends its own X-Request-Id with each request. */
async function signIn(tenantId: string, username: string, password: string): Promise<Call> {
  const { token } = await lrs.signIn(tenantId, username, password);
  return async (method, path, body) => {
    const requestId = `req-${randomUUID()}`;
    const res = await fetch(`${lrs.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        'X-Request-Id': requestId,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined, requestId };
  };
}

const login = (tenant: string, username: string, password: string) =>
  fetch(`${lrs.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  });

const policyBody = (lawfulBasis: string) => ({
  grantee: { kind: 'role', id: 'consumer' },
  purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students' },
  lawfulBasis,
  scope: { activityPrefixes: ['https://example.org/courses/a/'] },
});

const PASSWORD = 'a-password-123';
const ADMIN_BASIS = [{ kind: 'role', role: 'admin' }];

/** A tenant with an admin and a learner (made through the operator's service path, as `custos users` does). */
async function aTenant() {
  const tenantId = `tenant-${randomUUID()}`;
  const admin = await lrs.people.create(tenantId, {
    username: 'admin',
    password: PASSWORD,
    roles: ['admin'],
  });
  const ana = await lrs.people.create(tenantId, {
    username: 'ana',
    password: PASSWORD,
    roles: ['learner'],
    agents: [{ mbox: aLearner().mbox }],
  });
  return {
    tenantId,
    adminId: admin.id,
    anaId: ana.id,
    admin: await signIn(tenantId, 'admin', PASSWORD),
    ana: await signIn(tenantId, 'ana', PASSWORD),
  };
}

describe('consent changes in the audit chain', () => {
  it('records each policy change, grant, revocation, objection and withdrawal once, with its actor and ids', async () => {
    const t = await aTenant();
    const created = await t.admin('POST', '/api/v1/policies', policyBody('consent'));
    expect(created.status).toBe(201);
    const policy = created.body as { id: string };
    const granted = await t.ana('POST', '/api/v1/me/grants', { policyId: policy.id });
    expect(granted.status).toBe(201);
    const grant = granted.body as { receiptId: string; record: { id: string } };
    // A change that fails (a second active grant is a 409) records nothing.
    expect((await t.ana('POST', '/api/v1/me/grants', { policyId: policy.id })).status).toBe(409);
    const revoked = await t.ana('DELETE', `/api/v1/me/grants/${grant.record.id}`);
    expect(revoked.status).toBe(200);
    // Revoking again changes nothing, so it is not recorded again.
    expect((await t.ana('DELETE', `/api/v1/me/grants/${grant.record.id}`)).status).toBe(200);
    const li = await t.admin('POST', '/api/v1/policies', policyBody('legitimate-interest'));
    const liPolicy = li.body as { id: string };
    const objected = await t.ana('POST', '/api/v1/me/objections', { policyId: liPolicy.id });
    expect(objected.status).toBe(201);
    const objection = objected.body as { receiptId: string; record: { id: string } };
    const withdrawn = await t.ana('DELETE', `/api/v1/me/objections/${objection.record.id}`);
    expect(withdrawn.status).toBe(200);
    const updated = await t.admin('PUT', `/api/v1/policies/${policy.id}`, policyBody('consent'));
    expect(updated.status).toBe(200);

    const rows = await settled(t.tenantId, (r) => byAction(r, 'policy.update').length > 0);
    const consent = rows.filter((r) => ['grant', 'objection', 'policy'].includes(r.resource));
    expect(consent.map((r) => r.action)).toEqual([
      'policy.create',
      'grant.create',
      'grant.revoke',
      'policy.create',
      'objection.create',
      'objection.withdraw',
      'policy.update',
    ]);
    const anaKeys = await learnerKeysOf(t.tenantId, t.anaId);
    expect(anaKeys.length).toBeGreaterThan(0);
    const byAna = {
      principal_id: t.anaId,
      principal_kind: 'person',
      decision: 'allow',
      count: 1,
      reason: null,
      basis: [{ kind: 'self' }],
      learner_keys: anaKeys,
      event_id: expect.any(String),
    };
    expect(byAction(rows, 'grant.create')).toEqual([
      {
        ...byAna,
        seq: expect.any(String),
        action: 'grant.create',
        resource: 'grant',
        query: {
          policyId: policy.id,
          policyVersion: 1,
          grantId: grant.record.id,
          receiptId: grant.receiptId,
          personId: t.anaId,
          changedAt: expect.any(String),
        },
        request_id: granted.requestId,
      },
    ]);
    expect(byAction(rows, 'grant.revoke')).toEqual([
      expect.objectContaining({
        ...byAna,
        query: expect.objectContaining({
          grantId: grant.record.id,
          receiptId: (revoked.body as { receiptId: string }).receiptId,
        }),
        request_id: revoked.requestId,
      }),
    ]);
    expect(byAction(rows, 'objection.create')).toEqual([
      expect.objectContaining({
        ...byAna,
        resource: 'objection',
        query: expect.objectContaining({ policyId: liPolicy.id, objectionId: objection.record.id }),
        request_id: objected.requestId,
      }),
    ]);
    expect(byAction(rows, 'objection.withdraw')).toEqual([
      expect.objectContaining({ ...byAna, request_id: withdrawn.requestId }),
    ]);
    expect(byAction(rows, 'policy.update')).toEqual([
      expect.objectContaining({
        principal_id: t.adminId,
        principal_kind: 'person',
        resource: 'policy',
        query: {
          policyId: policy.id,
          policyVersion: 2,
          grantee: { kind: 'role', id: 'consumer' },
          lawfulBasis: 'consent',
          purposeCode: 'tutoring',
          changedAt: expect.any(String),
        },
        basis: ADMIN_BASIS,
        learner_keys: null,
        request_id: updated.requestId,
      }),
    ]);
    expect(byAction(rows, 'policy.create')[0]).toMatchObject({ request_id: created.requestId });
    expect(await verify(t.tenantId)).toMatchObject({ ok: true });
  });
});

describe('people, role and group changes in the audit chain', () => {
  it('records who created and changed a person, which fields (never a password), and the learners concerned', async () => {
    const t = await aTenant();
    const first = aLearner();
    const second = aLearner();
    const made = await t.admin('POST', '/api/v1/people', {
      username: 'bo',
      password: 'bo-secret-password',
      roles: ['learner'],
      agents: [{ mbox: first.mbox }],
    });
    expect(made.status).toBe(201);
    const bo = made.body as { id: string };
    const firstKeys = await learnerKeysOf(t.tenantId, bo.id);
    // A duplicate username is refused (409) and leaves no record.
    expect((await t.admin('POST', '/api/v1/people', { username: 'bo', roles: [] })).status).toBe(409);
    const changed = await t.admin('PATCH', `/api/v1/people/${bo.id}`, {
      roles: ['consumer', 'learner'],
      password: 'another-secret-password',
      agents: [{ mbox: second.mbox }],
    });
    expect(changed.status).toBe(200);
    const secondKeys = await learnerKeysOf(t.tenantId, bo.id);

    const rows = await settled(t.tenantId, (r) => byAction(r, 'agent.link').length > 1);
    const ofBo = rows.filter((r) => r.query.personId === bo.id);
    // The records of one change are published together, so the chain may hold them in either order.
    expect(ofBo).toHaveLength(5);
    expect(ofBo).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          principal_id: t.adminId,
          principal_kind: 'person',
          action: 'person.create',
          resource: 'person',
          query: { personId: bo.id, roles: ['learner'], changedAt: expect.any(String) },
          basis: ADMIN_BASIS,
          learner_keys: firstKeys,
          request_id: made.requestId,
        }),
        // Each link and unlink has a record of its own, concerning the learner (agent-links.spec.ts).
        expect.objectContaining({
          principal_id: t.adminId,
          action: 'agent.link',
          resource: 'person',
          query: { personId: bo.id, linked: 1, changedAt: expect.any(String) },
          basis: ADMIN_BASIS,
          learner_keys: firstKeys,
          request_id: made.requestId,
        }),
        expect.objectContaining({
          principal_id: t.adminId,
          action: 'person.update',
          query: {
            personId: bo.id,
            changed: ['password', 'roles', 'agents'],
            roles: ['consumer', 'learner'],
            changedAt: expect.any(String),
          },
          // The learner identifier unlinked by the change is concerned as much as the one linked.
          learner_keys: [...firstKeys, ...secondKeys].sort(),
          request_id: changed.requestId,
        }),
        expect.objectContaining({
          action: 'agent.unlink',
          query: { personId: bo.id, unlinked: 1, changedAt: expect.any(String) },
          learner_keys: [...firstKeys, ...secondKeys].sort(),
          request_id: changed.requestId,
        }),
        expect.objectContaining({
          action: 'agent.link',
          query: { personId: bo.id, linked: 1, changedAt: expect.any(String) },
          learner_keys: secondKeys,
          request_id: changed.requestId,
        }),
      ]),
    );
    const text = JSON.stringify(rows);
    for (const secret of ['bo-secret-password', 'another-secret-password', first.mbox, second.mbox]) {
      expect(text).not.toContain(secret);
    }
  });

  it('records a group created and its members set, with who joined and who left', async () => {
    const t = await aTenant();
    const made = await t.admin('POST', '/api/v1/groups', { name: 'tutors' });
    expect(made.status).toBe(201);
    const group = made.body as { id: string };
    expect(
      (await t.admin('PUT', `/api/v1/groups/${group.id}/members`, { personIds: [t.anaId] })).status,
    ).toBe(200);
    const set = await t.admin('PUT', `/api/v1/groups/${group.id}/members`, { personIds: [t.adminId] });
    expect(set.status).toBe(200);

    const rows = await settled(t.tenantId, (r) => byAction(r, 'group.members.set').length >= 2);
    expect(byAction(rows, 'group.create')).toEqual([
      expect.objectContaining({
        principal_id: t.adminId,
        resource: 'group',
        query: { groupId: group.id, name: 'tutors', changedAt: expect.any(String) },
        basis: ADMIN_BASIS,
        request_id: made.requestId,
      }),
    ]);
    const [joined, swapped] = byAction(rows, 'group.members.set');
    expect(joined!.query).toMatchObject({ memberIds: [t.anaId], added: [t.anaId], removed: [] });
    expect(swapped).toMatchObject({
      query: { groupId: group.id, memberIds: [t.adminId], added: [t.adminId], removed: [t.anaId] },
      // Ana left the group: the change concerns her (the admin has no learner identifiers).
      learner_keys: await learnerKeysOf(t.tenantId, t.anaId),
      request_id: set.requestId,
    });
  });
});

describe('changes made with the command line', () => {
  it('are left in the outbox by the command line and recorded once the running consent part relays them', async () => {
    // The service path of `custos credentials create|revoke`: its own consent module, relay off.
    const cli = await credentialFactory(inject('databaseUrl'));
    try {
      const credential = await cli.create(['statements/read']);
      await cli.revoke(credential.key);
      // `custos users create`: the same tool path, relay off (lrs.people is the running part's, which publishes
      // at once and would race the look at the outbox below).
      const users = await peopleFactory(inject('databaseUrl'));
      const person = await users
        .create(credential.tenantId, { username: 'cy', roles: ['learner'] })
        .finally(() => users.close());
      const { rows: waiting } = await db.query<{ payload: AuditRecordedV1 }>(
        `SELECT payload FROM consent.outbox WHERE subject = 'consent.v1.audit.recorded' AND payload->>'tenantId' = $1`,
        [credential.tenantId],
      );
      expect(waiting.map((w) => w.payload.action).sort()).toEqual([
        'credential.create',
        'credential.revoke',
        'person.create',
      ]);

      // The LRS's consent relays rows older than its period (5 s): within about 10 s.
      const rows = await settled(credential.tenantId, (r) => r.length >= 3);
      expect(byAction(rows, 'person.create')).toEqual([
        expect.objectContaining({
          principal_id: 'operator',
          principal_kind: 'system',
          query: { personId: person.id, roles: ['learner'], changedAt: expect.any(String) },
        }),
      ]);
      expect(rows.filter((r) => r.resource === 'credential')).toEqual([
        expect.objectContaining({
          principal_id: 'operator',
          principal_kind: 'system',
          action: 'credential.create',
          resource: 'credential',
          query: { credentialId: credential.id, scopes: ['statements/read'], changedAt: expect.any(String) },
          basis: null,
          request_id: null,
        }),
        expect.objectContaining({
          principal_id: 'operator',
          action: 'credential.revoke',
          query: { credentialId: credential.id, changedAt: expect.any(String) },
        }),
      ]);
      expect(JSON.stringify(rows)).not.toContain(credential.secret);
      expect(JSON.stringify(rows)).not.toContain(credential.key);
      const { rows: left } = await db.query(`SELECT 1 FROM consent.outbox WHERE payload->>'tenantId' = $1`, [
        credential.tenantId,
      ]);
      expect(left).toEqual([]);
    } finally {
      await cli.close();
    }
  });
});

describe('login failures in the audit chain', () => {
  it('records a wrong password against the person, and an unknown username as anonymous, never the name', async () => {
    const t = await aTenant();
    expect((await login(t.tenantId, 'ana', 'wrong-password-1')).status).toBe(401);
    expect((await login(t.tenantId, 'nobody-here', 'wrong-password-2')).status).toBe(401);

    const rows = await settled(t.tenantId, (r) => byAction(r, 'login.failure').length >= 2);
    expect(byAction(rows, 'login.failure')).toEqual([
      expect.objectContaining({
        principal_id: t.anaId,
        principal_kind: 'person',
        resource: 'login',
        query: { method: 'password', changedAt: expect.any(String) },
        decision: 'deny',
        count: 0,
        reason: 'wrong password',
        basis: null,
        request_id: expect.any(String),
      }),
      expect.objectContaining({
        principal_id: 'anonymous',
        principal_kind: 'anonymous',
        query: {
          method: 'password',
          // Keyed like a learner identifier: a plain hash of a username could be tested against a list.
          usernameKey: learnerKey(t.tenantId, createHash('sha256').update('nobody-here').digest('hex')),
          changedAt: expect.any(String),
        },
        decision: 'deny',
      }),
    ]);
    const text = JSON.stringify(rows);
    for (const secret of ['wrong-password-1', 'wrong-password-2', 'nobody-here']) {
      expect(text).not.toContain(secret);
    }
  });

  it('records a failed HTTP Basic login against the credential', async () => {
    const client = await lrs.client({ scopes: ['statements/read'] });
    const credential = await lrs.credentials.create(['statements/read'], client.tenantId);
    const res = await fetch(`${lrs.baseUrl}/xapi/statements`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${credential.key}:not-the-secret`).toString('base64')}`,
        'X-Experience-API-Version': '1.0.3',
      },
    });
    expect(res.status).toBe(401);
    const rows = await settled(client.tenantId, (r) => byAction(r, 'login.failure').length >= 1);
    expect(byAction(rows, 'login.failure')).toEqual([
      expect.objectContaining({
        principal_id: credential.id,
        principal_kind: 'credential',
        query: { method: 'basic', changedAt: expect.any(String) },
        reason: 'wrong secret',
      }),
    ]);
  });

  it('records nothing for a tenant that does not exist', async () => {
    const tenantId = `tenant-${randomUUID()}`;
    expect((await login(tenantId, 'ana', 'whatever-password')).status).toBe(401);
    await new Promise((r) => setTimeout(r, 500));
    const { rows } = await db.query(`SELECT 1 FROM storage.audit_record WHERE tenant_id = $1`, [tenantId]);
    expect(rows).toEqual([]);
    const { rows: staged } = await db.query(`SELECT 1 FROM consent.outbox WHERE payload->>'tenantId' = $1`, [
      tenantId,
    ]);
    expect(staged).toEqual([]);
  });
});

describe('delivery', () => {
  it('records an event delivered twice once, and the chain still verifies', async () => {
    const t = await aTenant();
    const event: AuditRecordedV1 = {
      type: 'custos.consent.v1.audit_recorded',
      messageId: randomUUID(),
      tenantId: t.tenantId,
      principalId: t.adminId,
      principalKind: 'person',
      action: 'group.create',
      resource: 'group',
      query: { groupId: randomUUID() },
      decision: 'allow',
      at: new Date().toISOString(),
    };
    const bus = lrs.app.get(MessageBus);
    await bus.publish('consent.v1.audit.recorded', event, event.messageId);
    await bus.publish('consent.v1.audit.recorded', event, event.messageId);
    const rows = await settled(t.tenantId, (r) => r.some((x) => x.event_id === event.messageId));
    expect(rows.filter((r) => r.event_id === event.messageId)).toHaveLength(1);
    expect(await verify(t.tenantId)).toMatchObject({ ok: true });
  });
});
