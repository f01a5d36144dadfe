// Counting dated things per day, week or month for the bar charts, in the browser's time zone, with
// the empty periods in between kept (a timeline with gaps closed up would mislead). Pure, so it is
// tested without a page.
export type Unit = 'day' | 'week' | 'month';

export interface Bin {
  /** The period's first instant, local time. */
  start: Date;
  count: number;
}

const DAY = 86_400_000;

/** The start of the period holding `d`: midnight; Monday (ISO 8601 weeks); the 1st. */
export function periodStart(d: Date, unit: Unit): Date {
  const s = new Date(d.getFullYear(), d.getMonth(), unit === 'month' ? 1 : d.getDate());
  if (unit === 'week') s.setDate(s.getDate() - ((s.getDay() + 6) % 7));
  return s;
}

function next(d: Date, unit: Unit): Date {
  if (unit === 'month') return new Date(d.getFullYear(), d.getMonth() + 1, 1);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + (unit === 'week' ? 7 : 1));
}

/** Days for up to a month, weeks for up to half a year, months beyond: a readable number of bars. */
export function unitFor(dates: Date[]): Unit {
  if (dates.length === 0) return 'day';
  const times = dates.map((d) => d.getTime());
  const span = Math.max(...times) - Math.min(...times);
  if (span <= 31 * DAY) return 'day';
  if (span <= 183 * DAY) return 'week';
  return 'month';
}

/** One bin per period from the earliest date's to the latest's, oldest first. */
export function bin(dates: Date[], unit: Unit): Bin[] {
  const valid = dates.filter((d) => !Number.isNaN(d.getTime()));
  if (valid.length === 0) return [];
  const counts = new Map<number, number>();
  for (const d of valid) {
    const key = periodStart(d, unit).getTime();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const keys = [...counts.keys()];
  const last = Math.max(...keys);
  const bins: Bin[] = [];
  for (let s = new Date(Math.min(...keys)); s.getTime() <= last; s = next(s, unit)) {
    bins.push({ start: s, count: counts.get(s.getTime()) ?? 0 });
  }
  return bins;
}
