// Closed-loop load: `concurrency` clients send one request after another until the time is up;
// every request's latency is kept, so the percentiles are exact. With a probe, the figure also
// says what the server used meanwhile (server-usage.ts).
import type { Usage, UsageProbe } from './server-usage.js';

export interface Figure {
  name: string;
  requests: number;
  /** Statements written or returned per request, for the statements/s column. */
  statements: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  usage?: Usage;
}

export interface Load {
  durationMs: number;
  concurrency: number;
  /** Keeps going past the duration until this many requests were sent, for slow requests. */
  minRequests?: number;
  /** What the server used during each figure. */
  probe?: UsageProbe;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** `send` answers the HTTP status; any status from 300 up fails the figure. */
export async function measure(
  name: string,
  perRequest: number,
  load: Load,
  send: () => Promise<number>,
): Promise<Figure> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + load.durationMs;
  let failures = 0;
  const stopProbe = await load.probe?.start();
  await Promise.all(
    Array.from({ length: load.concurrency }, async () => {
      while (performance.now() < deadline || latencies.length < (load.minRequests ?? 0)) {
        const t = performance.now();
        const status = await send();
        latencies.push(performance.now() - t);
        if (status >= 300) failures += 1;
      }
    }),
  );
  const usage = await stopProbe?.();
  if (failures > 0) throw new Error(`${name}: ${failures} requests failed`);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    statements: latencies.length * perRequest,
    seconds,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    ...(usage ? { usage } : {}),
  };
}

/** A rate with one decimal below 10, so a slow figure does not print as 0. */
export const rate = (n: number, width = 0): string => n.toFixed(n < 10 ? 1 : 0).padStart(width);

/** Statements per second, or requests per second for a figure of reads that return none. */
export const throughputOf = (f: Figure): number => (f.statements > 0 ? f.statements : f.requests) / f.seconds;

/**
 * One line per figure; with `baselineRowsPerSecond`, the statements/s as a share of the raw COPY
 * baseline measured in the same run (the ceiling the database sets on this machine).
 */
export function print(f: Figure, baselineRowsPerSecond?: number): void {
  const usage = f.usage
    ? `  cpu ${f.usage.serverCores.toFixed(2)} + pg ${f.usage.databaseCores.toFixed(2)} cores, rss ${f.usage.rssMb.toFixed(0)} MB`
    : '';
  const ratio =
    baselineRowsPerSecond && f.statements > 0
      ? `  ${((100 * f.statements) / f.seconds / baselineRowsPerSecond).toFixed(1)} % of COPY`
      : '';
  process.stdout.write(
    `${f.name.padEnd(34)} ${rate(f.statements / f.seconds, 7)} statements/s ` +
      `${rate(f.requests / f.seconds, 6)} requests/s  p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms` +
      `  p99 ${f.p99.toFixed(1)} ms${usage}${ratio}\n`,
  );
}
