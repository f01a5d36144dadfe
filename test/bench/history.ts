// The bench's memory: `--record` appends this run's figures (date, commit, per scenario the
// throughput, p50, p95, p99) to docs/performance/history.json and redraws
// docs/performance/throughput.svg, throughput and p99 per scenario across the recorded runs.
// The SVG is written by hand (a few lines and log axes), so the bench needs no plotting library.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Figure } from './measure.js';

/** A figure of one mode (standalone, distributed), or that mode's COPY baseline. */
export type Recorded = { mode: string; figure: Figure } | { mode: string; baseline: number };

export interface ScenarioFigures {
  mode: string;
  scenario: string;
  unit: 'statements/s' | 'requests/s' | 'rows/s';
  throughput: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

export interface Run {
  date: string;
  /** `git rev-parse --short HEAD`, with `+` when the work tree had uncommitted changes. */
  commit: string;
  machine: string;
  /**
   * The 1-minute load average when the run started and when it ended: figures taken while other
   * programs kept the cores busy are low and noisy, and this says so next to them.
   */
  loadAverage?: [atStart: number, atEnd: number];
  scenarios: ScenarioFigures[];
}

// From dist/test/bench/ (where the bench runs) or test/bench/ up to the repository root.
const root = fileURLToPath(
  new URL(import.meta.url.includes('/dist/') ? '../../../' : '../../', import.meta.url),
);
const dir = join(root, 'docs', 'performance');
export const historyFile = join(dir, 'history.json');
export const chartFile = join(dir, 'throughput.svg');

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

function commitOf(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  try {
    return (
      git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--untracked-files=no') ? '+' : '')
    );
  } catch {
    return 'unknown';
  }
}

// Taken when the bench starts: the code measured is the one built then, even if HEAD moves
// during a long run.
const commitAtStart = commitOf();
const loadAtStart = loadavg()[0]!;

export function toScenario(r: Recorded): ScenarioFigures {
  if ('baseline' in r) {
    return { mode: r.mode, scenario: 'raw COPY baseline', unit: 'rows/s', throughput: round(r.baseline, 0) };
  }
  const f = r.figure;
  // Writes count statements; reads count requests (a read of a learner with none returns none).
  const writes = f.name.startsWith('POST');
  return {
    mode: r.mode,
    scenario: f.name,
    unit: writes ? 'statements/s' : 'requests/s',
    throughput: round((writes ? f.statements : f.requests) / f.seconds, 1),
    p50: round(f.p50, 1),
    p95: round(f.p95, 1),
    p99: round(f.p99, 1),
  };
}

export function readHistory(): Run[] {
  return existsSync(historyFile) ? (JSON.parse(readFileSync(historyFile, 'utf8')) as Run[]) : [];
}

/** Appends the run and redraws the chart; answers a line saying where. */
export function recordRun(recorded: Recorded[]): string {
  const history = readHistory();
  history.push({
    date: new Date().toISOString(),
    commit: commitAtStart,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
    loadAverage: [round(loadAtStart, 1), round(loadavg()[0]!, 1)],
    scenarios: recorded.map(toScenario),
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(historyFile, `${JSON.stringify(history, null, 2)}\n`);
  writeFileSync(chartFile, chart(history));
  return `recorded in ${relative(root, historyFile)}, chart ${relative(root, chartFile)}`;
}

// Colour says the scenario, marker and line style the mode (standalone, 1 M store, distributed).
const COLOURS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#ad494a',
  '#e7ba52',
  '#000000',
];
const DASHES = ['', '6 3', '2 3', '10 3 2 3'];
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Series {
  colour: string;
  mode: number;
  values: (number | undefined)[];
}

/** Marker `mode` at (x, y): circle, square, diamond, triangle. */
function marker(mode: number, x: number, y: number, colour: string): string {
  const [px, py] = [x.toFixed(1), y.toFixed(1)];
  switch (mode % 4) {
    case 0:
      return `<circle cx="${px}" cy="${py}" r="4" fill="${colour}"/>`;
    case 1:
      return `<rect x="${(x - 4).toFixed(1)}" y="${(y - 4).toFixed(1)}" width="8" height="8" fill="${colour}"/>`;
    case 2:
      return `<polygon points="${px},${(y - 5).toFixed(1)} ${(x + 5).toFixed(1)},${py} ${px},${(y + 5).toFixed(1)} ${(x - 5).toFixed(1)},${py}" fill="${colour}"/>`;
    default:
      return `<polygon points="${px},${(y - 5).toFixed(1)} ${(x + 5).toFixed(1)},${(y + 4).toFixed(1)} ${(x - 5).toFixed(1)},${(y + 4).toFixed(1)}" fill="${colour}"/>`;
  }
}

const LEFT = 70;
const WIDTH = 560;
const xOf = (i: number, runs: number): number => LEFT + (runs === 1 ? WIDTH / 2 : (i / (runs - 1)) * WIDTH);

/** A panel with a log-scale y axis of `values` (series × runs, undefined where a run lacks it). */
function panel(title: string, series: Series[], runs: number, top: number): string {
  const height = 220;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && v > 0));
  const low = Math.floor(Math.log10(Math.min(...all)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...all))));
  const y = (v: number) => top + height - ((Math.log10(v) - low) / (high - low)) * height;
  const out = [`<text x="${LEFT}" y="${top - 10}" font-weight="bold">${escape(title)}</text>`];
  for (let e = low; e <= high; e += 1) {
    const label = e >= 0 ? (10 ** e).toLocaleString('en') : String(10 ** e);
    out.push(
      `<line x1="${LEFT}" x2="${LEFT + WIDTH}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#ddd"/>`,
      `<text x="${LEFT - 6}" y="${y(10 ** e) + 4}" text-anchor="end" fill="#555">${label}</text>`,
    );
  }
  for (const s of series) {
    const points = s.values.flatMap((v, i) =>
      v === undefined || v <= 0 ? [] : [[xOf(i, runs), y(v)] as const],
    );
    if (points.length > 1) {
      const dash = DASHES[s.mode % DASHES.length]
        ? ` stroke-dasharray="${DASHES[s.mode % DASHES.length]}"`
        : '';
      out.push(
        `<polyline fill="none" stroke="${s.colour}" stroke-width="1.5"${dash} points="${points.map((p) => p.map((n) => n.toFixed(1)).join(',')).join(' ')}"/>`,
      );
    }
    for (const [px, py] of points) out.push(marker(s.mode, px, py, s.colour));
  }
  return out.join('\n');
}

