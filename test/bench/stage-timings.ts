// The share of a request's latency spent in one stage, from the Server-Timing header every API and xAPI
// response carries (docs/audit.md): per request, stage duration / total, then the mean and median of those
// shares. Measured on requests that really audit — there is no switch that turns the audit step off.

/** `consent;dur=2.1, audit;dur=0.9, total;dur=9.8` → `{consent: 2.1, audit: 0.9, total: 9.8}`. */
export function parseServerTiming(header: string | null): Map<string, number> {
  const stages = new Map<string, number>();
  for (const metric of (header ?? '').split(',')) {
    const match = /^\s*([\w.-]+)\s*;\s*dur=([\d.]+)\s*$/.exec(metric);
    if (match) stages.set(match[1]!, Number(match[2]));
  }
  return stages;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / (values.length || 1);

export class StageShare {
  private readonly shares: number[] = [];
  private readonly durations: number[] = [];
  private readonly totals: number[] = [];
  private missing = 0;

  constructor(private readonly stage: string) {}

  /** Takes one response's Server-Timing header. */
  add(header: string | null): void {
    const stages = parseServerTiming(header);
    const duration = stages.get(this.stage);
    const total = stages.get('total');
    if (duration === undefined || !total) {
      this.missing += 1;
      return;
    }
    this.shares.push(duration / total);
    this.durations.push(duration);
    this.totals.push(total);
  }

  /** One line: the share of the total spent in the stage (mean and median over requests). */
  print(name: string): void {
    if (this.missing > 0 || this.shares.length === 0) {
      throw new Error(
        `${name}: ${this.missing} responses without "${this.stage}" and "total" in Server-Timing`,
      );
    }
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    process.stdout.write(
      `  ${this.stage} step share of ${name}: mean ${pct(mean(this.shares))}, p50 ${pct(median(this.shares))} ` +
        `(${this.stage} p50 ${median(this.durations).toFixed(2)} ms of total p50 ${median(this.totals).toFixed(2)} ms ` +
        `in the server, ${this.shares.length} requests)\n`,
    );
  }
}
