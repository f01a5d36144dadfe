import { describe, expect, it } from 'vitest';

import { serverTimingOf } from './request-context.middleware.js';

describe('serverTimingOf', () => {
  it('lists each stage then the total, in milliseconds rounded to hundredths', () => {
    const stages = new Map([
      ['consent', 2.123],
      ['storage', 3.456],
      ['audit', 0.9],
    ]);
    expect(serverTimingOf(stages, 9.876)).toBe(
      'consent;dur=2.12, storage;dur=3.46, audit;dur=0.9, total;dur=9.88',
    );
  });

  it('reports the total alone when no part timed a stage', () => {
    expect(serverTimingOf(new Map(), 1)).toBe('total;dur=1');
  });
});
