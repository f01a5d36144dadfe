// The bench's history: what a recorded figure keeps, and that the chart draws every recorded value
// of every run (a scenario a run lacks leaves a gap, not a broken line).
import { describe, expect, it } from 'vitest';

import { chart, type Run, toScenario } from './history.js';
import type { Figure } from './measure.js';

const figure = (name: string, statements: number, requests: number): Figure => ({
  name,
  requests,
  statements,
  seconds: 10,
  p50: 12.34,
  p95: 56.78,
  p99: 90.12,
});

describe('toScenario', () => {
  it('counts statements for writes and requests for reads, and keeps the percentiles', () => {
    expect(
      toScenario({ mode: 'standalone', figure: figure('POST batch of 100 statements', 20_000, 200) }),
    ).toEqual({
      mode: 'standalone',
      scenario: 'POST batch of 100 statements',
      unit: 'statements/s',
      throughput: 2000,
      p50: 12.3,
      p95: 56.8,
      p99: 90.1,
    });
    expect(
      toScenario({ mode: 'standalone', figure: figure('GET agent, learner with none', 0, 700) }),
    ).toMatchObject({
      unit: 'requests/s',
      throughput: 70,
    });
    expect(toScenario({ mode: 'distributed', baseline: 26_417.4 })).toEqual({
      mode: 'distributed',
      scenario: 'raw COPY baseline',
      unit: 'rows/s',
      throughput: 26_417,
    });
  });
});

describe('chart', () => {
  const run = (commit: string, scenarios: Run['scenarios']): Run => ({
    date: '2026-12-07T17:00:00.000Z',
    commit,
    machine: '2 × test',
    scenarios,
  });
  const post = (throughput: number, p99: number) => ({
    mode: 'standalone',
    scenario: 'POST single statement',
    unit: 'statements/s' as const,
    throughput,
    p99,
  });
  const copy = {
    mode: 'standalone',
    scenario: 'raw COPY baseline',
    unit: 'rows/s' as const,
    throughput: 26_000,
  };

  it('draws each recorded value as a marker, joins a scenario across runs, and labels every run', () => {
    const svg = chart([run('aaaaaaa', [copy, post(50, 800)]), run('bbbbbbb', [copy, post(2_000, 20)])]);
    expect(svg).not.toContain('NaN');
    // Throughput: COPY and POST in both runs; p99: POST in both runs (COPY has none); and the
    // legend's marker of the one mode.
    expect(svg.match(/<circle /g)).toHaveLength(7);
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg).toContain('aaaaaaa');
    expect(svg).toContain('bbbbbbb');
    // The log axes reach from the smallest to the largest value.
    expect(svg).toContain('>10<');
    expect(svg).toContain('>100,000<');
  });

  it('leaves a gap where a run lacks a scenario', () => {
    const svg = chart([run('aaaaaaa', [copy]), run('bbbbbbb', [copy, post(60, 700)])]);
    expect(svg).not.toContain('NaN');
    expect(svg.match(/<polyline /g)).toHaveLength(1); // only COPY spans two runs
    expect(svg.match(/<circle /g)).toHaveLength(5); // COPY ×2, POST throughput, POST p99, legend
  });
});
