// What a change or a failed login becomes as an audit record: the right action and resource, the ids, the actor
// and why they could, and never a username, password or secret.
import { createHash, randomUUID } from 'node:crypto';

import { AuditRecordedV1, type ConsentChangedV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import {
  adminActor,
  changeRecorded,
  consentChange,
  learnerActor,
  loginFailed,
  OPERATOR,
} from './change-records.js';

const tenantId = 'tenant-a';
const personId = randomUUID();
const policyId = randomUUID();

const consentEvent = (change: ConsentChangedV1['change'], extra: Partial<ConsentChangedV1> = {}) =>
  ({
    type: 'custos.consent.v1.consent_changed',
    messageId: randomUUID(),
    tenantId,
    change,
    policyId,
    policyVersion: 2,
    at: '2026-01-02T03:04:05.678Z',
    ...extra,
  }) satisfies ConsentChangedV1;

describe('consentChange', () => {
  it.each([
    ['granted', 'grant.create', 'grant'],
    ['revoked', 'grant.revoke', 'grant'],
    ['objected', 'objection.create', 'objection'],
    ['objection-withdrawn', 'objection.withdraw', 'objection'],
    ['policy-created', 'policy.create', 'policy'],
    ['policy-updated', 'policy.update', 'policy'],
  ] as const)('records %s as %s on %s', (change, action, resource) => {
    expect(consentChange(consentEvent(change))).toMatchObject({ action, resource });
  });

  it("names the grant, receipt and learner of a learner's change, and the learner as concerned", () => {
    const grantId = randomUUID();
    const receiptId = randomUUID();
    const change = consentChange(consentEvent('granted', { personId, grantId, receiptId }));
    expect(change).toEqual({
      action: 'grant.create',
      resource: 'grant',
      query: { policyId, policyVersion: 2, grantId, receiptId, personId },
      personIds: [personId],
      at: '2026-01-02T03:04:05.678Z',
    });
  });

  it('adds the details a policy change gives, and concerns no learner', () => {
    const change = consentChange(consentEvent('policy-created'), { lawfulBasis: 'consent' });
    expect(change.query).toEqual({ policyId, policyVersion: 2, lawfulBasis: 'consent' });
    expect(change.personIds).toEqual([]);
  });
});

describe('changeRecorded', () => {
  const admin = adminActor({
    kind: 'person',
    tenantId,
    personId,
    username: 'admin',
    roles: ['admin'],
    groupIds: [],
    agentIfiHashes: [],
  });

  it('builds a valid event: the actor, why they could, the learners once each, sorted', () => {
    const event = changeRecorded(
      tenantId,
      admin,
      { action: 'person.update', resource: 'person', query: { personId } },
      ['b', 'a', 'b'],
      'req-1',
    );
    expect(AuditRecordedV1.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      principalId: personId,
      principalKind: 'person',
      action: 'person.update',
      resource: 'person',
      decision: 'allow',
      requestId: 'req-1',
      learnerIfiHashes: ['a', 'b'],
      basis: [{ kind: 'role', role: 'admin' }],
    });
  });

  it('leaves out learners, request and basis when there are none (the operator at the command line)', () => {
    const event = changeRecorded(
      tenantId,
      OPERATOR,
      { action: 'credential.create', resource: 'credential', query: {} },
      [],
      undefined,
    );
    expect(event).toMatchObject({ principalId: 'operator', principalKind: 'system' });
    expect(event).not.toHaveProperty('learnerIfiHashes');
    expect(event).not.toHaveProperty('requestId');
    expect(event).not.toHaveProperty('basis');
  });

  it("gives a learner's own change the basis 'self'", () => {
    const learner = learnerActor({
      kind: 'person',
      tenantId,
      personId,
      username: 'ana',
      roles: ['learner'],
      groupIds: [],
      agentIfiHashes: [],
    });
    expect(learner).toEqual({ id: personId, kind: 'person', basis: [{ kind: 'self' }] });
  });
});

describe('loginFailed', () => {
  it('names the person when the username exists, and never the username', () => {
    const event = loginFailed(
      tenantId,
      { method: 'password', personId, username: 'ana@example.org', reason: 'wrong password' },
      'req-2',
    );
    expect(AuditRecordedV1.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      principalId: personId,
      principalKind: 'person',
      action: 'login.failure',
      resource: 'login',
      decision: 'deny',
      reason: 'wrong password',
      query: { method: 'password' },
    });
    expect(JSON.stringify(event)).not.toContain('ana@example.org');
  });

  it('records an unknown username as anonymous, by its SHA-256 only', () => {
    const event = loginFailed(
      tenantId,
      { method: 'password', personId: null, username: 'mallory', reason: 'no such person' },
      undefined,
    );
    expect(event).toMatchObject({
      principalId: 'anonymous',
      principalKind: 'anonymous',
      query: { method: 'password', usernameHash: createHash('sha256').update('mallory').digest('hex') },
    });
    expect(JSON.stringify(event)).not.toContain('mallory');
  });

  it('names the credential of a failed HTTP Basic login', () => {
    const credentialId = randomUUID();
    expect(
      loginFailed(tenantId, { method: 'basic', credentialId, reason: 'wrong secret' }, undefined),
    ).toMatchObject({ principalId: credentialId, principalKind: 'credential', query: { method: 'basic' } });
  });
});
