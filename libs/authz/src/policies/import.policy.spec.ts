import { describe, expect, it } from 'vitest';

import { abilityWithoutPolicies, importsOf } from '../index.js';

const person = (roles: ('admin' | 'learner' | 'auditor' | 'consumer')[]) => ({
  kind: 'person' as const,
  tenantId: 't1',
  personId: '7d1b2c1e-35f4-4e0f-9a4e-0d3a4e1c1a01',
  username: 'p',
  roles,
  groupIds: [],
  agentIfiHashes: [],
});

describe('import policy', () => {
  it("lets a tenant's admin manage its imports, and nobody else", () => {
    expect(abilityWithoutPolicies(person(['admin'])).can('manage', importsOf('t1'))).toBe(true);
    expect(abilityWithoutPolicies(person(['admin'])).can('manage', importsOf('t2'))).toBe(false);
    for (const role of ['learner', 'auditor', 'consumer'] as const) {
      expect(abilityWithoutPolicies(person([role])).can('manage', importsOf('t1'))).toBe(false);
    }
  });
});
