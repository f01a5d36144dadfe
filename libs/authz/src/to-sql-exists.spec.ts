// Set fields (a statement's data subjects) become EXISTS sub-queries with one array parameter, never a list
// of record ids; DESIGN "Access model" and ADR 0003.
import { describe, expect, it } from 'vitest';

import { abilityWithPolicies, abilityWithoutPolicies } from './ability.factory.js';
import { accessFilterFor, type AccessFilter } from './access-filter.js';
import { compileSql } from './test/compile-sql.js';
import type { AccessColumn } from './to-sql.js';

const subjectsOf = (alias: string) =>
  `EXISTS (SELECT 1 FROM storage.statement_agent sa WHERE sa.statement_seq = ${alias}.seq AND sa.tenant_id = ${alias}.tenant_id AND sa.is_subject AND sa.ifi_hash = ANY({values}))`;

const columnsFor = (alias: string): Record<string, AccessColumn> => ({
  tenantId: `${alias}.tenant_id`,
  verbIri: `${alias}.verb_iri`,
  subjectIfiHashes: { exists: subjectsOf(alias) },
});

const tenant: AccessFilter = { field: 'tenantId', op: 'eq', value: 'tenant-a' };
const subjects = (op: 'eq' | 'ne' | 'in' | 'nin', value: unknown) =>
  ({ field: 'subjectIfiHashes', op, value }) as AccessFilter;

