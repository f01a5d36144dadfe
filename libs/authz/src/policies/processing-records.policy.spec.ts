// docs/privacy-operations.md "Records of processing": a tenant's admins and auditors have its records of
// processing; nobody else, never across tenants.
import { describe, expect, it } from 'vitest';

import { abilityWithoutPolicies, processingRecordsOf } from '../ability.factory.js';

const person = (roles: string[]) => ({
  kind: 'person' as const,
  tenantId: 't1',
  personId: 'p1',
  roles,
  groupIds: [],
  agentIfiHashes: ['a'.repeat(64)],
});

describe('records of processing policy', () => {
  it.each([
    [['admin'], true],
    [['auditor'], true],
    [['consumer'], false],
    [['learner'], false],
    [[], false],
  ])('roles %j read their tenant’s records of processing: %s', (roles, allowed) => {
    expect(abilityWithoutPolicies(person(roles)).can('read', processingRecordsOf('t1'))).toBe(allowed);
  });

  it('never reaches another tenant', () => {
    expect(abilityWithoutPolicies(person(['admin', 'auditor'])).can('read', processingRecordsOf('t2'))).toBe(
      false,
    );
  });

  it('is not a right to change policies or retention', () => {
    const ability = abilityWithoutPolicies(person(['auditor']));
    expect(ability.can('manage', processingRecordsOf('t1'))).toBe(false);
  });
});
