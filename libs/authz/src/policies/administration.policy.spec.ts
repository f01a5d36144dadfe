import { describe, expect, it } from 'vitest';

import { defineAbilityFor, peopleOf } from '../ability.factory.js';

const person = (roles: string[], tenantId = 't1') => ({
  kind: 'person' as const,
  tenantId,
  personId: 'p1',
  roles,
  groupIds: [],
  agentIfiHashes: [],
});

describe('administration policy', () => {
  it.each([
    [['admin'], true],
    [['learner', 'admin'], true],
    [['learner'], false],
    [['auditor'], false],
    [['consumer'], false],
    [[], false],
  ])('roles %j may manage the people of their tenant: %s', (roles, allowed) => {
    expect(defineAbilityFor(person(roles)).can('manage', peopleOf('t1'))).toBe(allowed);
  });

  it('never reaches another tenant', () => {
    expect(defineAbilityFor(person(['admin'])).can('manage', peopleOf('t2'))).toBe(false);
  });

  it('gives credentials no say over people, whatever their scopes', () => {
    const credential = { tenantId: 't1', credentialId: 'c1', scopes: ['all'] };
    expect(defineAbilityFor(credential).can('manage', peopleOf('t1'))).toBe(false);
  });
});
