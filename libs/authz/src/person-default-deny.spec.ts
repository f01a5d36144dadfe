import { describe, expect, it } from 'vitest';

import { defineAbilityFor } from './ability.factory.js';
import { accessFilterFor } from './access-filter.js';

describe('people before roles and policies grant anything', () => {
  it('are denied every statement and document (default deny)', () => {
    const person = {
      kind: 'person' as const,
      tenantId: 't1',
      personId: 'p1',
      roles: ['learner', 'admin'],
      groupIds: [],
      agentIfiHashes: ['h1'],
    };
    const ability = defineAbilityFor(person);
    expect(accessFilterFor(ability, 'read', 'Statement')).toBeNull();
    expect(accessFilterFor(ability, 'read', 'Document')).toBeNull();
    expect(ability.can('write', 'Statement')).toBe(false);
  });
});
