import type { ReadBasisSourceV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { basisColumns, joinColumns, readBasisOf } from './read-basis.js';

const TRUE = { and: [] };
const scope: ReadBasisSourceV1 = { basis: { kind: 'scope', scope: 'statements/read' }, filter: TRUE };
const consent: ReadBasisSourceV1 = {
  basis: { kind: 'policy', policyId: '00000000-0000-4000-8000-000000000001', version: 2 },
  filter: TRUE,
  grantsOfPolicy: '00000000-0000-4000-8000-000000000001',
};

describe('basisColumns', () => {
  it('selects only the grant ids when there is a single source', () => {
    const { sql, params } = basisColumns([consent], 5);
    expect(sql).not.toMatch(/allowed_/);
    expect(sql).toMatch(/AS grant_ids_0/);
    expect(sql).toContain('$5');
    expect(params).toEqual([[consent.grantsOfPolicy]]);
  });

  it('tells several sources apart', () => {
    const { sql } = basisColumns([scope, consent], 3);
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
    expect(joinColumns(undefined, { sql: '', params: [] })).toBeUndefined();
    expect(joinColumns({ sql: 'a', params: [1] }, { sql: 'b', params: [2] })).toEqual({
      sql: 'a, b',
      params: [1, 2],
    });
  });
});
