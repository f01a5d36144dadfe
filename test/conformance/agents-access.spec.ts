// xAPI 2.0 Communication §2.6 (Agents resource) under DESIGN "Access model": the Person object combines every
// identifier linked to the learner, which reveals identifier links, so only for a caller who may read that
// learner (reads the whole tenant, is that learner, or may read a statement about them). Anyone else who may
// read statements gets a Person of just the Agent they asked about; the decision is audited either way.
import { createHash } from 'node:crypto';

import { aLearner, aStatement, aVerb } from '@custos/testing';
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

const COURSE = 'https://example.org/courses/agents/';
const completed = aVerb('completed');
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const agentsPath = (agent: Record<string, unknown>) =>
  `/xapi/agents?agent=${encodeURIComponent(JSON.stringify(agent))}`;

/** A tenant where Ana (mbox + account) has a statement in the course; people and credentials around her. */
async function aTenant() {
  const lms = await lrs.client();
  const { tenantId } = lms;
  const ana = aLearner();
  const account = { homePage: 'https://lms.example.org', name: `ana-${tenantId}` };
  expect(
    (
      await lms.postStatements(
        aStatement({ actor: ana, verb: completed, object: { objectType: 'Activity', id: `${COURSE}1` } }),
      )
    ).status,
  ).toBe(200);
  const person = (
    username: string,
    roles: ('learner' | 'admin' | 'consumer')[],
    agents: Record<string, unknown>[] = [],
  ) => lrs.people.create(tenantId, { username, password: `${username}-password-123`, roles, agents });
  await person('admin', ['admin']);
  await person('consumer', ['consumer']);
  await person('ana', ['learner'], [{ mbox: ana.mbox }, { account }]);
  const signIn = (username: string) => lrs.signIn(tenantId, username, `${username}-password-123`);
  const asPerson = async (username: string) => {
    const { call } = await signIn(username);
    return (agent: Record<string, unknown>) => call('GET', agentsPath(agent));
  };
  return {
    tenantId,
    ana,
    account,
    /** The Person with every identifier of Ana; the name comes from the asked Agent only. */
    whole: {
      objectType: 'Person',
      name: [ana.name],
      mbox: [ana.mbox],
      mbox_sha1sum: [sha1(ana.mbox)],
      account: [account],
    },
    /** The Person of just the asked Agent. */
    asked: { objectType: 'Person', name: [ana.name], mbox: [ana.mbox] },
    admin: await signIn('admin'),
    consumer: await asPerson('consumer'),
    anaSelf: await asPerson('ana'),
  };
}

const auditDecisions = async (tenantId: string): Promise<string[]> => {
  const { rows } = await db.query<{ decision: string }>(
    `SELECT decision FROM storage.audit_record WHERE tenant_id = $1 AND action = 'agents.read' ORDER BY seq`,
    [tenantId],
  );
  return rows.map((r) => r.decision);
};

