// The admin API consent answers over the machine's real NATS and PostgreSQL, as the gateway asks it (signed
// principals): a tenant admin creates an xAPI credential (its secret answered once, only its hash kept), lists and
// revokes it (the next HTTP Basic check is refused), each change recorded in the tenant's audit chain; nobody but
// an admin of the same tenant may; and the counts of active grants and standing objections per policy.
import type { RequestSubject } from '@custos/contracts';
import type { NatsBus } from '@custos/messaging';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { aTenant } from '../../../../test/harness/credentials.js';
import { asked, type ConsentOverNats, startConsentOverNats } from './consent-over-nats.js';

let harness: ConsentOverNats;
let gateway: NatsBus;
let db: pg.Pool;

beforeAll(async () => {
  harness = await startConsentOverNats(inject('databaseUrl'), inject('natsUrl'));
  ({ gateway, db } = harness);
});

afterAll(async () => {
  await harness?.close();
});

const personOf: ConsentOverNats['personOf'] = (...args) => harness.personOf(...args);
const recorded: ConsentOverNats['recorded'] = (...args) => harness.recorded(...args);

/** The status a request is answered with: 200, or the domain error's code. */
async function statusOf<S extends RequestSubject>(subject: S, body: Parameters<NatsBus['request']>[1]) {
  try {
    await gateway.request(subject, body as never);
    return 200;
  } catch (err) {
    return (err as { status?: number }).status;
  }
}

describe('credentials administered over the bus', () => {
  it('creates a credential whose secret works once shown, lists it without the secret, and revokes it', async () => {
    const tenantId = aTenant();
    const admin = await personOf(tenantId, ['admin']);
    const created = await asked(() =>
      gateway.request('consent.v1.credentials.create', {
        principal: admin,
        credential: { name: 'Gradebook', scopes: ['statements/write', 'statements/read/mine'] },
      }),
    );
    expect(created.credential).toMatchObject({
      tenantId,
      name: 'Gradebook',
      scopes: ['statements/write', 'statements/read/mine'],
      revokedAt: null,
    });
    expect(created.secret.length).toBeGreaterThanOrEqual(20);
    const basic = { key: created.credential.key, secret: created.secret };
    const { principal } = await gateway.request('consent.v1.credentials.authenticate', basic);
    expect(principal).toMatchObject({ kind: 'credential', credentialId: created.credential.id, tenantId });

    const { credentials } = await gateway.request('consent.v1.credentials.list', { principal: admin });
    expect(credentials).toEqual([created.credential]);
    expect(JSON.stringify(credentials)).not.toContain(created.secret);
    // Only a hash of the secret is kept.
    const { rows } = await db.query<{ secret_hash: string }>(
      `SELECT secret_hash FROM consent.credential WHERE id = $1`,
      [created.credential.id],
    );
    expect(rows[0]!.secret_hash).not.toContain(created.secret);

    const revoked = await asked(() =>
      gateway.request('consent.v1.credentials.revoke', {
        principal: admin,
        credentialId: created.credential.id,
      }),
    );
    expect(revoked.credential.revokedAt).not.toBeNull();
    expect(await statusOf('consent.v1.credentials.authenticate', basic)).toBe(401);
    // Again: nothing changes, the same answer.
    const again = await gateway.request('consent.v1.credentials.revoke', {
      principal: admin,
      credentialId: created.credential.id,
    });
    expect(again.credential.revokedAt).toBe(revoked.credential.revokedAt);

    // The chain names who did it and which credential; never the key or the secret.
    const [create] = await recorded(tenantId, 'credential.create', 1);
    const [revoke] = await recorded(tenantId, 'credential.revoke', 1);
    expect(create!.principal_id).toBe(admin.kind === 'person' && admin.personId);
    expect(create!.query).toMatchObject({ credentialId: created.credential.id });
    expect(revoke!.query).toMatchObject({ credentialId: created.credential.id });
    expect(JSON.stringify([create, revoke])).not.toContain(created.secret);
    expect(JSON.stringify([create, revoke])).not.toContain(created.credential.key);
    expect(await recorded(tenantId, 'credential.revoke', 1)).toHaveLength(1);
  });

  it('answers 403 to anyone but an admin, 404 for another tenant, 400 for an unknown scope', async () => {
    const tenantId = aTenant();
    const admin = await personOf(tenantId, ['admin']);
    const { credential } = await gateway.request('consent.v1.credentials.create', {
      principal: admin,
      credential: { name: 'LMS', scopes: ['all'] },
    });
    for (const roles of [['learner'], ['auditor']] as const) {
      const someone = await personOf(tenantId, [...roles]);
      expect(await statusOf('consent.v1.credentials.list', { principal: someone })).toBe(403);
      expect(
        await statusOf('consent.v1.credentials.create', {
          principal: someone,
          credential: { name: 'x', scopes: ['all'] },
        }),
      ).toBe(403);
      expect(
        await statusOf('consent.v1.credentials.revoke', { principal: someone, credentialId: credential.id }),
      ).toBe(403);
    }
    const other = await personOf(aTenant(), ['admin']);
    expect(
      await statusOf('consent.v1.credentials.revoke', { principal: other, credentialId: credential.id }),
    ).toBe(404);
    expect((await gateway.request('consent.v1.credentials.list', { principal: other })).credentials).toEqual(
      [],
    );
    expect(
      await statusOf('consent.v1.credentials.create', {
        principal: admin,
        credential: { name: 'x', scopes: ['statements/everything'] },
      }),
    ).toBe(400);
  });

  it('refuses a credential principal, whatever its scopes', async () => {
    const tenantId = aTenant();
    const admin = await personOf(tenantId, ['admin']);
    const created = await gateway.request('consent.v1.credentials.create', {
      principal: admin,
      credential: { name: 'All', scopes: ['all'] },
    });
    const { principal } = await gateway.request('consent.v1.credentials.authenticate', {
      key: created.credential.key,
      secret: created.secret,
    });
    expect(await statusOf('consent.v1.credentials.list', { principal })).toBe(403);
  });
});

