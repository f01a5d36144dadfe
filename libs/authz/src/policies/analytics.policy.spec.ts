// docs/flows.md "Analytics that protect individuals": a tenant's admins run its analytics queries; nobody else,
// never across tenants, and no xAPI credential (not even `all`).
import { describe, expect, it } from 'vitest';

import { abilityWithoutPolicies, analyticsOf } from '../ability.factory.js';

const person = (roles: string[]) => ({
  kind: 'person' as const,
  tenantId: 't1',
  personId: 'p1',
  roles,
  groupIds: [],
  agentIfiHashes: ['a'.repeat(64)],
});

describe('analytics policy', () => {
  it.each([
    [['admin'], true],
    [['auditor'], false],
    [['consumer'], false],
    [['learner'], false],
    [['guardian'], false],
    [[], false],
  ])('roles %j run their tenant’s analytics: %s', (roles, allowed) => {
    expect(abilityWithoutPolicies(person(roles)).can('read', analyticsOf('t1'))).toBe(allowed);
  });

  it('never reaches another tenant', () => {
    expect(abilityWithoutPolicies(person(['admin'])).can('read', analyticsOf('t2'))).toBe(false);
  });

  it('is not given to an xAPI credential, whatever its scopes', () => {
    const credential = {
      kind: 'credential' as const,
      tenantId: 't1',
      credentialId: '00000000-0000-4000-8000-000000000001',
      key: 'k',
      scopes: ['all'],
      authority: {},
    };
    expect(abilityWithoutPolicies(credential).can('read', analyticsOf('t1'))).toBe(false);
  });
});
