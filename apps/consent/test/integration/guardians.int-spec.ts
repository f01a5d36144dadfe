// Guardians and minors (docs/privacy-operations.md "Guardians and minors", GDPR Art. 8) over the machine's real
// NATS and PostgreSQL, as the gateway asks consent: a linked guardian makes a minor's consent choices and is named on
// the receipt and in the audit record; the minor alone, an unlinked guardian and a linked non-guardian are refused;
// coming of age (birth date, explicit date, the tenant's age of digital consent) is decided at each request.
import { randomUUID } from 'node:crypto';

import type { PrincipalV1, RequestSubject } from '@custos/contracts';
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

/** `years` years before today (UTC), plus `days` days, as YYYY-MM-DD. */
function yearsAgo(years: number, days = 0): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const idOf = (p: PrincipalV1) => (p.kind === 'person' ? p.personId : p.credentialId);

/** An error's status and message, or 200 with the reply. */
async function answer<S extends RequestSubject>(subject: S, body: Parameters<NatsBus['request']>[1]) {
  try {
    return { status: 200, reply: (await gateway.request(subject, body as never)) as Record<string, unknown> };
  } catch (err) {
    const e = err as { status?: number; message?: string; errors?: { path: string }[] };
    return { status: e.status, message: e.message ?? '', errors: e.errors };
  }
}

/** A tenant with an admin, a consent policy, a minor learner (14 today), a guardian linked to them, another guardian. */
async function family() {
  const tenantId = aTenant();
  const admin = await personOf(tenantId, ['admin']);
  const { policy } = await gateway.request('consent.v1.policies.create', {
    principal: admin,
    policy: {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'research', text: 'Research' },
      lawfulBasis: 'consent',
      scope: {},
      redactFields: [],
    },
  });
  const { policy: interest } = await gateway.request('consent.v1.policies.create', {
    principal: admin,
    policy: {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'tutoring', text: 'Tutoring' },
      lawfulBasis: 'legitimate-interest',
      scope: {},
      redactFields: [],
    },
  });
  const minor = await personOf(tenantId, ['learner'], { birthDate: yearsAgo(14) });
  const guardian = await personOf(tenantId, ['guardian']);
  const stranger = await personOf(tenantId, ['guardian']);
  const linked = await asked(() =>
    gateway.request('consent.v1.people.update', {
      principal: admin,
      personId: idOf(minor),
      patch: { guardianIds: [idOf(guardian)] },
    }),
  );
  return { tenantId, admin, policy, interest, minor, guardian, stranger, linked: linked.person };
}

