// Guardians and minors over HTTP (docs/privacy-operations.md "Guardians and minors", GDPR Art. 8): an admin marks a
// learner as a minor and links a guardian through the people API; the guardian grants for the learner at
// /api/v1/guardian/learners/{id}/grants and is named on the receipt; the minor alone, an unlinked guardian and a
// credential are refused; the tenant's age of digital consent is set through /api/v1/tenant/settings (13–16).
import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { aTenant } from '../harness/credentials.js';
import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

/** The fields these tests read from the answers (a policy, a receipt, an error). */
type Body = Record<string, unknown> & {
  id: string;
  receiptId: string;
  record: { id: string };
  message: string;
  actedBy: unknown;
};

async function call(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${lrs.baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Body };
}

async function signedIn(tenant: string, roles: ('learner' | 'admin' | 'guardian')[]) {
  const password = randomBytes(12).toString('hex');
  const username = `u-${randomBytes(4).toString('hex')}`;
  const person = await lrs.people.create(tenant, { username, password, roles });
  const res = await fetch(`${lrs.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  });
  const { access_token: token } = (await res.json()) as { access_token: string };
  return { id: person.id, token };
}

const yearsAgo = (n: number) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - n);
  return d.toISOString().slice(0, 10);
};

describe('guardians over HTTP', () => {
  it('lets a linked guardian grant for a minor, and refuses the minor alone and an unlinked guardian', async () => {
    const tenant = aTenant();
    const admin = await signedIn(tenant, ['admin']);
    const minor = await signedIn(tenant, ['learner']);
    const guardian = await signedIn(tenant, ['guardian']);
    const stranger = await signedIn(tenant, ['guardian']);
    const policy = await call('POST', '/api/v1/policies', admin.token, {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'research', text: 'Research' },
      lawfulBasis: 'consent',
    });
    expect(policy.status).toBe(201);

    const marked = await call('PATCH', `/api/v1/people/${minor.id}`, admin.token, {
      birthDate: yearsAgo(13),
      guardianIds: [guardian.id],
    });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ minor: true, guardianIds: [guardian.id] });

    const alone = await call('POST', '/api/v1/me/grants', minor.token, { policyId: policy.body.id });
    expect(alone.status).toBe(403);
    expect(alone.body.message).toMatch(/guardian/);

    const unlinked = await call('POST', `/api/v1/guardian/learners/${minor.id}/grants`, stranger.token, {
      policyId: policy.body.id,
    });
    expect(unlinked.status).toBe(403);
    expect(JSON.stringify(unlinked.body)).not.toContain(minor.id);

    const wards = await call('GET', '/api/v1/guardian/learners', guardian.token);
    expect(wards.body).toEqual([expect.objectContaining({ id: minor.id, minor: true })]);
    const requests = await call(
      'GET',
      `/api/v1/guardian/learners/${minor.id}/consent-requests`,
      guardian.token,
    );
    expect(requests.status).toBe(200);
    expect(requests.body).toEqual([expect.objectContaining({ grant: null })]);

    const granted = await call('POST', `/api/v1/guardian/learners/${minor.id}/grants`, guardian.token, {
      policyId: policy.body.id,
    });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      dataSubject: { personId: minor.id },
      actedBy: { personId: guardian.id, as: 'guardian' },
      status: 'granted',
    });
    const receipt = await call('GET', `/api/v1/me/receipts/${granted.body.receiptId}`, minor.token);
    expect(receipt.body.actedBy).toEqual({ personId: guardian.id, as: 'guardian' });

    const bad = await call('POST', `/api/v1/guardian/learners/${minor.id}/grants`, guardian.token, {
      policyId: 'not-a-uuid',
    });
    expect(bad.status).toBe(400);
    expect(
      (await call('GET', '/api/v1/guardian/learners/not-a-uuid/consent-requests', guardian.token)).status,
    ).toBe(404);

    // Of age (the admin clears the birth date): the learner acts alone, the guardian no longer can.
    await call('PATCH', `/api/v1/people/${minor.id}`, admin.token, { birthDate: yearsAgo(16) });
    const revokeByGuardian = await call(
      'DELETE',
      `/api/v1/guardian/learners/${minor.id}/grants/${granted.body.record.id}`,
      guardian.token,
    );
    expect(revokeByGuardian.status).toBe(403);
    const revokeAlone = await call('DELETE', `/api/v1/me/grants/${granted.body.record.id}`, minor.token);
    expect(revokeAlone.status).toBe(200);
    expect(revokeAlone.body.actedBy).toEqual({ personId: minor.id, as: 'self' });
  });

  it('sets the age of digital consent within 13–16 (400 otherwise, 403 for a non-admin)', async () => {
    const tenant = aTenant();
    const admin = await signedIn(tenant, ['admin']);
    const learner = await signedIn(tenant, ['learner']);
    expect((await call('GET', '/api/v1/tenant/settings', admin.token)).body).toEqual({
      ageOfDigitalConsent: 16,
      analytics: { k: 5, noise: null },
    });
    const bad = await call('PUT', '/api/v1/tenant/settings', admin.token, { ageOfDigitalConsent: 12 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('ageOfDigitalConsent');
    expect(
      (await call('PUT', '/api/v1/tenant/settings', admin.token, { ageOfDigitalConsent: 13 })).body,
    ).toEqual({
      ageOfDigitalConsent: 13,
      analytics: { k: 5, noise: null },
    });
    expect(
      (await call('PUT', '/api/v1/tenant/settings', learner.token, { ageOfDigitalConsent: 14 })).status,
    ).toBe(403);
    expect((await call('GET', '/api/v1/tenant/settings', admin.token)).body).toEqual({
      ageOfDigitalConsent: 13,
      analytics: { k: 5, noise: null },
    });
  });
  it("makes a minor's erasure request their guardian's: the minor alone is refused, the guardian asks, follows and cancels", async () => {
    const tenant = aTenant();
    const admin = await signedIn(tenant, ['admin']);
    const minor = await signedIn(tenant, ['learner']);
    const guardian = await signedIn(tenant, ['guardian']);
    const stranger = await signedIn(tenant, ['guardian']);
    await call('PATCH', `/api/v1/people/${minor.id}`, admin.token, {
      birthDate: yearsAgo(13),
      guardianIds: [guardian.id],
    });

    const alone = await call('POST', '/api/v1/me/erasure-requests', minor.token);
    expect(alone.status).toBe(403);
    expect(alone.body.message).toMatch(/guardian/);
    const unlinked = await call(
      'POST',
      `/api/v1/guardian/learners/${minor.id}/erasure-requests`,
      stranger.token,
    );
    expect(unlinked.status).toBe(403);

    const asked = await call(
      'POST',
      `/api/v1/guardian/learners/${minor.id}/erasure-requests`,
      guardian.token,
    );
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ state: 'waiting', personId: minor.id });
    const id = asked.body.id;
    expect((await call('GET', `/api/v1/erasures/${id}`, guardian.token)).status).toBe(200);
    expect((await call('GET', `/api/v1/erasures/${id}`, stranger.token)).status).toBe(404);
    // The minor may not withdraw it either: it is their guardian's choice until they come of age.
    expect((await call('POST', `/api/v1/me/erasure-requests/${id}/cancel`, minor.token)).status).toBe(403);
    const cancelled = await call(
      'POST',
      `/api/v1/guardian/learners/${minor.id}/erasure-requests/${id}/cancel`,
      guardian.token,
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled' });

    // Of age, the learner asks alone and the guardian no longer can.
    await call('PATCH', `/api/v1/people/${minor.id}`, admin.token, { birthDate: yearsAgo(20) });
    const late = await call('POST', `/api/v1/guardian/learners/${minor.id}/erasure-requests`, guardian.token);
    expect(late.status).toBe(403);
    const own = await call('POST', '/api/v1/me/erasure-requests', minor.token);
    expect(own.status).toBe(201);
  });
});
