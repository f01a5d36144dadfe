// The bench's memory: `--record` appends this run's figures (date, commit, per scenario the
// throughput, p50, p95, p99) to docs/performance/history.json and redraws
// docs/performance/throughput.svg, throughput and p99 per scenario across the recorded runs.
// The SVG is written by hand (a few lines and log axes), so the bench needs no plotting library.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
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
    commit: commitOf(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
    scenarios: recorded.map(toScenario),
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(historyFile, `${JSON.stringify(history, null, 2)}\n`);
  writeFileSync(chartFile, chart(history));
  return `recorded in ${relative(root, historyFile)}, chart ${relative(root, chartFile)}`;
}

const COLOURS = [
  '#1b6ac9',
  '#d9480f',
  '#2b8a3e',
  '#862e9c',
  '#e67700',
  '#0b7285',
  '#c2255c',
  '#5c940d',
  '#495057',
];
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A panel with a log-scale y axis of `values` (series × runs, undefined where a run lacks it). */
function panel(
  title: string,
  series: { colour: string; values: (number | undefined)[] }[],
  runs: number,
  top: number,
): string {
  const [left, width, height] = [70, 560, 220];
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && v > 0));
  const low = Math.floor(Math.log10(Math.min(...all, 1)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...all, 10))));
  const y = (v: number) => top + height - ((Math.log10(v) - low) / (high - low)) * height;
  const x = (i: number) => left + (runs === 1 ? width / 2 : (i / (runs - 1)) * width);
  const out = [`<text x="${left}" y="${top - 10}" font-weight="bold">${escape(title)}</text>`];
  for (let e = low; e <= high; e += 1) {
    const label = 10 ** e >= 1 ? (10 ** e).toLocaleString('en') : String(10 ** e);
    out.push(
      `<line x1="${left}" x2="${left + width}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y(10 ** e) + 4}" text-anchor="end" fill="#555">${label}</text>`,
    );
  }
  for (const s of series) {
    const points = s.values.flatMap((v, i) => (v === undefined || v <= 0 ? [] : [[x(i), y(v)] as const]));
    if (points.length > 1) {
      out.push(
        `<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${points.map((p) => p.map((n) => n.toFixed(1)).join(',')).join(' ')}"/>`,
      );
    }
    for (const [px, py] of points) {
      out.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3.5" fill="${s.colour}"/>`);
    }
  }
  return out.join('\n');
}

/** Throughput (top) and p99 (bottom) of every scenario across the runs, one colour per scenario. */
export function chart(history: Run[]): string {
  const keys = [...new Set(history.flatMap((r) => r.scenarios.map((s) => `${s.mode}: ${s.scenario}`)))];
  const find = (run: Run, key: string) => run.scenarios.find((s) => `${s.mode}: ${s.scenario}` === key);
  const series = (pick: (s: ScenarioFigures) => number | undefined) =>
    keys.map((key, i) => ({
      colour: COLOURS[i % COLOURS.length]!,
      values: history.map((run) => {
        const s = find(run, key);
        return s ? pick(s) : undefined;
      }),
    }));
  const runs = history.length;
  const x = (i: number) => 70 + (runs === 1 ? 280 : (i / Math.max(1, runs - 1)) * 560);
  const legendTop = 40;
  const height = Math.max(620, legendTop + keys.length * 20 + 20);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    panel(
      'Throughput per run (statements/s for writes and COPY, requests/s for reads; log scale)',
      series((s) => s.throughput),
      runs,
      40,
    ),
    panel(
      'p99 latency per run (ms; log scale)',
      series((s) => s.p99),
      runs,
      330,
    ),
    ...history.map(
      (run, i) =>
        `<text x="${x(i)}" y="575" text-anchor="middle" fill="#555">${escape(run.date.slice(0, 10))}</text>` +
        `<text x="${x(i)}" y="590" text-anchor="middle" fill="#555">${escape(run.commit)}</text>`,
    ),
    ...keys.map(
      (key, i) =>
        `<rect x="660" y="${legendTop + i * 20}" width="12" height="12" fill="${COLOURS[i % COLOURS.length]}"/>` +
        `<text x="678" y="${legendTop + i * 20 + 10}">${escape(key)}</text>`,
    ),
    '</svg>',
    '',
  ].join('\n');
}
