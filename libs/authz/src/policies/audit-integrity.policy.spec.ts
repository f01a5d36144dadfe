// docs/audit.md "Verifying the log": the tenant's auditors and admins verify the chain and have checkpoints
// signed; nobody else (learners, consumers, xAPI credentials whatever their scopes), never across tenants; and
// the right to verify is not a right to read the records.
import { describe, expect, it } from 'vitest';

import { abilityFromRules, auditLogOf, abilityWithoutPolicies, rulesFor } from '../ability.factory.js';

const person = (roles: string[], tenantId = 't1') => ({
  kind: 'person' as const,
  tenantId,
  personId: 'p1',
  roles,
  groupIds: [],
  agentIfiHashes: ['a'.repeat(64)],
});

describe('audit integrity policy', () => {
  it.each([
    [['auditor'], true],
    [['admin'], true],
    [['admin', 'learner'], true],
    [['consumer'], false],
    [['learner'], false],
    [[], false],
  ])('roles %j verify and checkpoint their tenant’s log: %s', (roles, allowed) => {
    const ability = abilityWithoutPolicies(person(roles));
    expect(ability.can('verify', auditLogOf('t1'))).toBe(allowed);
    expect(ability.can('checkpoint', auditLogOf('t1'))).toBe(allowed);
  });

  it('never reaches another tenant', () => {
    const ability = abilityWithoutPolicies(person(['auditor', 'admin']));
    expect(ability.can('verify', auditLogOf('t2'))).toBe(false);
    expect(ability.can('checkpoint', auditLogOf('t2'))).toBe(false);
  });

  it('gives an admin no right to read the records themselves', () => {
    expect(abilityWithoutPolicies(person(['admin'])).can('read', auditLogOf('t1'))).toBe(false);
  });

  it('gives xAPI credentials nothing, whatever their scopes', () => {
    const ability = abilityWithoutPolicies({ tenantId: 't1', credentialId: 'c1', scopes: ['all'] });
    expect(ability.can('verify', auditLogOf('t1'))).toBe(false);
    expect(ability.can('checkpoint', auditLogOf('t1'))).toBe(false);
  });

  it('survives the trip to another service', () => {
    const ability = abilityFromRules(JSON.parse(JSON.stringify(rulesFor(person(['auditor'])))));
    expect(ability.can('verify', auditLogOf('t1'))).toBe(true);
  });
});
