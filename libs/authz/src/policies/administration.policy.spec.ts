import { subject } from '@casl/ability';
import { describe, expect, it } from 'vitest';

import {
  credentialsOf,
  abilityWithoutPolicies,
  peopleOf,
  retentionOf,
  signInsOf,
} from '../ability.factory.js';

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
    expect(abilityWithoutPolicies(person(roles)).can('manage', peopleOf('t1'))).toBe(allowed);
  });

  it.each([
    [['admin'], true],
    [['learner'], false],
    [['auditor'], false],
    [['consumer'], false],
  ])('roles %j may export the records of a person of their tenant: %s', (roles, allowed) => {
    expect(abilityWithoutPolicies(person(roles)).can('export', peopleOf('t1'))).toBe(allowed);
    expect(abilityWithoutPolicies(person(roles)).can('export', peopleOf('t2'))).toBe(false);
  });

  it.each([
    [['admin'], true],
    [['learner'], false],
    [['auditor'], false],
    [['consumer'], false],
  ])('roles %j may lift sign-in lockouts in their tenant: %s', (roles, allowed) => {
    expect(abilityWithoutPolicies(person(roles)).can('manage', signInsOf('t1'))).toBe(allowed);
    expect(abilityWithoutPolicies(person(roles)).can('manage', signInsOf('t2'))).toBe(false);
    const credential = { tenantId: 't1', credentialId: 'c1', scopes: ['all'] };
    expect(abilityWithoutPolicies(credential).can('manage', signInsOf('t1'))).toBe(false);
  });

  it.each([
    [['admin'], true],
    [['learner'], false],
    [['auditor'], false],
    [['consumer'], false],
  ])('roles %j may manage the xAPI credentials of their tenant: %s', (roles, allowed) => {
    expect(abilityWithoutPolicies(person(roles)).can('manage', credentialsOf('t1'))).toBe(allowed);
    expect(abilityWithoutPolicies(person(roles)).can('manage', credentialsOf('t2'))).toBe(false);
    // Not even a credential with every xAPI scope mints or revokes credentials: only a person with the role.
    const credential = { tenantId: 't1', credentialId: 'c1', scopes: ['all'] };
    expect(abilityWithoutPolicies(credential).can('manage', credentialsOf('t1'))).toBe(false);
  });

  it.each([
    [['admin'], true],
    [['learner'], false],
    [['auditor'], false],
    [['consumer'], false],
  ])('roles %j may manage the retention rules and legal holds of their tenant: %s', (roles, allowed) => {
    expect(abilityWithoutPolicies(person(roles)).can('manage', retentionOf('t1'))).toBe(allowed);
    expect(abilityWithoutPolicies(person(roles)).can('manage', retentionOf('t2'))).toBe(false);
    // Retention removes records for good: no xAPI credential runs it, whatever its scopes.
    const credential = { tenantId: 't1', credentialId: 'c1', scopes: ['all'] };
    expect(abilityWithoutPolicies(credential).can('manage', retentionOf('t1'))).toBe(false);
  });

  it('never reaches another tenant', () => {
    expect(abilityWithoutPolicies(person(['admin'])).can('manage', peopleOf('t2'))).toBe(false);
  });

  it.each([
    [['admin'], true],
    [['auditor'], false],
    [['consumer'], false],
  ])('roles %j may have access to any statement of their tenant explained: %s', (roles, allowed) => {
    const ability = abilityWithoutPolicies(person(roles));
    const statement = (tenantId: string) =>
      subject('Statement', {
        tenantId,
        authorityCredentialId: 'c1',
        verbIri: 'v',
        objectActivityId: null,
        registration: null,
        stored: '2025-01-01T00:00:00.000Z',
        subjectIfiHashes: [],
      });
    expect(ability.can('explain', statement('t1'))).toBe(allowed);
    expect(ability.can('explain', statement('t2'))).toBe(false);
    expect(ability.can('read', statement('t1'))).toBe(false);
  });

  it('gives credentials no say over people, whatever their scopes', () => {
    const credential = { tenantId: 't1', credentialId: 'c1', scopes: ['all'] };
    expect(abilityWithoutPolicies(credential).can('manage', peopleOf('t1'))).toBe(false);
  });
});
