import { describe, expect, it } from 'vitest';

import { SqlParams } from './sql-params.js';
import { accessFilterToSql } from './to-sql.js';

describe('SqlParams', () => {
  it('numbers values from $1 in the order they are added', () => {
    const params = new SqlParams();
    expect([params.add('t1'), params.add(['h1', 'h2']), params.add(null)]).toEqual(['$1', '$2', '$3']);
    expect(params.values).toEqual(['t1', ['h1', 'h2'], null]);
  });

  it('numbers two fragments compiled into one statement after each other and after its own values', () => {
    const params = new SqlParams();
    const tenant = params.add('t1');
    const first = accessFilterToSql(
      { field: 'verbIri', op: 'in', value: ['a', 'b'] },
      { verbIri: 'verb' },
      params,
    );
    const limit = params.add(10);
    const second = accessFilterToSql({ field: 'verbIri', op: 'eq', value: 'c' }, { verbIri: 'verb' }, params);
    expect([tenant, first, limit, second]).toEqual(['$1', 'verb IN ($2, $3)', '$4', 'verb = $5']);
    expect(params.values).toEqual(['t1', 'a', 'b', 10, 'c']);
  });

  it('hands out a copy of its values, so a caller cannot renumber them', () => {
    const params = new SqlParams();
    params.add('x');
    params.values.push('y');
    expect(params.values).toEqual(['x']);
    expect(params.add('z')).toBe('$2');
  });
});
