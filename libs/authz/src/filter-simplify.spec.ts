import { describe, expect, it } from 'vitest';

import type { AccessFilter } from './access-filter.js';
import { simplifyFilter } from './filter-simplify.js';

const leaf = (field: string, value = 'x'): AccessFilter => ({ field, op: 'eq', value });
const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((f) => leaf(f)) as [
  AccessFilter,
  AccessFilter,
  AccessFilter,
  AccessFilter,
];
const TRUE: AccessFilter = { and: [] };
const FALSE: AccessFilter = { or: [] };

describe('simplifyFilter', () => {
  it.each<[string, AccessFilter, AccessFilter]>([
    ['a leaf', a, a],
    ['a one-child junction', { or: [{ and: [a] }] }, a],
    ['nested ands', { and: [a, { and: [b, { and: [c] }] }] }, { and: [a, b, c] }],
    ['nested ors', { or: [a, { or: [b, c] }] }, { or: [a, b, c] }],
    ['duplicates', { or: [a, b, { field: 'a', op: 'eq', value: 'x' }] }, { or: [a, b] }],
    ['values that differ', { or: [a, leaf('a', 'y')] }, { or: [a, leaf('a', 'y')] }],
    ['absorption', { or: [{ and: [a, b] }, a] }, a],
    ['absorption of conjunctions', { or: [{ and: [a, b, c] }, { and: [c, a] }] }, { and: [c, a] }],
    ['the same conjuncts in another order', { or: [{ and: [a, b] }, { and: [b, a] }] }, { and: [a, b] }],
    ['factoring', { or: [{ and: [a, b] }, { and: [a, c] }] }, { and: [a, { or: [b, c] }] }],
    [
      'factoring with several remainders',
      { or: [{ and: [a, b, d] }, { and: [c, a, d] }] },
      { and: [a, d, { or: [b, c] }] },
    ],
    [
      'no common conjunct',
      { or: [{ and: [a, b] }, { and: [c, d] }] },
      { or: [{ and: [a, b] }, { and: [c, d] }] },
    ],
    ['double negation', { not: { not: a } }, a],
    ['a kept negation', { not: { and: [a, b] } }, { not: { and: [a, b] } }],
    ['not true', { not: TRUE }, FALSE],
    ['not false', { not: FALSE }, TRUE],
    ['false in an and', { and: [a, FALSE] }, FALSE],
    ['true in an and', { and: [a, TRUE] }, a],
    ['true in an or', { or: [a, TRUE] }, TRUE],
    ['false in an or', { or: [a, FALSE] }, a],
    ['an empty or', FALSE, FALSE],
    ['an empty and', TRUE, TRUE],
    [
      'what CASL produces for two allows under a deny',
      {
        or: [{ and: [a, b, { not: { and: [a, c] } }] }, { and: [a, d, { not: { and: [a, c] } }] }],
      },
      { and: [a, { not: { and: [a, c] } }, { or: [b, d] }] },
    ],
  ])('simplifies %s', (_, input, expected) => {
    expect(simplifyFilter(input)).toEqual(expected);
  });

  it('leaves its input untouched', () => {
    const input: AccessFilter = { or: [{ and: [a, b] }, { and: [a, c] }] };
    const before = JSON.stringify(input);
    simplifyFilter(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});
