import { describe, expect, it } from 'vitest';

import { abilityWithoutPolicies } from './ability.factory.js';
import { accessFilterFor } from './access-filter.js';

const person = {
  kind: 'person' as const,
  tenantId: 't1',
  personId: 'p1',
  roles: ['learner', 'admin'],
  groupIds: [],
  agentIfiHashes: ['h1'],
};

// DESIGN "Access model": default deny. Until institution policies and learner grants exist, a person gets
// self access through the learner role and nothing else.
describe('people before policies and grants exist', () => {
  it.each([
    ['an admin, auditor and consumer who is no learner', { roles: ['admin', 'auditor', 'consumer'] }],
    ['a learner with no linked agent', { roles: ['learner'], agentIfiHashes: [] }],
    ['a person without roles', { roles: [] }],
  ])('denies %s every statement and document', (_, overrides) => {
    const ability = abilityWithoutPolicies({ ...person, ...overrides });
    expect(accessFilterFor(ability, 'read', 'Statement')).toBeNull();
    expect(accessFilterFor(ability, 'read', 'Document')).toBeNull();
    expect(ability.can('write', 'Statement')).toBe(false);
  });

  it('never lets a learner write, void or manage', () => {
    const ability = abilityWithoutPolicies(person);
    for (const action of ['write', 'void', 'manage'] as const) {
      expect(accessFilterFor(ability, action, 'Statement')).toBeNull();
      expect(accessFilterFor(ability, action, 'Document')).toBeNull();
    }
  });
});
