import { describe, expect, it } from 'vitest';

import { bin, periodStart, unitFor } from './bins';

const local = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h);

describe('bar chart bins', () => {
  it('counts per day and keeps the empty days between', () => {
    const bins = bin([local(2026, 12, 4), local(2026, 12, 4, 18), local(2026, 12, 6)], 'day');
    expect(bins.map((b) => [b.start.getDate(), b.count])).toEqual([
      [4, 2],
      [5, 0],
      [6, 1],
    ]);
  });

  it('starts weeks on Monday and months on the 1st', () => {
    // Sunday 6 Dec 2026 belongs to the week of Monday 30 Nov.
    expect(periodStart(local(2026, 12, 6), 'week')).toEqual(new Date(2026, 10, 30));
    expect(periodStart(local(2026, 12, 7), 'week')).toEqual(new Date(2026, 11, 7));
    expect(periodStart(local(2026, 12, 31, 23), 'month')).toEqual(new Date(2026, 11, 1));
  });

  it('counts per month across a year end', () => {
    const bins = bin([local(2026, 11, 3), local(2027, 1, 20), local(2027, 1, 2)], 'month');
    expect(bins.map((b) => [b.start.getFullYear(), b.start.getMonth() + 1, b.count])).toEqual([
      [2026, 11, 1],
      [2026, 12, 0],
      [2027, 1, 2],
    ]);
  });

  it('picks days, weeks or months by the span of the dates', () => {
    expect(unitFor([])).toBe('day');
    expect(unitFor([local(2026, 1, 1), local(2026, 1, 30)])).toBe('day');
    expect(unitFor([local(2026, 1, 1), local(2026, 4, 1)])).toBe('week');
    expect(unitFor([local(2026, 1, 1), local(2027, 1, 1)])).toBe('month');
  });

  it('ignores dates that are not dates, and has no bins for none', () => {
    expect(bin([new Date('nonsense')], 'day')).toEqual([]);
  });
});
