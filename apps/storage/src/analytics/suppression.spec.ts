// docs/flows.md "Analytics that protect individuals": which cells an answer releases, from counts alone.
import { describe, expect, it } from 'vitest';

import { type AnalyticsCounts, type CellCounts, marginalKey } from './analytics.repository.js';
import { laplace, releasedCells, suppress } from './suppression.js';

const K = 3;
let next = 0;
/** A cell of `learners` distinct learners, all in one month (so its edges are its learners). */
const cell = (key: string[], learners: number, statements = learners): CellCounts => ({
  key,
  learners,
  statements,
  positive: 0,
  firstEdge: learners,
  lastEdge: learners,
  members: learners < K ? Array.from({ length: learners }, () => `l${next++}`) : null,
});
const counts = (cells: CellCounts[], marginals: CellCounts[] = []): AnalyticsCounts => {
  const learners = cells.reduce((n, c) => n + c.learners, 0);
  return {
    cells,
    marginals: new Map(marginals.map((m) => [marginalKey(m.key.map((v) => (v === '*' ? null : v))), m])),
    total: { learners, statements: learners, positive: 0, firstEdge: learners, lastEdge: learners },
  };
};
const reasons = (c: AnalyticsCounts) => suppress(c, K).cells.map((x) => x.reason ?? 'released');

describe('suppression', () => {
  it('releases every cell of at least k learners when none is suppressed', () => {
    expect(reasons(counts([cell(['a'], 3), cell(['b'], 5)]))).toEqual(['released', 'released']);
  });

  it('suppresses a small cell, and the smallest other one so the total minus the rest does not give it', () => {
    expect(reasons(counts([cell(['a'], 10), cell(['b'], 2), cell(['c'], 4)]))).toEqual([
      'released',
      'fewer-than-k',
      'complementary',
    ]);
  });

  it('needs no complementary cell when the suppressed cells together cover k learners', () => {
    expect(reasons(counts([cell(['a'], 10), cell(['b'], 2), cell(['c'], 2)]))).toEqual([
      'released',
      'fewer-than-k',
      'fewer-than-k',
    ]);
  });

  it('counts a learner in two suppressed cells once', () => {
    const b = cell(['b'], 2);
    const c = { ...cell(['c'], 2), members: b.members };
    expect(reasons(counts([cell(['a'], 10), cell(['z'], 6), b, c]))).toEqual([
      'released',
      'fewer-than-k',
      'fewer-than-k',
      'complementary',
    ]);
  });

  it('releases nothing when the whole answer covers fewer than k learners', () => {
    const result = suppress(counts([cell(['a'], 1), cell(['b'], 1)]), K);
    expect(result.totalReason).toBe('population');
    expect(result.cells.every((c) => c.reason === 'population')).toBe(true);
  });

  it('suppresses a cell whose first or last month covers fewer than k of its learners, and one more to hide it', () => {
    const edged = { ...cell(['a'], 6), lastEdge: 1 };
    expect(reasons(counts([edged, cell(['b'], 5), cell(['c'], 5)]))).toEqual([
      'range-edge',
      'complementary',
      'released',
    ]);
  });

  it('follows subtractions across rows and columns: no chain of known marginals recovers a small cell', () => {
    // activity × month: X-Jan 4, X-Feb 3, Y-Feb 2, Z-Jan 3; the marginals X (6), Z (3), Jan (4), Feb (3) pass k.
    const cells = [
      cell(['x', 'jan'], 4),
      cell(['x', 'feb'], 3),
      cell(['y', 'feb'], 2),
      cell(['z', 'jan'], 3),
    ];
    const marginals = [
      cell(['x', '*'], 6),
      cell(['y', '*'], 2),
      cell(['z', '*'], 3),
      cell(['*', 'jan'], 4),
      cell(['*', 'feb'], 3),
    ];
    const decided = suppress(counts(cells, marginals), K).cells;
    // Y-Feb = Feb − X-Feb, and X-Feb = X − X-Jan: X-Feb alone kept back would not do.
    const released = decided.filter((c) => !c.reason).map((c) => c.key.join('/'));
    expect(released).not.toContain('x/feb');
    expect(released.includes('x/jan') && released.includes('z/jan')).toBe(false);
  });
});

describe('released cells', () => {
  it('carries no value for a suppressed cell and the exact counts otherwise', () => {
    const { cells, total } = releasedCells(
      'statements',
      ['activity'],
      counts([cell(['a'], 5, 9), cell(['b'], 2), cell(['c'], 4)]),
      K,
      null,
    );
    expect(cells).toEqual([
      { key: { activity: 'a' }, suppressed: false, learners: 5, statements: 9 },
      { key: { activity: 'b' }, suppressed: true, reason: 'fewer-than-k' },
      { key: { activity: 'c' }, suppressed: true, reason: 'complementary' },
    ]);
    expect(total).toMatchObject({ suppressed: false, learners: 11 });
  });

  it('adds noise: integers, never negative, rates within 0–1', () => {
    const c = { ...cell(['a'], 50), positive: 25 };
    for (let i = 0; i < 50; i++) {
      const [out] = releasedCells('completion', ['activity'], counts([c]), K, 0.5).cells;
      expect(Number.isInteger(out!.learners) && out!.learners! >= 0).toBe(true);
      expect(out!.rate! >= 0 && out!.rate! <= 1).toBe(true);
    }
  });

  it('draws Laplace noise centred on zero with the given scale', () => {
    const n = 20000;
    const samples = Array.from({ length: n }, () => laplace(2));
    const mean = samples.reduce((a, b) => a + b, 0) / n;
    const meanAbs = samples.reduce((a, b) => a + Math.abs(b), 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.15);
    // E|X| = b for Laplace(0, b).
    expect(Math.abs(meanAbs - 2)).toBeLessThan(0.15);
  });
});
