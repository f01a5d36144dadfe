import { describe, expect, it } from 'vitest';

import type { AccessFilter } from './access-filter.js';
import { compileSql } from './test/compile-sql.js';

const columns = {
  tenantId: 's.tenant_id',
  authorityCredentialId: 's.authority_credential_id',
  verbIri: 's.verb_iri',
  registration: 's.registration',
  stored: 's.stored',
};

const tenant: AccessFilter = { field: 'tenantId', op: 'eq', value: 'tenant-a' };
const mine: AccessFilter = { field: 'authorityCredentialId', op: 'eq', value: 'cred-1' };

const toSql = (filter: AccessFilter, firstParam = 1) => compileSql(filter, columns, firstParam);

describe('accessFilterToSql', () => {
  it.each<[string, AccessFilter, string, unknown[]]>([
    ['tenant only', tenant, 's.tenant_id = $1', ['tenant-a']],
    [
      'statements/read/mine',
      { and: [tenant, mine] },
      '(s.tenant_id = $1 AND s.authority_credential_id = $2)',
      ['tenant-a', 'cred-1'],
    ],
    [
      'several rules',
      {
        or: [{ and: [tenant, mine] }, { and: [tenant, { field: 'registration', op: 'eq', value: 'reg-1' }] }],
      },
      '((s.tenant_id = $1 AND s.authority_credential_id = $2) OR (s.tenant_id = $3 AND s.registration = $4))',
      ['tenant-a', 'cred-1', 'tenant-a', 'reg-1'],
    ],
    [
      'a deny over an allow',
      { and: [tenant, { not: { field: 'verbIri', op: 'eq', value: 'v:voided' } }] },
      '(s.tenant_id = $1 AND (s.verb_iri = $2) IS NOT TRUE)',
      ['tenant-a', 'v:voided'],
    ],
    [
      'a multi-condition deny over two allows',
      {
        and: [
          tenant,
          { not: { and: [tenant, { field: 'registration', op: 'eq', value: 'reg-1' }] } },
          { or: [mine, { field: 'verbIri', op: 'eq', value: 'v:done' }] },
        ],
      },
      '(s.tenant_id = $1 AND (s.tenant_id = $2 AND s.registration = $3) IS NOT TRUE' +
        ' AND (s.authority_credential_id = $4 OR s.verb_iri = $5))',
      ['tenant-a', 'tenant-a', 'reg-1', 'cred-1', 'v:done'],
    ],
    ['eq null', { field: 'registration', op: 'eq', value: null }, 's.registration IS NULL', []],
    ['ne null', { field: 'registration', op: 'ne', value: null }, 's.registration IS NOT NULL', []],
    [
      'ne a value',
      { field: 'registration', op: 'ne', value: 'r' },
      's.registration IS DISTINCT FROM $1',
      ['r'],
    ],
    ['in an empty list', { field: 'verbIri', op: 'in', value: [] }, 'FALSE', []],
    ['nin an empty list', { field: 'verbIri', op: 'nin', value: [] }, 'TRUE', []],
    ['in a list', { field: 'verbIri', op: 'in', value: ['a', 'b'] }, 's.verb_iri IN ($1, $2)', ['a', 'b']],
    [
      'nin a list',
      { field: 'verbIri', op: 'nin', value: ['a', 'b'] },
      '(s.verb_iri IN ($1, $2)) IS NOT TRUE',
      ['a', 'b'],
    ],
    [
      'in a list holding null',
      { field: 'registration', op: 'in', value: ['r', null] },
      '(s.registration IS NULL OR s.registration IN ($1))',
      ['r'],
    ],
    ['in only null', { field: 'registration', op: 'in', value: [null] }, 's.registration IS NULL', []],
    [
      'nin a list holding null',
      { field: 'registration', op: 'nin', value: [null, 'r'] },
      '(s.registration IS NULL OR s.registration IN ($1)) IS NOT TRUE',
      ['r'],
    ],
    [
      'ranges',
      {
        and: [
          { field: 'stored', op: 'gte', value: '2025-01-01' },
          { field: 'stored', op: 'lt', value: '2026-01-01' },
          { field: 'stored', op: 'gt', value: '2024-01-01' },
          { field: 'stored', op: 'lte', value: '2027-01-01' },
        ],
      },
      '(s.stored >= $1 AND s.stored < $2 AND s.stored > $3 AND s.stored <= $4)',
      ['2025-01-01', '2026-01-01', '2024-01-01', '2027-01-01'],
    ],
    ['an empty and', { and: [] }, 'TRUE', []],
    ['an empty or', { or: [] }, 'FALSE', []],
    ['a one-child or', { or: [tenant] }, 's.tenant_id = $1', ['tenant-a']],
    [
      'not of a junction',
      { not: { or: [tenant, mine] } },
      '(s.tenant_id = $1 OR s.authority_credential_id = $2) IS NOT TRUE',
      ['tenant-a', 'cred-1'],
    ],
    [
      'double negation',
      { not: { not: tenant } },
      '((s.tenant_id = $1) IS NOT TRUE) IS NOT TRUE',
      ['tenant-a'],
    ],
  ])('renders %s', (_, filter, sql, params) => {
    expect(toSql(filter)).toEqual({ sql, params });
  });

  it('brackets an OR inside an AND and an AND inside an OR', () => {
    expect(toSql({ and: [tenant, { or: [mine, { and: [tenant, mine] }] }] }).sql).toBe(
      '(s.tenant_id = $1 AND (s.authority_credential_id = $2 OR (s.tenant_id = $3 AND s.authority_credential_id = $4)))',
    );
  });

  it('numbers parameters from firstParam', () => {
    expect(toSql({ and: [tenant, { field: 'verbIri', op: 'in', value: ['a', 'b'] }] }, 4)).toEqual({
      sql: '(s.tenant_id = $4 AND s.verb_iri IN ($5, $6))',
      params: ['tenant-a', 'a', 'b'],
    });
  });

  it('passes numbers and booleans as parameters', () => {
    expect(
      compileSql(
        {
          and: [
            { field: 'n', op: 'gt', value: 3 },
            { field: 'b', op: 'eq', value: false },
          ],
        },
        { n: 'x.n', b: 'x.b' },
        1,
      ),
    ).toEqual({ sql: '(x.n > $1 AND x.b = $2)', params: [3, false] });
  });

  it('keeps an injection attempt in the parameters', () => {
    const evil = "tenant-a' OR '1'='1'; DROP TABLE statements; --";
    const { sql, params } = toSql({
      and: [
        { field: 'tenantId', op: 'eq', value: evil },
        { field: 'verbIri', op: 'in', value: [evil] },
        { not: { field: 'registration', op: 'ne', value: evil } },
      ],
    });
    expect(sql).toBe(
      '(s.tenant_id = $1 AND s.verb_iri IN ($2) AND (s.registration IS DISTINCT FROM $3) IS NOT TRUE)',
    );
    expect(params).toEqual([evil, evil, evil]);
  });

  it.each(['unknownField', 'constructor', '__proto__', 'toString', 'tenant_id', 's.tenant_id'])(
    'refuses the unmapped field %s',
    (field) => {
      expect(() => toSql({ and: [tenant, { field, op: 'eq', value: 'x' }] })).toThrow(/No column/);
    },
  );

  it('refuses a column map entry that is not a column reference', () => {
    expect(() => compileSql(tenant, { tenantId: 's.tenant_id OR TRUE --' }, 1)).toThrow(
      /not a column reference/,
    );
  });

  it('accepts quoted column references', () => {
    expect(compileSql(tenant, { tenantId: '"s"."Tenant ""Id"""' }, 1).sql).toBe('"s"."Tenant ""Id""" = $1');
  });

  it.each<[string, unknown]>([
    ['an unknown operator', { field: 'tenantId', op: 'like', value: 'x%' }],
    ['a regex operator', { field: 'tenantId', op: 'regex', value: '.*' }],
    ['an object value', { field: 'tenantId', op: 'eq', value: { $ne: 'x' } }],
    ['an array under eq', { field: 'tenantId', op: 'eq', value: ['x'] }],
    ['a scalar under in', { field: 'tenantId', op: 'in', value: 'x' }],
    ['an object inside in', { field: 'tenantId', op: 'in', value: [{}] }],
    ['null in a range', { field: 'stored', op: 'lt', value: null }],
    ['NaN', { field: 'stored', op: 'lt', value: Number.NaN }],
    ['a non-list and', { and: tenant }],
    ['a node with two shapes', { and: [], or: [tenant] }],
    ['a non-object node', { and: ['tenantId'] }],
    ['a node without a field', { op: 'eq', value: 'x' }],
  ])('refuses %s', (_, filter) => {
    expect(() => toSql(filter as AccessFilter)).toThrow();
  });
});
