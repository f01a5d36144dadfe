import { describe, expect, it } from 'vitest';

import { abilityWithoutPolicies, erasureOf } from '../ability.factory.js';

const person = (roles: string[], personId = 'p1', tenantId = 't1') => ({
  kind: 'person' as const,
  tenantId,
  personId,
  roles,
  groupIds: [],
  agentIfiHashes: [],
});

describe('erasure policy', () => {
  it.each([
    // roles, own request (write/read), someone else's (write/read), approve anyone (manage)
    [['admin'], true, true, true],
    [['learner', 'admin'], true, true, true],
    [['learner'], true, false, false],
    [['auditor'], false, false, false],
    [['consumer'], false, false, false],
    [[], false, false, false],
  ])('roles %j: own %s, others %s, manage %s', (roles, own, others, manage) => {
    const ability = abilityWithoutPolicies(person(roles));
    expect(ability.can('write', erasureOf('t1', 'p1'))).toBe(own);
    expect(ability.can('read', erasureOf('t1', 'p1'))).toBe(own);
    expect(ability.can('write', erasureOf('t1', 'p2'))).toBe(others);
    expect(ability.can('read', erasureOf('t1', 'p2'))).toBe(others);
    expect(ability.can('manage', erasureOf('t1', 'p2'))).toBe(manage);
  });

  it('gives nothing in another tenant, to anyone', () => {
    for (const roles of [['admin'], ['learner']]) {
      const ability = abilityWithoutPolicies(person(roles));
      expect(ability.can('write', erasureOf('t2', 'p1'))).toBe(false);
      expect(ability.can('read', erasureOf('t2', 'p1'))).toBe(false);
    }
  });

  it('gives an xAPI credential nothing, whatever its scopes', () => {
    const ability = abilityWithoutPolicies({ tenantId: 't1', credentialId: 'c1', scopes: ['all'] });
    expect(ability.can('write', erasureOf('t1', 'p1'))).toBe(false);
    expect(ability.can('read', erasureOf('t1', 'p1'))).toBe(false);
  });
});
