// The statistics shaped for the charts. Pure, so it is unit-tested (stats.spec.ts).
import type { AuditStats } from './api';

type PrincipalCounts = AuditStats['principals'][number];

/** The `n` principals with the most requests, most first (ties by id, so the order is stable). */
export function topPrincipals(principals: readonly PrincipalCounts[], n: number): PrincipalCounts[] {
  return [...principals]
    .sort((a, b) => b.allow + b.deny - (a.allow + a.deny) || a.principalId.localeCompare(b.principalId))
    .slice(0, n);
}

const DAY_MS = 86_400_000;
/** A year of bars at most: beyond it, the first days are left to the table. */
const MAX_DAYS = 366;

/**
 * Every day from the first to the last with refusals, days without any as 0: a bar chart of only the days with
 * refusals would draw a quiet week and a quiet hour alike.
 */
export function filledDays(
  days: readonly { day: string; denials: number }[],
): { day: string; denials: number }[] {
  if (days.length === 0) return [];
  const counts = new Map(days.map((d) => [d.day, d.denials]));
  const sorted = [...counts.keys()].sort();
  const last = Date.parse(`${sorted[sorted.length - 1]!}T00:00:00Z`);
  const first = Math.max(Date.parse(`${sorted[0]!}T00:00:00Z`), last - (MAX_DAYS - 1) * DAY_MS);
  const filled: { day: string; denials: number }[] = [];
  for (let t = first; t <= last; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    filled.push({ day, denials: counts.get(day) ?? 0 });
  }
  return filled;
}
