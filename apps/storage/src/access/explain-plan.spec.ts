import { SqlParams } from '@custos/authz';
import { BadRequestError } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { explainResults, planExplain } from './explain-plan.js';

/** `part` compiled into a statement that already has `first - 1` parameters: what it returns and the values it added. */
function at<T>(
  first: number,
  part: (params: SqlParams, leading: string[]) => T,
): { result: T; params: unknown[] } {
  const params = new SqlParams();
  const leading = Array.from({ length: first - 1 }, (_, i) => params.add(`leading ${i + 1}`));
  const result = part(params, leading);
  return { result, params: params.values.slice(first - 1) };
}

/** The explain plan after the caller's own `first - 1` parameters, with the parameters it added. */
const explainPlan = (
  ...[filter, sources, first, own]: [unknown, Parameters<typeof planExplain>[1], number, string[]?]
) => {
  const { result, params } = at(first, (p) => planExplain(filter, sources, p, own));
  return { ...result, params };
};

const tenant = { field: 'tenantId', op: 'eq', value: 't' } as const;
const policyId = '0b7e9a52-6c1e-4a44-9a4c-2c7d4e0f9a11';

describe('explain plan', () => {
  it('numbers every parameter once, in order, after the caller own ones', () => {
    const plan = explainPlan(
      tenant,
      [
        { filter: { and: [tenant, { field: 'verbIri', op: 'in', value: ['v:a'] }] } },
        {
          filter: { and: [tenant, { field: 'grantedPolicyIds', op: 'in', value: [policyId] }] },
          scopeFilter: tenant,
          grantsOfPolicy: policyId,
        },
        { filter: tenant, scopeFilter: tenant, objectionsOfPolicy: policyId },
      ],
      3,
    );
    const sql = [plan.where, ...plan.columns].join(' ');
    const used = [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
    expect(used).toEqual(plan.params.map((_, i) => 3 + i));
    expect(plan.columns.map((c) => c.split(' AS ').at(-1))).toEqual([
      'allowed_0',
      'allowed_1',
      'in_scope_1',
      'grant_ids_1',
      'allowed_2',
      'in_scope_2',
      'objection_ids_2',
    ]);
    expect(plan.params.filter((p) => Array.isArray(p) && p[0] === policyId)).toHaveLength(3);
  });

  it('for a data subject: one parameter of their identifiers, restricting the ids, and an other_subjects column', () => {
    const plan = explainPlan(
      tenant,
      [
        { filter: tenant, scopeFilter: tenant, grantsOfPolicy: policyId },
        { filter: tenant, scopeFilter: tenant, objectionsOfPolicy: policyId },
      ],
      3,
      ['h1', 'h2'],
    );
    const sql = [plan.where, ...plan.columns].join(' ');
    const used = [...new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].toSorted(
      (a, b) => a - b,
    );
    expect(used).toEqual(plan.params.map((_, i) => 3 + i));
    const own = `$${3 + plan.params.findIndex((p) => Array.isArray(p) && p[0] === 'h1')}`;
    expect(plan.columns[0]).toBe(`${plan.columns[0]!.split(' AS ')[0]} AS other_subjects`);
    expect(plan.columns.filter((c) => c.includes(`ifi_hash = ANY(${own})`))).toHaveLength(3);
  });

  it('refuses a malformed filter, the asker one included', () => {
    expect(() => explainPlan({ field: 'tenantId' }, [], 3)).toThrow(BadRequestError);
    expect(() => explainPlan(tenant, [{ filter: { or: 'x' } }], 3)).toThrow(BadRequestError);
  });

  it('reads back one result per source, only the parts asked for, ids sorted', () => {
    const sources = [
      { filter: tenant },
      { filter: tenant, scopeFilter: tenant, grantsOfPolicy: policyId },
      { filter: tenant, scopeFilter: tenant, objectionsOfPolicy: policyId },
    ];
    const row = {
      allowed_0: true,
      allowed_1: false,
      in_scope_1: true,
      grant_ids_1: [],
      allowed_2: false,
      in_scope_2: null,
      objection_ids_2: ['b', 'a'],
    };
    expect(explainResults(sources, row)).toEqual([
      { allowed: true },
      { allowed: false, inScope: true, grantIds: [] },
      { allowed: false, inScope: false, objectionIds: ['a', 'b'] },
    ]);
  });
});
