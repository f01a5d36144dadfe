import { subject } from '@casl/ability';
import { describe, expect, it } from 'vitest';

import { abilityFromRules, abilityWithoutPolicies } from './ability.factory.js';
import type { Action, StatementSubject } from './actions.js';
import { MAX_FILTER_DEPTH, accessFilterFor, isAccessFilter, type AccessFilter } from './access-filter.js';
import { evaluateFilter } from './test/evaluate-filter.js';
import { compileSql } from './test/compile-sql.js';

const me = { tenantId: 'tenant-a', credentialId: 'cred-1' };

const columns = {
  tenantId: 's.tenant_id',
  authorityCredentialId: 's.authority_credential_id',
  verbIri: 's.verb_iri',
  objectActivityId: 's.object_activity_id',
  registration: 's.registration',
  stored: 's.stored',
};

const sqlFor = (scopes: string[], action: Action) => {
  const filter = accessFilterFor(abilityWithoutPolicies({ ...me, scopes }), action, 'Statement');
  return filter && compileSql(filter, columns, 1);
};

const tenantOnly = { sql: 's.tenant_id = $1', params: ['tenant-a'] };
const mineOnly = {
  sql: '(s.tenant_id = $1 AND s.authority_credential_id = $2)',
  params: ['tenant-a', 'cred-1'],
};

describe('principal → ability → filter → SQL', () => {
  it.each<[string[], typeof tenantOnly | null, typeof tenantOnly | null]>([
    [[], null, null],
    [['all'], tenantOnly, tenantOnly],
    [['all/read'], tenantOnly, null],
    [['statements/read'], tenantOnly, null],
    [['statements/write'], null, tenantOnly],
    [['statements/read/mine'], mineOnly, null],
    [['state', 'define', 'profile'], null, null],
    [['statements/read/mine', 'statements/write'], mineOnly, tenantOnly],
    [['statements/read/mine', 'statements/read'], tenantOnly, null],
    [['all', 'all/read', 'statements/read', 'statements/read/mine'], tenantOnly, tenantOnly],
  ])('scopes %j: read %j, write %j', (scopes, read, write) => {
    expect(sqlFor(scopes, 'read')).toEqual(read);
    expect(sqlFor(scopes, 'write')).toEqual(write);
  });

  it.each([[[]], [['all']], [['statements/read/mine']]])('grants no void for %j', (scopes) => {
    expect(sqlFor(scopes, 'void')).toBeNull();
  });
});

