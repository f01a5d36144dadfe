import { describe, expect, it } from 'vitest';

import { abilityWithoutPolicies } from './ability.factory.js';
import { type AccessFilter, accessFilterFor } from './access-filter.js';
import { bindFilterFields, isFalseFilter, isTrueFilter } from './filter-bind.js';

const tenant: AccessFilter = { field: 'tenantId', op: 'eq', value: 't' };

describe('bindFilterFields', () => {
  it.each<[string, AccessFilter, 'true' | 'false']>([
    ['eq, equal', { field: 'kind', op: 'eq', value: 'state' }, 'true'],
    ['eq, different', { field: 'kind', op: 'eq', value: 'agentProfile' }, 'false'],
    ['eq null', { field: 'kind', op: 'eq', value: null }, 'false'],
    ['ne, different', { field: 'kind', op: 'ne', value: 'agentProfile' }, 'true'],
    ['ne null', { field: 'kind', op: 'ne', value: null }, 'true'],
    ['in, listed', { field: 'kind', op: 'in', value: ['agentProfile', 'state'] }, 'true'],
    ['in, not listed', { field: 'kind', op: 'in', value: ['agentProfile'] }, 'false'],
    ['nin, listed', { field: 'kind', op: 'nin', value: ['state'] }, 'false'],
    ['nin, empty', { field: 'kind', op: 'nin', value: [] }, 'true'],
    ['lt', { field: 'kind', op: 'lt', value: 'z' }, 'true'],
    ['gte', { field: 'kind', op: 'gte', value: 'z' }, 'false'],
    ['not of a decided condition', { not: { field: 'kind', op: 'eq', value: 'state' } }, 'false'],
  ])('decides %s', (_, condition, expected) => {
    const bound = bindFilterFields({ and: [tenant, condition] }, { kind: 'state' });
    expect(bound).toEqual(expected === 'true' ? tenant : { or: [] });
    expect(isFalseFilter(bound)).toBe(expected === 'false');
  });

  it('keeps conditions on other fields and folds the rest', () => {
    const filter: AccessFilter = {
      and: [
        tenant,
        {
          or: [
            { field: 'kind', op: 'eq', value: 'agentProfile' },
            {
              and: [
                { field: 'kind', op: 'eq', value: 'state' },
                { field: 'registration', op: 'eq', value: 'r' },
              ],
            },
          ],
        },
      ],
    };
    expect(bindFilterFields(filter, { kind: 'state' })).toEqual({
      and: [tenant, { field: 'registration', op: 'eq', value: 'r' }],
    });
    expect(bindFilterFields(filter, { kind: 'agentProfile' })).toEqual(tenant);
    expect(isFalseFilter(bindFilterFields(filter, { kind: 'activityProfile' }))).toBe(true);
  });
});

describe('isTrueFilter', () => {
  // "Reads the whole tenant" (the Agents resource combines identifiers for such a caller): the statement read
  // filter bound to the caller's own tenant is true.
  const tenantWide = (scopes: string[]) => {
    const filter = accessFilterFor(
      abilityWithoutPolicies({ tenantId: 't', credentialId: 'c', scopes }),
      'read',
      'Statement',
    );
    return filter !== null && isTrueFilter(bindFilterFields(filter, { tenantId: 't' }));
  };

  it.each([
    [['statements/read'], true],
    [['all/read'], true],
    [['all'], true],
    [['statements/read/mine'], false],
    [['statements/read/mine', 'statements/read'], true],
  ])('scopes %j read the whole tenant: %s', (scopes, expected) => {
    expect(tenantWide(scopes)).toBe(expected);
  });

  it('is false for a learner reading about themself', () => {
    const filter = accessFilterFor(
      abilityWithoutPolicies({
        kind: 'person',
        tenantId: 't',
        personId: 'p',
        roles: ['learner'],
        groupIds: [],
        agentIfiHashes: ['h'],
      }),
      'read',
      'Statement',
    )!;
    expect(isTrueFilter(bindFilterFields(filter, { tenantId: 't' }))).toBe(false);
    expect(isTrueFilter({ and: [] })).toBe(true);
    expect(isTrueFilter({ or: [] })).toBe(false);
  });
});
