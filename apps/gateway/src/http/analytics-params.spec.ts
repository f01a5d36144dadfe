// docs/flows.md "Analytics that protect individuals": the fixed query language and how ranges snap to months.
import { describe, expect, it } from 'vitest';

import { analyticsQueryOf } from './analytics-params.js';

const NOW = new Date('2026-12-08T10:00:00Z');

describe('analytics query language', () => {
  it('defaults to no grouping, monthly, the twelve months up to and including the current one', () => {
    expect(analyticsQueryOf('statements', {}, NOW)).toEqual({
      measure: 'statements',
      groupBy: [],
      interval: 'month',
      from: '2026-01-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    });
  });

  it('snaps a range outward to whole UTC months', () => {
    expect(
      analyticsQueryOf('completion', {
        from: '2025-01-20',
        to: '2025-03-02T08:00:00Z',
        groupBy: 'activity,time',
      }),
    ).toMatchObject({
      groupBy: ['activity', 'time'],
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-04-01T00:00:00.000Z',
    });
    expect(analyticsQueryOf('scores', { from: '2025-01', to: '2025-03' })).toMatchObject({
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-03-01T00:00:00.000Z',
    });
  });

  it.each([
    ['learners', {}, 'measure'],
    ['statements', { groupBy: 'verb' }, 'groupBy'],
    ['statements', { groupBy: 'activity,parent,time' }, 'groupBy'],
    ['statements', { groupBy: 'time,time' }, 'groupBy'],
    ['statements', { interval: 'year' }, 'interval'],
    ['statements', { from: '01/02/2025' }, 'from'],
    ['statements', { from: '2025-05', to: '2025-05' }, 'to'],
    ['statements', { from: '2020-01', to: '2025-01' }, '36 months'],
    ['statements', { agent: 'mailto:ana@example.org' }, 'agent'],
    ['statements', { groupBy: 'time', interval: 'day', from: '2025-01', to: '2025-05' }, '3 months'],
    ['statements', { groupBy: 'time', interval: 'week', from: '2025-01', to: '2026-02' }, '12 months'],
  ])('refuses %s %j with a 400 naming %s', (measure, params, word) => {
    expect(() => analyticsQueryOf(measure, params as Record<string, string>, NOW)).toThrow(word);
  });
});
