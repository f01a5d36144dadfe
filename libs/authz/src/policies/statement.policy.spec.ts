import { subject } from '@casl/ability';
import { describe, expect, it } from 'vitest';

import { abilityWithoutPolicies, rulesFor } from '../ability.factory.js';
import type { Action, StatementSubject } from '../actions.js';
import { XAPI_SCOPES } from '../scopes.js';

const me = { tenantId: 'tenant-a', credentialId: 'cred-1' };

const row = (overrides: Partial<StatementSubject>): StatementSubject => ({
  tenantId: me.tenantId,
  authorityCredentialId: me.credentialId,
  verbIri: 'http://adlnet.gov/expapi/verbs/completed',
  objectActivityId: 'http://example.com/activity/1',
  registration: null,
  stored: '2025-01-01T00:00:00.000Z',
  subjectIfiHashes: [],
  ...overrides,
});

// The three statements whose treatment tells the scopes apart.
const statements = {
  mine: row({}),
  colleagues: row({ authorityCredentialId: 'cred-2' }),
  otherTenants: row({ tenantId: 'tenant-b' }),
};

type Reach = 'none' | 'mine' | 'tenant';

const reach = (scopes: readonly string[], action: Action): Reach => {
  const ability = abilityWithoutPolicies({ ...me, scopes });
  const can = (s: StatementSubject) => ability.can(action, subject('Statement', s));
  if (can(statements.otherTenants)) throw new Error(`${action} crossed the tenant boundary`);
  if (can(statements.colleagues)) return 'tenant';
  return can(statements.mine) ? 'mine' : 'none';
};

describe('statement policy', () => {
  const cases: { scopes: string[]; read: Reach; write: Reach }[] = [
    { scopes: [], read: 'none', write: 'none' },
    { scopes: ['all'], read: 'tenant', write: 'tenant' },
    { scopes: ['all/read'], read: 'tenant', write: 'none' },
    { scopes: ['statements/read'], read: 'tenant', write: 'none' },
    { scopes: ['statements/write'], read: 'none', write: 'tenant' },
    { scopes: ['statements/read/mine'], read: 'mine', write: 'none' },
    { scopes: ['state'], read: 'none', write: 'none' },
    { scopes: ['define'], read: 'none', write: 'none' },
    { scopes: ['profile'], read: 'none', write: 'none' },
    { scopes: ['statements/read/mine', 'statements/write'], read: 'mine', write: 'tenant' },
    { scopes: ['statements/read/mine', 'statements/read'], read: 'tenant', write: 'none' },
    { scopes: ['statements/read', 'statements/read/mine'], read: 'tenant', write: 'none' },
    { scopes: ['all/read', 'statements/write'], read: 'tenant', write: 'tenant' },
    { scopes: ['state', 'define', 'profile'], read: 'none', write: 'none' },
    { scopes: ['all', 'statements/read/mine'], read: 'tenant', write: 'tenant' },
    { scopes: ['statements/read/mine', 'statements/read/mine'], read: 'mine', write: 'none' },
  ];

  it('has a case for every scope on its own', () => {
    const single = cases.filter((c) => c.scopes.length === 1).map((c) => c.scopes[0]);
    expect(single.toSorted()).toEqual([...XAPI_SCOPES].toSorted());
  });

  it.each(cases)('$scopes: read $read, write $write', ({ scopes, read, write }) => {
    expect(reach(scopes, 'read')).toBe(read);
    expect(reach(scopes, 'write')).toBe(write);
  });

  it.each(cases)('$scopes: explain only with all', ({ scopes }) => {
    expect(reach(scopes, 'explain')).toBe(scopes.includes('all') ? 'tenant' : 'none');
  });

  it.each(cases)('$scopes: never void or manage', ({ scopes }) => {
    expect(reach(scopes, 'void')).toBe('none');
    expect(reach(scopes, 'manage')).toBe('none');
  });

  it('answers "no" for the subject type when no scope grants the action', () => {
    const ability = abilityWithoutPolicies({ ...me, scopes: ['statements/write'] });
    expect(ability.can('write', 'Statement')).toBe(true);
    expect(ability.can('read', 'Statement')).toBe(false);
  });

  it.each(XAPI_SCOPES)('conditions every %s rule on the principal tenant', (scope) => {
    for (const rule of rulesFor({ ...me, scopes: [scope] })) {
      expect(rule.inverted).toBeFalsy();
      expect(rule.conditions).toMatchObject({ tenantId: me.tenantId });
    }
  });

  it('conditions every rule of a combined scope set on the principal tenant', () => {
    const rules = rulesFor({ ...me, scopes: [...XAPI_SCOPES] });
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(rule.conditions).toMatchObject({ tenantId: me.tenantId });
  });

  it('limits statements/read/mine to the asking credential', () => {
    expect(rulesFor({ ...me, scopes: ['statements/read/mine'] })).toEqual([
      {
        action: ['read'],
        subject: 'Statement',
        conditions: { tenantId: me.tenantId, authorityCredentialId: me.credentialId },
      },
    ]);
  });
});
