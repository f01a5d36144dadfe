import { describe, expect, it } from 'vitest';

import { filledDays, topPrincipals } from './stats';

describe('the charts’ figures', () => {
  it('fills the days between refusals with zeros, in order', () => {
    expect(
      filledDays([
        { day: '2026-12-04', denials: 2 },
        { day: '2026-12-01', denials: 1 },
      ]),
    ).toEqual([
      { day: '2026-12-01', denials: 1 },
      { day: '2026-12-02', denials: 0 },
      { day: '2026-12-03', denials: 0 },
      { day: '2026-12-04', denials: 2 },
    ]);
    expect(filledDays([])).toEqual([]);
  });

  it('keeps at most a year of days, the latest', () => {
    const filled = filledDays([
      { day: '2024-01-01', denials: 1 },
      { day: '2026-01-01', denials: 3 },
    ]);
    expect(filled).toHaveLength(366);
    expect(filled.at(-1)).toEqual({ day: '2026-01-01', denials: 3 });
  });

  it('charts the principals with the most requests first', () => {
    const p = (principalId: string, allow: number, deny: number) => ({ principalId, allow, deny });
    expect(
      topPrincipals([p('a', 1, 0), p('b', 0, 9), p('c', 5, 0), p('d', 1, 0)], 3).map((x) => x.principalId),
    ).toEqual(['b', 'c', 'a']);
  });
});
