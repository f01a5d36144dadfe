import { subject } from '@casl/ability';
import { describe, expect, it } from 'vitest';

import { abilityWithPolicies, rulesFor } from '../ability.factory.js';
import { accessFilterFor } from '../access-filter.js';
import type { InstitutionPolicy, LawfulBasis } from './institution.policy.js';

const tenantId = 't1';
const consumer = { kind: 'credential' as const, tenantId, credentialId: 'c1', scopes: [] };
const policy = (lawfulBasis: LawfulBasis, scope: InstitutionPolicy['scope'] = {}): InstitutionPolicy => ({
  id: 'p1',
  version: 1,
  tenantId,
  lawfulBasis,
  scope,
});
const statement = (
  fields: {
    grantedPolicyIds?: string[];
    objectedPolicyIds?: string[];
    parentActivityIds?: string[];
    groupingActivityIds?: string[];
    categoryActivityIds?: string[];
    otherActivityIds?: string[];
  } = {},
) =>
  subject('Statement', {
    tenantId,
    authorityCredentialId: 'x',
    verbIri: 'https://v/completed',
    objectActivityId: 'https://a.org/course_1/unit',
    registration: null,
    stored: '2025-01-01T00:00:10.000Z',
    subjectIfiHashes: ['h'],
    ...fields,
  });

describe('institution policies as rules (DESIGN "Access model" step 4)', () => {
  it.each([
    // basis, no grant and no objection, granted, objected
    ['consent', false, true, false],
    ['legitimate-interest', true, true, false],
    ['contract', true, true, false],
    ['public-task', true, true, false],
    ['legal-obligation', true, true, true],
  ] as const)('%s: plain %s, granted %s, objected %s', (basis, plain, granted, objected) => {
    const ability = abilityWithPolicies(consumer, [policy(basis)]);
    expect(ability.can('read', statement())).toBe(plain);
    expect(ability.can('read', statement({ grantedPolicyIds: ['p1'] }))).toBe(granted);
    expect(ability.can('read', statement({ objectedPolicyIds: ['p1'], grantedPolicyIds: ['p1'] }))).toBe(
      basis === 'consent' ? true : objected,
    );
  });

  it('applies the scope: verbs, activity prefixes (literally), registrations and the stored window', () => {
    const can = (scope: InstitutionPolicy['scope']) =>
      abilityWithPolicies(consumer, [policy('legal-obligation', scope)]).can('read', statement());
    expect(can({ verbs: ['https://v/completed'] })).toBe(true);
    expect(can({ verbs: ['https://v/attempted'] })).toBe(false);
    expect(can({ activityPrefixes: ['https://a.org/course_'] })).toBe(true);
    expect(can({ activityPrefixes: ['https://a.org/course.'] })).toBe(false);
    expect(can({ activityPrefixes: ['https://b.org/', 'https://a.org/'] })).toBe(true);
    expect(can({ registrations: ['r'] })).toBe(false);
    expect(can({ storedFrom: '2025-01-01T00:00:10.000Z', storedUntil: '2025-01-01T00:00:11.000Z' })).toBe(
      true,
    );
    expect(can({ storedUntil: '2025-01-01T00:00:10.000Z' })).toBe(false);
  });

  it('turns into a filter with prefix and set conditions, never a list of ids', () => {
    const ability = abilityWithPolicies(consumer, [
      policy('consent', { activityPrefixes: ['https://a.org/'] }),
    ]);
    expect(accessFilterFor(ability, 'read', 'Statement')).toEqual({
      and: [
        { field: 'tenantId', op: 'eq', value: tenantId },
        { field: 'grantedPolicyIds', op: 'in', value: ['p1'] },
        { field: 'objectActivityId', op: 'prefix', value: 'https://a.org/' },
      ],
    });
  });

  it('applies context-activity prefixes per kind: one prefix of a kind suffices, every kind given must hold', () => {
    const can = (scope: InstitutionPolicy['scope'], fields: Parameters<typeof statement>[0]) =>
      abilityWithPolicies(consumer, [policy('legal-obligation', scope)]).can('read', statement(fields));
    const course = { contextActivities: { parent: ['https://a.org/course_1/', 'https://a.org/course_2/'] } };
    expect(can(course, { parentActivityIds: ['https://a.org/course_2/unit'] })).toBe(true);
    expect(can(course, { parentActivityIds: ['https://b.org/x', 'https://a.org/course_1/'] })).toBe(true);
    // Literal: `_` and `.` are no wildcards; the kind matters; no context activities at all reads nothing.
    expect(can(course, { parentActivityIds: ['https://a.org/courseX1/unit'] })).toBe(false);
    expect(can(course, { groupingActivityIds: ['https://a.org/course_1/'] })).toBe(false);
    expect(can(course, {})).toBe(false);
    const both = { contextActivities: { parent: ['https://a.org/'], category: ['https://profile/'] } };
    expect(
      can(both, { parentActivityIds: ['https://a.org/1'], categoryActivityIds: ['https://profile/x'] }),
    ).toBe(true);
    expect(can(both, { parentActivityIds: ['https://a.org/1'] })).toBe(false);
    expect(
      can({ contextActivities: { other: ['https://tag/'] } }, { otherActivityIds: ['https://tag/a'] }),
    ).toBe(true);
    expect(can({ contextActivities: { grouping: [] } }, { groupingActivityIds: ['https://a.org/'] })).toBe(
      false,
    );
  });

  it('keeps one rule per activity prefix whatever the number of context-activity prefixes', () => {
    const rules = rulesFor(consumer, {
      policies: [
        policy('legal-obligation', {
          activityPrefixes: ['https://a.org/1', 'https://a.org/2'],
          contextActivities: {
            parent: ['https://p/1', 'https://p/2', 'https://p/3'],
            grouping: ['https://g/1', 'https://g/2'],
          },
        }),
      ],
    });
    expect(rules).toHaveLength(2);
  });

  it('turns context-activity prefixes into prefix conditions on the set fields, ORed within a kind', () => {
    const ability = abilityWithPolicies(consumer, [
      policy('legal-obligation', {
        contextActivities: { parent: ['https://a.org/'], grouping: ['https://g/1|', 'https://g/(2)'] },
      }),
    ]);
    expect(accessFilterFor(ability, 'read', 'Statement')).toEqual({
      and: [
        { field: 'tenantId', op: 'eq', value: tenantId },
        { field: 'parentActivityIds', op: 'prefix', value: 'https://a.org/' },
        {
          or: [
            { field: 'groupingActivityIds', op: 'prefix', value: 'https://g/1|' },
            { field: 'groupingActivityIds', op: 'prefix', value: 'https://g/(2)' },
          ],
        },
      ],
    });
  });

  it('refuses a policy of another tenant', () => {
    expect(() => rulesFor(consumer, { policies: [{ ...policy('consent'), tenantId: 't2' }] })).toThrow(
      /tenant/,
    );
  });
});