describe('Agents resource: identifier links only for those who may read the learner', () => {
  it('a consumer sees every identifier while Ana grants, only the asked one before and after revocation', async () => {
    const t = await aTenant();
    const policy = await t.admin.call('POST', '/api/v1/policies', {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students' },
      lawfulBasis: 'consent',
      scope: { activityPrefixes: [COURSE] },
    });
    expect(policy.status).toBe(201);
    const ana = await lrs.signIn(t.tenantId, 'ana', 'ana-password-123');

    const before = await t.consumer({ mbox: t.ana.mbox, name: t.ana.name });
    expect(before).toEqual({ status: 200, body: t.asked });

    const grant = await ana.call('POST', '/api/v1/me/grants', {
      policyId: (policy.body as { id: string }).id,
    });
    expect(grant.status).toBe(201);
    expect(await t.consumer({ mbox: t.ana.mbox, name: t.ana.name })).toEqual({ status: 200, body: t.whole });
    // Asked by another of her identifiers, the Person is the same set of identifiers.
    const byAccount = await t.consumer({ account: t.account });
    expect(byAccount.status).toBe(200);
    expect(byAccount.body).toEqual({
      objectType: 'Person',
      account: [t.account],
      mbox: [t.ana.mbox],
      mbox_sha1sum: [sha1(t.ana.mbox)],
    });

    const grantId = (grant.body as { record: { id: string } }).record.id;
    expect((await ana.call('DELETE', `/api/v1/me/grants/${grantId}`)).status).toBe(200);
    expect(await t.consumer({ mbox: t.ana.mbox, name: t.ana.name })).toEqual({ status: 200, body: t.asked });

    expect(await auditDecisions(t.tenantId)).toEqual(['deny', 'allow', 'allow', 'deny']);
  });

  it('a credential reading the whole tenant sees every identifier, even of a learner with no statements', async () => {
    const t = await aTenant();
    const reader = await lrs.client({ scopes: ['statements/read'], tenantId: t.tenantId });
    const res = await reader.request('GET', agentsPath({ mbox: t.ana.mbox, name: t.ana.name }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(t.whole);

    const carl = aLearner();
    await lrs.people.create(t.tenantId, {
      username: 'carl',
      roles: ['learner'],
      agents: [{ mbox: carl.mbox }, { openid: 'https://id.example.org/carl' }],
    });
    const carlRes = await reader.request('GET', agentsPath({ mbox: carl.mbox }));
    expect(carlRes.body).toEqual({
      objectType: 'Person',
      mbox: [carl.mbox],
      mbox_sha1sum: [sha1(carl.mbox)],
      openid: ['https://id.example.org/carl'],
    });
  });

  it('a credential that wrote nothing about her (statements/read/mine) sees only the asked identifier', async () => {
    const t = await aTenant();
    const mine = await lrs.client({ scopes: ['statements/read/mine'], tenantId: t.tenantId });
    const res = await mine.request('GET', agentsPath({ mbox: t.ana.mbox, name: t.ana.name }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(t.asked);
    expect(await auditDecisions(t.tenantId)).toEqual(['deny']);
  });

  it('another tenant sees only the asked identifier, even reading everything of its own tenant', async () => {
    const t = await aTenant();
    const stranger = await lrs.client({ scopes: ['all'] });
    const res = await stranger.request('GET', agentsPath({ mbox: t.ana.mbox, name: t.ana.name }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(t.asked);
  });

  it('Ana sees her own identifiers; a credential without a read scope gets 403', async () => {
    const t = await aTenant();
    expect(await t.anaSelf({ mbox: t.ana.mbox, name: t.ana.name })).toEqual({ status: 200, body: t.whole });
    const writer = await lrs.client({ scopes: ['statements/write'], tenantId: t.tenantId });
    expect((await writer.request('GET', agentsPath({ mbox: t.ana.mbox }))).status).toBe(403);
    expect(await auditDecisions(t.tenantId)).toEqual(['allow', 'deny']);
  });

  it('a co-member of a group statement sees only the asked identifier of the other member, not her links', async () => {
    // Bea reads the group statement through self access because she is a member; that statement is about Ana
    // too, but self access is Bea's right to her own records, not to learn which other identifiers Ana has.
    const t = await aTenant();
    const bea = aLearner();
    const lms = await lrs.client({ scopes: ['all'], tenantId: t.tenantId });
    const group = { objectType: 'Group', member: [t.ana, bea] };
    expect(
      (
        await lms.postStatements(
          aStatement({
            actor: group,
            verb: completed,
            object: { objectType: 'Activity', id: `${COURSE}team` },
          }),
        )
      ).status,
    ).toBe(200);
    await lrs.people.create(t.tenantId, {
      username: 'bea',
      password: 'bea-password-123',
      roles: ['learner'],
      agents: [{ mbox: bea.mbox }],
    });
    const { call } = await lrs.signIn(t.tenantId, 'bea', 'bea-password-123');
    const own = await call('GET', `/xapi/statements?activity=${encodeURIComponent(`${COURSE}team`)}`);
    expect((own.body as { statements: unknown[] }).statements).toHaveLength(1);

    expect(await call('GET', agentsPath({ mbox: t.ana.mbox, name: t.ana.name }))).toEqual({
      status: 200,
      body: t.asked,
    });
    // Ana herself still sees all of hers; so does a reader of the whole tenant.
    expect(await t.anaSelf({ mbox: t.ana.mbox, name: t.ana.name })).toEqual({ status: 200, body: t.whole });
    expect(await auditDecisions(t.tenantId)).toEqual(['deny', 'allow']);
  });

  it('a learner with no statements yet still sees their own identifiers', async () => {
    const t = await aTenant();
    const dora = aLearner();
    await lrs.people.create(t.tenantId, {
      username: 'dora',
      password: 'dora-password-123',
      roles: ['learner'],
      agents: [{ mbox: dora.mbox }, { account: { homePage: 'https://lms.example.org', name: 'dora' } }],
    });
    const { call } = await lrs.signIn(t.tenantId, 'dora', 'dora-password-123');
    const res = await call('GET', agentsPath({ mbox: dora.mbox }));
    expect(res).toEqual({
      status: 200,
      body: {
        objectType: 'Person',
        mbox: [dora.mbox],
        mbox_sha1sum: [sha1(dora.mbox)],
        account: [{ homePage: 'https://lms.example.org', name: 'dora' }],
      },
    });
    // …but not Ana's, about whom she may read nothing.
    expect(await call('GET', agentsPath({ mbox: t.ana.mbox }))).toEqual({
      status: 200,
      body: { objectType: 'Person', mbox: [t.ana.mbox] },
    });
  });
});
