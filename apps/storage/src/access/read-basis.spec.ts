import { SqlParams } from '@custos/authz';
import type { ReadBasisSourceV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { basisColumns, joinColumns, readBasisOf } from './read-basis.js';

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

const columnsAt = (sources: ReadBasisSourceV1[], first: number) => {
  const { result, params } = at(first, (p) => basisColumns(sources, p));
  return { sql: result, params };
};

const TRUE = { and: [] };
const scope: ReadBasisSourceV1 = { basis: { kind: 'scope', scope: 'statements/read' }, filter: TRUE };
const consent: ReadBasisSourceV1 = {
  basis: { kind: 'policy', policyId: '00000000-0000-4000-8000-000000000001', version: 2 },
  filter: TRUE,
  grantsOfPolicy: '00000000-0000-4000-8000-000000000001',
};

describe('basisColumns', () => {
  it('selects only the grant ids when there is a single source', () => {
    const { sql, params } = columnsAt([consent], 5);
    expect(sql).not.toMatch(/allowed_/);
    expect(sql).toMatch(/AS grant_ids_0/);
    expect(sql).toContain('$5');
    expect(params).toEqual([[consent.grantsOfPolicy]]);
  });

  it('tells several sources apart', () => {
    const { sql } = columnsAt([scope, consent], 3);
    expect(sql).toMatch(/AS allowed_0.*AS allowed_1.*AS grant_ids_1/);
  });
});

describe('readBasisOf', () => {
  it('names the sources that allowed some returned row, with the grants that covered them', () => {
    const rows = [
      { allowed_0: false, allowed_1: true, grant_ids_1: ['g2', 'g1'] },
      { allowed_0: false, allowed_1: true, grant_ids_1: ['g1'] },
      { allowed_0: false, allowed_1: false, grant_ids_1: ['g9'] },
    ];
    expect(readBasisOf([scope, consent], rows)).toEqual([{ ...consent.basis, grantIds: ['g1', 'g2'] }]);
  });

  it('credits a single source with every row', () => {
    expect(readBasisOf([consent], [{ grant_ids_0: ['g3'] }])).toEqual([
      { ...consent.basis, grantIds: ['g3'] },
    ]);
    expect(readBasisOf([scope], [{}])).toEqual([scope.basis]);
  });

  it('names every source when nothing was returned', () => {
    expect(readBasisOf([scope, consent], [])).toEqual([scope.basis, consent.basis]);
  });
});

describe('joinColumns', () => {
  it('joins present column lists and skips empty ones', () => {
    expect(joinColumns(undefined, '')).toBeUndefined();
    expect(joinColumns('a', 'b')).toEqual('a, b');
  });
});