describe('accessFilterFor with rules from another service', () => {
  const allow = (conditions: Record<string, unknown>) => ({
    action: 'read',
    subject: 'Statement',
    conditions,
  });
  const deny = (conditions?: Record<string, unknown>) => ({
    action: 'read',
    subject: 'Statement',
    inverted: true,
    ...(conditions && { conditions }),
  });
  const filterOf = (rules: unknown[]) => accessFilterFor(abilityFromRules(rules), 'read', 'Statement');

  // CASL lists the allows latest first, hence the order inside the OR.
  it('bounds every allow by every deny, whatever the order, with the tenant on top', () => {
    const expected: AccessFilter = {
      and: [
        { field: 'tenantId', op: 'eq', value: 'tenant-a' },
        { not: { field: 'verbIri', op: 'eq', value: 'v:voided' } },
        {
          or: [
            { field: 'registration', op: 'eq', value: 'reg-1' },
            { field: 'authorityCredentialId', op: 'eq', value: 'cred-1' },
          ],
        },
      ],
    };
    const allowMine = allow({ tenantId: 'tenant-a', authorityCredentialId: 'cred-1' });
    const allowRegistration = allow({ tenantId: 'tenant-a', registration: 'reg-1' });
    const denyVoided = deny({ verbIri: 'v:voided' });
    expect(filterOf([allowMine, allowRegistration, denyVoided])).toEqual(expected);
    expect(filterOf([denyVoided, allowMine, allowRegistration])).toEqual(expected);
    expect(compileSql(expected, columns, 1)).toEqual({
      sql:
        '(s.tenant_id = $1 AND (s.verb_iri = $2) IS NOT TRUE' +
        ' AND (s.registration = $3 OR s.authority_credential_id = $4))',
      params: ['tenant-a', 'v:voided', 'reg-1', 'cred-1'],
    });
  });

  it('keeps a multi-condition deny as one negated conjunction', () => {
    expect(
      filterOf([allow({ tenantId: 'tenant-a' }), deny({ tenantId: 'tenant-a', registration: null })]),
    ).toEqual({
      and: [
        { field: 'tenantId', op: 'eq', value: 'tenant-a' },
        {
          not: {
            and: [
              { field: 'tenantId', op: 'eq', value: 'tenant-a' },
              { field: 'registration', op: 'eq', value: null },
            ],
          },
        },
      ],
    });
  });

  it('returns null when an unconditional deny overrides everything', () => {
    expect(filterOf([allow({ tenantId: 'tenant-a' }), deny()])).toBeNull();
  });

  it('returns null when there are only denies', () => {
    expect(filterOf([deny({ verbIri: 'v' })])).toBeNull();
  });

  it('translates the supported operators', () => {
    expect(
      filterOf([
        allow({
          tenantId: 'tenant-a',
          verbIri: { $in: ['a', 'b'] },
          registration: { $nin: [null] },
          objectActivityId: { $ne: 'x' },
          stored: { $gte: '2025', $lt: '2026' },
        }),
      ]),
    ).toEqual({
      and: [
        { field: 'tenantId', op: 'eq', value: 'tenant-a' },
        { field: 'verbIri', op: 'in', value: ['a', 'b'] },
        { field: 'registration', op: 'nin', value: [null] },
        { field: 'objectActivityId', op: 'ne', value: 'x' },
        { field: 'stored', op: 'gte', value: '2025' },
        { field: 'stored', op: 'lt', value: '2026' },
      ],
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['$regex other than ^<escaped literal>', { verbIri: { $regex: '^http.*x' } }],
    ['$regex with a flag', { verbIri: { $regex: /^http/i } }],
    ['$exists', { registration: { $exists: true } }],
    ['$elemMatch', { registration: { $elemMatch: { a: 1 } } }],
    ['an object value', { registration: { nested: 'x' } }],
    ['$or, which CASL reads as a field holding an object', { $or: [{ verbIri: 'a' }] }],
  ])('fails loudly on %s', (_, extra) => {
    expect(() => filterOf([allow({ tenantId: 'tenant-a', ...extra })])).toThrow();
  });
});

describe('filter semantics match CASL', () => {
  const base: StatementSubject = {
    tenantId: 'tenant-a',
    authorityCredentialId: 'cred-1',
    verbIri: 'v:done',
    objectActivityId: null,
    registration: null,
    stored: '2025-06-01',
    subjectIfiHashes: [],
  };
  const rows: StatementSubject[] = [];
  for (const tenantId of ['tenant-a', 'tenant-b']) {
    for (const authorityCredentialId of ['cred-1', 'cred-2']) {
      for (const verbIri of ['v:done', 'v:voided']) {
        for (const registration of [null, 'reg-1', 'reg-2']) {
          for (const stored of ['2024-06-01', '2025-06-01']) {
            rows.push({ ...base, tenantId, authorityCredentialId, verbIri, registration, stored });
          }
        }
      }
    }
  }

  const t = { tenantId: 'tenant-a' };
  const ruleSets: Record<string, unknown[]> = {
    'one tenant': [{ action: 'read', subject: 'Statement', conditions: t }],
    'mine plus a registration': [
      { action: 'read', subject: 'Statement', conditions: { ...t, authorityCredentialId: 'cred-1' } },
      { action: 'read', subject: 'Statement', conditions: { ...t, registration: 'reg-1' } },
    ],
    'deny on a null-able field': [
      { action: 'read', subject: 'Statement', conditions: t },
      { action: 'read', subject: 'Statement', inverted: true, conditions: { registration: 'reg-1' } },
    ],
    'deny null registrations': [
      { action: 'read', subject: 'Statement', conditions: t },
      { action: 'read', subject: 'Statement', inverted: true, conditions: { registration: null } },
    ],
    'nin and ne': [
      { action: 'read', subject: 'Statement', conditions: { ...t, registration: { $nin: ['reg-1'] } } },
      { action: 'read', subject: 'Statement', conditions: { ...t, verbIri: { $ne: 'v:done' } } },
    ],
    'in with null, denied range': [
      { action: 'read', subject: 'Statement', conditions: { ...t, registration: { $in: [null, 'reg-2'] } } },
      { action: 'read', subject: 'Statement', inverted: true, conditions: { stored: { $lt: '2025-01-01' } } },
    ],
    'deny before allow, several of each': [
      { action: 'read', subject: 'Statement', inverted: true, conditions: { verbIri: 'v:voided' } },
      { action: 'read', subject: 'Statement', conditions: { ...t, authorityCredentialId: 'cred-2' } },
      {
        action: 'read',
        subject: 'Statement',
        inverted: true,
        conditions: { ...t, registration: { $nin: [null] } },
      },
      { action: 'read', subject: 'Statement', conditions: { ...t, stored: { $gte: '2025-01-01' } } },
    ],
  };

  it.each(Object.entries(ruleSets))('%s', (_, rules) => {
    const ability = abilityFromRules(rules);
    const filter = accessFilterFor(ability, 'read', 'Statement');
    expect(filter).not.toBeNull();
    for (const row of rows) {
      expect({ row, allowed: evaluateFilter(filter!, { ...row }) === true }).toEqual({
        row,
        allowed: ability.can('read', subject('Statement', { ...row })),
      });
    }
  });
});

describe('isAccessFilter', () => {
  it('accepts what accessFilterFor produces, after a JSON round trip', () => {
    const ability = abilityFromRules([
      {
        action: 'read',
        subject: 'Statement',
        conditions: { tenantId: 't', registration: { $in: ['r', null] } },
      },
      { action: 'read', subject: 'Statement', conditions: { tenantId: 't', stored: { $gte: '2025' } } },
      { action: 'read', subject: 'Statement', inverted: true, conditions: { verbIri: 'v' } },
    ]);
    const filter = accessFilterFor(ability, 'read', 'Statement');
    expect(isAccessFilter(JSON.parse(JSON.stringify(filter)))).toBe(true);
  });

  it.each<[string, unknown]>([
    ['an empty and', { and: [] }],
    ['an empty or', { or: [] }],
    ['eq null', { field: 'f', op: 'eq', value: null }],
    ['eq a boolean', { field: 'f', op: 'eq', value: true }],
    ['in with null', { field: 'f', op: 'in', value: [null, 'a', 1] }],
    ['a numeric range', { field: 'f', op: 'lte', value: 3 }],
    ['nesting', { not: { or: [{ and: [{ field: 'f', op: 'ne', value: 'x' }] }] } }],
  ])('accepts %s', (_, x) => {
    expect(isAccessFilter(x)).toBe(true);
  });

  const deep = (depth: number): unknown =>
    depth === 1 ? { field: 'f', op: 'eq', value: 1 } : { not: deep(depth - 1) };

  it('accepts nesting up to MAX_FILTER_DEPTH', () => {
    expect(isAccessFilter(deep(MAX_FILTER_DEPTH))).toBe(true);
  });

  const sparse: unknown[] = ['a'];
  sparse[2] = 'b';

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'tenantId = 1'],
    ['an array', [{ field: 'f', op: 'eq', value: 1 }]],
    ['an empty object', {}],
    ['two shapes at once', { and: [], or: [] }],
    ['a leaf with an extra property', { field: 'f', op: 'eq', value: 1, sql: 'TRUE' }],
    ['a leaf missing its value', { field: 'f', op: 'eq' }],
    ['an empty field', { field: '', op: 'eq', value: 1 }],
    ['a non-string field', { field: 1, op: 'eq', value: 1 }],
    ['an unknown operator', { field: 'f', op: 'like', value: '%' }],
    ['an object value', { field: 'f', op: 'eq', value: { $ne: 1 } }],
    ['an array under eq', { field: 'f', op: 'eq', value: [1] }],
    ['a scalar under in', { field: 'f', op: 'in', value: 'a' }],
    ['a nested list under in', { field: 'f', op: 'in', value: [['a']] }],
    ['a sparse list under in', { field: 'f', op: 'in', value: sparse }],
    ['null in a range', { field: 'f', op: 'gt', value: null }],
    ['a boolean in a range', { field: 'f', op: 'gt', value: true }],
    ['Infinity', { field: 'f', op: 'gt', value: Number.POSITIVE_INFINITY }],
    ['NaN', { field: 'f', op: 'eq', value: Number.NaN }],
    ['a non-list and', { and: { field: 'f', op: 'eq', value: 1 } }],
    ['a bad child', { or: [{ field: 'f', op: 'eq', value: 1 }, { nope: true }] }],
    ['a not of a list', { not: [{ field: 'f', op: 'eq', value: 1 }] }],
    ['nesting beyond MAX_FILTER_DEPTH', deep(MAX_FILTER_DEPTH + 1)],
  ])('rejects %s', (_, x) => {
    expect(isAccessFilter(x)).toBe(false);
  });
});