describe('accessFilterToSql on a set field', () => {
  it('renders a learner’s rules as the tenant and one EXISTS with the hashes as one array parameter', () => {
    const filter = accessFilterFor(
      abilityWithoutPolicies({
        kind: 'person',
        tenantId: 'tenant-a',
        personId: 'p1',
        roles: ['learner'],
        groupIds: [],
        agentIfiHashes: ['h1', 'h2'],
      }),
      'read',
      'Statement',
    );
    expect(compileSql(filter!, columnsFor('s'), 2)).toEqual({
      sql:
        '(s.tenant_id = $2 AND EXISTS (SELECT 1 FROM storage.statement_agent sa WHERE sa.statement_seq = s.seq' +
        ' AND sa.tenant_id = s.tenant_id AND sa.is_subject AND sa.ifi_hash = ANY($3)))',
      params: ['tenant-a', ['h1', 'h2']],
    });
  });

  it('substitutes each alias, so the same filter compiles for statements and StatementRef targets', () => {
    const filter: AccessFilter = { and: [tenant, subjects('in', ['h1'])] };
    const forS = compileSql(filter, columnsFor('s'), 1);
    const forT = compileSql(filter, columnsFor('t'), 3);
    expect(forS.sql).toContain('sa.statement_seq = s.seq AND sa.tenant_id = s.tenant_id');
    expect(forS.sql).toContain('ANY($2)');
    expect(forT.sql).toBe(
      '(t.tenant_id = $3 AND EXISTS (SELECT 1 FROM storage.statement_agent sa WHERE sa.statement_seq = t.seq' +
        ' AND sa.tenant_id = t.tenant_id AND sa.is_subject AND sa.ifi_hash = ANY($4)))',
    );
    expect(forT.params).toEqual(['tenant-a', ['h1']]);
  });

  it.each<[string, AccessFilter, string, unknown[]]>([
    [
      'eq: the set holds the value',
      subjects('eq', 'h1'),
      subjectsOf('x').replace('{values}', '$1'),
      [['h1']],
    ],
    [
      'ne: the set lacks it',
      subjects('ne', 'h1'),
      `NOT ${subjectsOf('x').replace('{values}', '$1')}`,
      [['h1']],
    ],
    [
      'nin',
      subjects('nin', ['h1', 'h2']),
      `NOT ${subjectsOf('x').replace('{values}', '$1')}`,
      [['h1', 'h2']],
    ],
    ['an empty in matches nothing', subjects('in', []), 'FALSE', []],
    ['an empty nin matches everything', subjects('nin', []), 'TRUE', []],
    [
      'a deny on the set',
      { and: [tenant, { not: subjects('in', ['h9']) }] },
      `(x.tenant_id = $1 AND (${subjectsOf('x').replace('{values}', '$2')}) IS NOT TRUE)`,
      ['tenant-a', ['h9']],
    ],
  ])('%s', (_, filter, sql, params) => {
    expect(compileSql(filter, columnsFor('x'), 1)).toEqual({ sql, params });
  });

  it('keeps an injection attempt in the parameters', () => {
    const evil = "h1')) OR TRUE --";
    const { sql, params } = compileSql(subjects('in', [evil]), columnsFor('s'), 1);
    expect(sql).not.toContain(evil);
    expect(params).toEqual([[evil]]);
  });

  it.each<[string, AccessFilter]>([
    ['null under in', subjects('in', ['h1', null])],
    ['null under eq', subjects('eq', null)],
    ['a range', { field: 'subjectIfiHashes', op: 'lt', value: 'h' }],
    [
      'an unknown operator',
      { field: 'subjectIfiHashes', op: 'all', value: ['h'] } as unknown as AccessFilter,
    ],
    ['an object value', subjects('in', [{}])],
  ])('refuses %s (fail closed)', (_, filter) => {
    expect(() => compileSql(filter, columnsFor('s'), 1)).toThrow();
  });

  it.each([
    ['no EXISTS prefix', 'a.x IN (SELECT y FROM z WHERE y = ANY({values}))'],
    ['no slot', 'EXISTS (SELECT 1 FROM t WHERE t.x = s.x)'],
    ['two slots', 'EXISTS (SELECT 1 FROM t WHERE t.x = ANY({values}) AND t.y = ANY({values}))'],
    ['a literal', "EXISTS (SELECT 1 FROM t WHERE t.k = 'x' AND t.x = ANY({values}))"],
    ['a placeholder', 'EXISTS (SELECT 1 FROM t WHERE t.k = $1 AND t.x = ANY({values}))'],
    ['a comment', 'EXISTS (SELECT 1 FROM t WHERE t.x = ANY({values})) -- )'],
    ['a second statement', 'EXISTS (SELECT 1 FROM t WHERE t.x = ANY({values})); DROP TABLE t; SELECT (1)'],
    ['an escape from the EXISTS', 'EXISTS (SELECT 1 FROM t WHERE t.x = ANY({values})) OR (TRUE)'],
  ])('refuses an EXISTS template with %s', (_, template) => {
    expect(() => compileSql(subjects('in', ['h1']), { subjectIfiHashes: { exists: template } }, 1)).toThrow(
      /EXISTS template/,
    );
  });

  describe('a prefix set field (match: prefix)', () => {
    const parentsOf = (alias: string) =>
      `EXISTS (SELECT 1 FROM storage.statement_context_activity ca WHERE ca.statement_seq = ${alias}.seq` +
      ` AND ca.tenant_id = ${alias}.tenant_id AND ca.kind = 1 AND ca.activity_iri LIKE ANY({values}))`;
    const columns: Record<string, AccessColumn> = {
      ...columnsFor('s'),
      parentActivityIds: { exists: parentsOf('s'), match: 'prefix' },
    };
    const parents = (op: string, value: unknown) =>
      ({ field: 'parentActivityIds', op, value }) as AccessFilter;

    it('renders a prefix as the EXISTS with the escaped LIKE pattern as a one-element array', () => {
      expect(compileSql(parents('prefix', 'https://a.org/100%_x'), columns, 4)).toEqual({
        sql: parentsOf('s').replace('{values}', '$4'),
        params: [['https://a.org/100\\%\\_x%']],
      });
    });

    it('compiles a policy scoped to several parents as an OR of EXISTS, and its negation as IS NOT TRUE', () => {
      const filter = accessFilterFor(
        abilityWithPolicies({ kind: 'credential', tenantId: 'tenant-a', credentialId: 'c', scopes: [] }, [
          {
            id: 'p',
            version: 1,
            tenantId: 'tenant-a',
            lawfulBasis: 'legal-obligation',
            scope: { contextActivities: { parent: ['https://a/', 'https://b/'] } },
          },
        ]),
        'read',
        'Statement',
      );
      const exists = (n: number) => parentsOf('s').replace('{values}', `$${n}`);
      expect(compileSql(filter!, columns, 1)).toEqual({
        sql: `(s.tenant_id = $1 AND (${exists(2)} OR ${exists(3)}))`,
        params: ['tenant-a', ['https://a/%'], ['https://b/%']],
      });
      expect(compileSql({ not: parents('prefix', 'x') }, columns, 1).sql).toBe(`(${exists(1)}) IS NOT TRUE`);
    });

    it.each([
      ['eq', 'https://a/'],
      ['in', ['https://a/']],
      ['nin', ['https://a/']],
      ['prefix', 42],
    ])('refuses %s with %j on it (fail closed)', (op, value) => {
      expect(() => compileSql(parents(op, value), columns, 1)).toThrow();
    });

    it('refuses prefix on an equality set field, and a template that does not match its kind', () => {
      expect(() => compileSql(subjects('prefix' as 'eq', 'h'), columnsFor('s'), 1)).toThrow();
      expect(() =>
        compileSql(
          parents('prefix', 'x'),
          { parentActivityIds: { exists: subjectsOf('s'), match: 'prefix' } },
          1,
        ),
      ).toThrow(/LIKE ANY/);
      expect(() =>
        compileSql(subjects('in', ['h']), { subjectIfiHashes: { exists: parentsOf('s') } }, 1),
      ).toThrow(/LIKE ANY/);
      expect(() =>
        compileSql(
          parents('prefix', 'x'),
          { parentActivityIds: { exists: parentsOf('s'), match: 'regex' } } as unknown as Record<
            string,
            AccessColumn
          >,
          1,
        ),
      ).toThrow(/not a column reference/);
    });
  });

  it('refuses a column map entry of another shape', () => {
    const odd = { subjectIfiHashes: { exists: subjectsOf('s'), extra: 'x' } } as unknown as Record<
      string,
      AccessColumn
    >;
    expect(() => compileSql(subjects('in', ['h1']), odd, 1)).toThrow(/not a column reference/);
  });
});