describe('grants and objections per policy', () => {
  it('counts active grants of the current version and standing objections, in SQL, for admins only', async () => {
    const tenantId = aTenant();
    const admin = await personOf(tenantId, ['admin']);
    const body = (lawfulBasis: 'consent' | 'legitimate-interest', code: string) => ({
      grantee: { kind: 'role' as const, id: 'consumer' },
      purpose: { code, text: `Purpose ${code}` },
      lawfulBasis,
      scope: {},
      redactFields: [],
    });
    const { policy: asks } = await gateway.request('consent.v1.policies.create', {
      principal: admin,
      policy: body('consent', 'research'),
    });
    const { policy: interest } = await gateway.request('consent.v1.policies.create', {
      principal: admin,
      policy: body('legitimate-interest', 'tutoring'),
    });
    const [ana, ben, eva] = await Promise.all([
      personOf(tenantId, ['learner']),
      personOf(tenantId, ['learner']),
      personOf(tenantId, ['learner']),
    ]);
    await gateway.request('consent.v1.grants.create', { principal: ana, grant: { policyId: asks.id } });
    const { receipt } = await gateway.request('consent.v1.grants.create', {
      principal: ben,
      grant: { policyId: asks.id },
    });
    await gateway.request('consent.v1.objections.create', {
      principal: eva,
      objection: { policyId: interest.id },
    });
    const counts = async () =>
      (await gateway.request('consent.v1.policies.counts', { principal: admin })).counts;
    expect(await counts()).toEqual([
      { policyId: asks.id, activeGrants: 2, standingObjections: 0 },
      { policyId: interest.id, activeGrants: 0, standingObjections: 1 },
    ]);
    // A revoked grant no longer counts; nor do grants of an earlier version once the policy is edited.
    await gateway.request('consent.v1.grants.revoke', { principal: ben, grantId: receipt.record.id });
    expect((await counts())[0]).toMatchObject({ activeGrants: 1 });
    await gateway.request('consent.v1.policies.update', {
      principal: admin,
      policyId: asks.id,
      policy: { ...body('consent', 'research'), purpose: { code: 'research', text: 'Wider research' } },
    });
    expect((await counts())[0]).toMatchObject({ activeGrants: 0 });

    expect(await statusOf('consent.v1.policies.counts', { principal: ana })).toBe(403);
    const other = await personOf(aTenant(), ['admin']);
    expect((await gateway.request('consent.v1.policies.counts', { principal: other })).counts).toEqual([]);
  });
});