describe('guardians act for a learner who is a minor', () => {
  it('lets the linked guardian grant, names them on the receipt and in the audit record', async () => {
    const f = await family();
    expect(f.linked).toMatchObject({ minor: true, guardianIds: [idOf(f.guardian)], birthDate: yearsAgo(14) });

    const { receipt } = await asked(() =>
      gateway.request('consent.v1.grants.create', {
        principal: f.guardian,
        learnerId: idOf(f.minor),
        grant: { policyId: f.policy.id },
      }),
    );
    expect(receipt).toMatchObject({
      status: 'granted',
      dataSubject: { personId: idOf(f.minor) },
      actedBy: { personId: idOf(f.guardian), as: 'guardian' },
    });
    // The learner's own view shows the grant their guardian made.
    const { requests } = await gateway.request('consent.v1.consent.requests', { principal: f.minor });
    expect(requests.find((r) => r.policy.id === f.policy.id)?.grant?.id).toBe(receipt.record.id);
    // And the minor can read the receipt as theirs.
    const mine = await gateway.request('consent.v1.receipts.get', {
      principal: f.minor,
      receiptId: receipt.receiptId,
    });
    expect(mine.receipt.actedBy).toEqual({ personId: idOf(f.guardian), as: 'guardian' });
    // The audit record names the guardian as the one who acted, for the learner.
    const [record] = await recorded(f.tenantId, 'grant.create', 1);
    expect(record!.principal_id).toBe(idOf(f.guardian));
    expect(record!.query).toMatchObject({ personId: idOf(f.minor), grantId: receipt.record.id });

    // The guardian revokes, objects and withdraws for them too.
    const revoked = await gateway.request('consent.v1.grants.revoke', {
      principal: f.guardian,
      learnerId: idOf(f.minor),
      grantId: receipt.record.id,
    });
    expect(revoked.receipt).toMatchObject({ status: 'revoked', actedBy: { as: 'guardian' } });
    const objected = await gateway.request('consent.v1.objections.create', {
      principal: f.guardian,
      learnerId: idOf(f.minor),
      objection: { policyId: f.interest.id },
    });
    expect(objected.receipt).toMatchObject({ status: 'objected', dataSubject: { personId: idOf(f.minor) } });
    const withdrawn = await gateway.request('consent.v1.objections.withdraw', {
      principal: f.guardian,
      learnerId: idOf(f.minor),
      objectionId: objected.receipt.record.id,
    });
    expect(withdrawn.receipt.status).toBe('objection-withdrawn');
  });

  it('refuses the minor alone with a 403 that says a guardian decides, and stores nothing', async () => {
    const f = await family();
    const grant = await answer('consent.v1.grants.create', {
      principal: f.minor,
      grant: { policyId: f.policy.id },
    });
    expect(grant.status).toBe(403);
    expect(grant.message).toMatch(/guardian/);
    const object = await answer('consent.v1.objections.create', {
      principal: f.minor,
      objection: { policyId: f.interest.id },
    });
    expect(object.status).toBe(403);
    const { rows } = await db.query(`SELECT 1 FROM consent.consent_grant WHERE person_id = $1`, [
      idOf(f.minor),
    ]);
    expect(rows).toEqual([]);
  });

  it('refuses a guardian not linked to the learner, naming no learner, and an unknown learner alike', async () => {
    const f = await family();
    const unlinked = await answer('consent.v1.grants.create', {
      principal: f.stranger,
      learnerId: idOf(f.minor),
      grant: { policyId: f.policy.id },
    });
    const unknown = await answer('consent.v1.grants.create', {
      principal: f.stranger,
      learnerId: randomUUID(),
      grant: { policyId: f.policy.id },
    });
    expect(unlinked.status).toBe(403);
    expect(unknown).toEqual(unlinked);
    expect(unlinked.message).not.toContain(idOf(f.minor));
    const view = await answer('consent.v1.consent.requests', {
      principal: f.stranger,
      learnerId: idOf(f.minor),
    });
    expect(view.status).toBe(403);
    // A linked person who lacks the guardian role cannot act either.
    const learnerAsGuardian = await personOf(f.tenantId, ['learner']);
    const roleless = await answer('consent.v1.grants.create', {
      principal: learnerAsGuardian,
      learnerId: idOf(f.minor),
      grant: { policyId: f.policy.id },
    });
    expect(roleless.status).toBe(403);
  });

  it('honours coming of age at the time of the request: birth date, explicit date, and the tenant age', async () => {
    const f = await family();
    const grantBy = (principal: PrincipalV1, learnerId?: string) =>
      answer('consent.v1.grants.create', {
        principal,
        ...(learnerId && { learnerId }),
        grant: { policyId: f.policy.id },
      });
    const setMinor = (patch: { birthDate?: string | null; minorUntil?: string | null }) =>
      gateway.request('consent.v1.people.update', { principal: f.admin, personId: idOf(f.minor), patch });

    // 16 today (the default age): of age — acts alone; the guardian no longer can, and is told why.
    expect((await setMinor({ birthDate: yearsAgo(16) })).person.minor).toBe(false);
    const byGuardian = await grantBy(f.guardian, idOf(f.minor));
    expect(byGuardian.status).toBe(403);
    expect(byGuardian.message).toMatch(/come of age/);
    const alone = await grantBy(f.minor);
    expect(alone.status).toBe(200);
    await gateway.request('consent.v1.grants.revoke', {
      principal: f.minor,
      grantId: (alone.reply!.receipt as { record: { id: string } }).record.id,
    });

    // One day short of 16: a minor again.
    await setMinor({ birthDate: yearsAgo(16, 1) });
    expect((await grantBy(f.minor)).status).toBe(403);

    // The tenant lowers its age of digital consent to 15: the same learner is of age at the next request.
    await asked(() =>
      gateway.request('consent.v1.tenant.settings.set', {
        principal: f.admin,
        settings: { ageOfDigitalConsent: 15 },
      }),
    );
    const at15 = await grantBy(f.minor);
    expect(at15.status).toBe(200);
    await gateway.request('consent.v1.grants.revoke', {
      principal: f.minor,
      grantId: (at15.reply!.receipt as { record: { id: string } }).record.id,
    });

    // An explicit "minor until" date decides over the birth date: tomorrow → still a minor today.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await setMinor({ minorUntil: tomorrow });
    expect((await grantBy(f.minor)).status).toBe(403);
    expect((await grantBy(f.guardian, idOf(f.minor))).status).toBe(200);

    // Records of the settings change name the admin.
    const [setting] = await recorded(f.tenantId, 'tenant.settings.set', 1);
    expect(setting).toMatchObject({ principal_id: idOf(f.admin), query: { ageOfDigitalConsent: 15 } });
  });

  it('lists a guardian’s learners with whether they act for each', async () => {
    const f = await family();
    const { learners } = await gateway.request('consent.v1.guardian.learners', { principal: f.guardian });
    expect(learners).toEqual([
      expect.objectContaining({
        id: idOf(f.minor),
        minor: true,
        ofAgeOn: yearsAgo(-2),
      }),
    ]);
    expect(
      (await gateway.request('consent.v1.guardian.learners', { principal: f.stranger })).learners,
    ).toEqual([]);
    expect((await answer('consent.v1.guardian.learners', { principal: f.minor })).status).toBe(403);
  });
});