/**
 * Throughput (top) and p99 (bottom) of every scenario across the runs: one colour per scenario,
 * one marker and line style per mode; runs with an empty panel (no figure) draw no axis.
 */
export function chart(history: Run[]): string {
  const figures = history.flatMap((r) => r.scenarios);
  const modes = [...new Set(figures.map((s) => s.mode))];
  const scenarios = [...new Set(figures.map((s) => s.scenario))];
  const colourOf = (scenario: string) => COLOURS[scenarios.indexOf(scenario) % COLOURS.length]!;
  const pairs = [...new Set(figures.map((s) => `${s.mode}\n${s.scenario}`))].map((k) => k.split('\n'));
  const series = (pick: (s: ScenarioFigures) => number | undefined): Series[] =>
    pairs.map(([mode, scenario]) => ({
      colour: colourOf(scenario!),
      mode: modes.indexOf(mode!),
      values: history.map((run) => {
        const s = run.scenarios.find((f) => f.mode === mode && f.scenario === scenario);
        return s ? pick(s) : undefined;
      }),
    }));
  const runs = history.length;
  const legend = [
    ...scenarios.map(
      (name, i) =>
        `<rect x="660" y="${40 + i * 18}" width="12" height="12" fill="${colourOf(name)}"/>` +
        `<text x="678" y="${50 + i * 18}">${escape(name)}</text>`,
    ),
    ...modes.map((mode, i) => {
      const top = 40 + (scenarios.length + 1) * 18 + i * 18;
      return `${marker(i, 666, top + 6, '#333')}<text x="678" y="${top + 10}">${escape(mode)}</text>`;
    }),
  ];
  const height = Math.max(620, 40 + (scenarios.length + modes.length + 2) * 18);
  const throughput = series((s) => s.throughput);
  const p99 = series((s) => s.p99);
  const has = (ss: Series[]) => ss.some((s) => s.values.some((v) => v !== undefined && v > 0));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="1100" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    has(throughput)
      ? panel(
          'Throughput (statements/s for writes, rows/s for COPY, requests/s for reads; log)',
          throughput,
          runs,
          40,
        )
      : '',
    has(p99) ? panel('p99 latency (ms; log)', p99, runs, 330) : '',
    ...history.map(
      (run, i) =>
        `<text x="${xOf(i, runs)}" y="575" text-anchor="middle" fill="#555">${escape(run.date.slice(0, 10))}</text>` +
        `<text x="${xOf(i, runs)}" y="590" text-anchor="middle" fill="#555">${escape(run.commit)}</text>` +
        (run.loadAverage
          ? `<text x="${xOf(i, runs)}" y="605" text-anchor="middle" fill="#555">load ${run.loadAverage.join('–')}</text>`
          : ''),
    ),
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
