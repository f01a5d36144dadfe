// The query language of GET /api/v1/analytics/{measure} (docs/flows.md "Analytics that protect individuals"): fixed,
// so no two queries can single out a learner by free-form filters. A measure from a list; `groupBy`: at most two
// dimensions from a list; `interval`: day, week or month (the time buckets of `groupBy=time`); `from`/`to`: a range
// snapped outward to whole UTC months (`from` to the first day of its month, `to` — exclusive — to the first day of
// the next month unless it is one already), at most 36 months (with `groupBy=time`, 12 in weeks and 3 in days); by
// default the twelve months up to and including the current one. Anything else is a 400 naming the parameter.
import {
  ANALYTICS_DIMENSIONS,
  ANALYTICS_INTERVALS,
  ANALYTICS_MAX_MONTHS,
  ANALYTICS_MEASURES,
  type AnalyticsDimensionV1,
  type AnalyticsIntervalV1,
  type AnalyticsMeasureV1,
  type AnalyticsQueryV1,
  BadRequestError,
} from '@custos/contracts';

const KNOWN = new Set(['groupBy', 'interval', 'from', 'to']);
const DATE = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2}))?)?$/;

const monthStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
const addMonths = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));

function instant(name: string, value: string): Date {
  const m = DATE.exec(value);
  const d = m
    ? new Date(
        m[3] === undefined ? `${value}-01T00:00:00Z` : value.length === 10 ? `${value}T00:00:00Z` : value,
      )
    : null;
  if (!d || Number.isNaN(d.getTime())) {
    throw new BadRequestError(`${name} must be a date (YYYY-MM, YYYY-MM-DD or an ISO 8601 instant)`);
  }
  return d;
}

/** Parses and normalises an analytics query; `now` decides the default range. */
export function analyticsQueryOf(
  measure: string,
  params: Record<string, string>,
  now: Date = new Date(),
): AnalyticsQueryV1 {
  if (!(ANALYTICS_MEASURES as readonly string[]).includes(measure)) {
    throw new BadRequestError(`measure must be one of ${ANALYTICS_MEASURES.join(', ')}`);
  }
  const unknown = Object.keys(params).filter((p) => !KNOWN.has(p));
  if (unknown.length > 0) {
    throw new BadRequestError(`unknown parameter ${unknown.join(', ')}: use groupBy, interval, from, to`);
  }
  const groupBy = params.groupBy === undefined || params.groupBy === '' ? [] : params.groupBy.split(',');
  for (const d of groupBy) {
    if (!(ANALYTICS_DIMENSIONS as readonly string[]).includes(d)) {
      throw new BadRequestError(`groupBy: each dimension must be one of ${ANALYTICS_DIMENSIONS.join(', ')}`);
    }
  }
  if (new Set(groupBy).size !== groupBy.length) {
    throw new BadRequestError('groupBy: a dimension is given twice');
  }
  if (groupBy.length > 2) throw new BadRequestError('groupBy: at most two dimensions');
  const interval = params.interval ?? 'month';
  if (!(ANALYTICS_INTERVALS as readonly string[]).includes(interval)) {
    throw new BadRequestError(`interval must be one of ${ANALYTICS_INTERVALS.join(', ')}`);
  }
  const toGiven = params.to === undefined ? null : instant('to', params.to);
  const to = toGiven
    ? monthStart(toGiven).getTime() === toGiven.getTime()
      ? toGiven
      : addMonths(toGiven, 1)
    : addMonths(now, 1);
  const from = params.from === undefined ? addMonths(to, -12) : monthStart(instant('from', params.from));
  if (from >= to) throw new BadRequestError('to must be later than from');
  // Days and weeks as buckets make many cells: their ranges are shorter.
  const maxMonths = !groupBy.includes('time')
    ? ANALYTICS_MAX_MONTHS
    : interval === 'day'
      ? 3
      : interval === 'week'
        ? 12
        : ANALYTICS_MAX_MONTHS;
  if (addMonths(from, maxMonths) < to) {
    throw new BadRequestError(
      `from and to: at most ${maxMonths} months${maxMonths < ANALYTICS_MAX_MONTHS ? ` with ${interval}s as time buckets` : ''}`,
    );
  }
  return {
    measure: measure as AnalyticsMeasureV1,
    groupBy: groupBy as AnalyticsDimensionV1[],
    interval: interval as AnalyticsIntervalV1,
    from: from.toISOString(),
    to: to.toISOString(),
  };
}