describe('guardian links, minors and the age of digital consent, administered', () => {
  it('records a guardian link in the audit log and refuses a link to someone who is not a guardian (400)', async () => {
    const f = await family();
    const [record] = await recorded(f.tenantId, 'guardians.set', 1);
    expect(record).toMatchObject({
      principal_id: idOf(f.admin),
      query: { personId: idOf(f.minor), added: [idOf(f.guardian)], removed: [] },
    });
    const notGuardian = await personOf(f.tenantId, ['learner']);
    const bad = await answer('consent.v1.people.update', {
      principal: f.admin,
      personId: idOf(f.minor),
      patch: { guardianIds: [idOf(f.guardian), idOf(notGuardian)] },
    });
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0]?.path).toBe('guardianIds[1]');
    const self = await answer('consent.v1.people.update', {
      principal: f.admin,
      personId: idOf(f.minor),
      patch: { guardianIds: [idOf(f.minor)] },
    });
    expect(self.status).toBe(400);
    // Nothing changed.
    const { person } = await gateway.request('consent.v1.people.update', {
      principal: f.admin,
      personId: idOf(f.minor),
      patch: {},
    });
    expect(person.guardianIds).toEqual([idOf(f.guardian)]);
  });

  it('refuses an age of digital consent outside 13–16 and bad dates with 400, and non-admins with 403', async () => {
    const f = await family();
    for (const age of [12, 17, 15.5]) {
      const r = await answer('consent.v1.tenant.settings.set', {
        principal: f.admin,
        settings: { ageOfDigitalConsent: age },
      });
      expect(r.status, String(age)).toBe(400);
    }
    expect(
      (await gateway.request('consent.v1.tenant.settings.get', { principal: f.admin })).settings,
    ).toEqual({ ageOfDigitalConsent: 16, analytics: { k: 5, noise: null } });
    for (const birthDate of ['2010-02-30', '14/03/2010', '2010-3-1']) {
      const r = await answer('consent.v1.people.update', {
        principal: f.admin,
        personId: idOf(f.minor),
        patch: { birthDate },
      });
      expect(r.status, birthDate).toBe(400);
    }
    expect(
      (
        await answer('consent.v1.tenant.settings.set', {
          principal: f.guardian,
          settings: { ageOfDigitalConsent: 13 },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await answer('consent.v1.people.update', {
          principal: f.guardian,
          personId: idOf(f.minor),
          patch: { guardianIds: [] },
        })
      ).status,
    ).toBe(403);
  });
});
