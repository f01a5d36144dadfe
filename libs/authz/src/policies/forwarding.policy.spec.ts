// docs/flows.md "Forwarding": a tenant's admins manage its forwarding targets; nobody else, never across tenants.
import { describe, expect, it } from 'vitest';

import { abilityWithoutPolicies, forwardingTargetsOf } from '../ability.factory.js';

const person = (roles: string[]) => ({
  kind: 'person' as const,
  tenantId: 't1',
  personId: 'p1',
  roles,
  groupIds: [],
  agentIfiHashes: ['a'.repeat(64)],
});

describe('forwarding policy', () => {
  it.each([
    [['admin'], true],
    [['auditor'], false],
    [['consumer'], false],
    [['learner'], false],
    [[], false],
  ])('roles %j manage their tenant’s forwarding targets: %s', (roles, allowed) => {
    expect(abilityWithoutPolicies(person(roles)).can('manage', forwardingTargetsOf('t1'))).toBe(allowed);
  });

  it('never reaches another tenant', () => {
    expect(abilityWithoutPolicies(person(['admin'])).can('manage', forwardingTargetsOf('t2'))).toBe(false);
  });

  it('is given to no xAPI credential, whatever its scopes', () => {
    const credential = {
      kind: 'credential' as const,
      tenantId: 't1',
      credentialId: 'c1',
      scopes: ['all'],
    };
    expect(abilityWithoutPolicies(credential).can('manage', forwardingTargetsOf('t1'))).toBe(false);
  });
});
