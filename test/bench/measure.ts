// Closed-loop load: `concurrency` clients send one request after another until the time is up;
// every request's latency is kept, so the percentiles are exact.

export interface Figure {
  name: string;
  requests: number;
  /** Statements written or returned per request, for the statements/s column. */
  statements: number;
  seconds: number;
  p50: number;
  p95: number;
}

export interface Load {
  durationMs: number;
  concurrency: number;
  /** Keeps going past the duration until this many requests were sent, for slow requests. */
  minRequests?: number;
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
  };
}

/** A rate with one decimal below 10, so a slow figure does not print as 0. */
const rate = (n: number, width: number): string => n.toFixed(n < 10 ? 1 : 0).padStart(width);

export function print(f: Figure): void {
  process.stdout.write(
    `${f.name.padEnd(34)} ${rate(f.statements / f.seconds, 7)} statements/s ` +
      `${rate(f.requests / f.seconds, 6)} requests/s  p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms\n`,
  );
}
