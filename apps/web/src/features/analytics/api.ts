// Analytics (docs/flows.md "Analytics that protect individuals"): k-anonymous aggregates for the tenant's admins.
import { ApiError, api, bearer } from '../../api/client';
import type { components } from '../../api/schema';

export type AnalyticsResult = components['schemas']['AnalyticsResult'];
export type AnalyticsCell = AnalyticsResult['cells'][number];

export const MEASURES = ['statements', 'completion', 'success', 'scores'] as const;
export type Measure = (typeof MEASURES)[number];
export const DIMENSIONS = ['activity', 'parent', 'grouping', 'registration', 'time'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const INTERVALS = ['day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

export interface AnalyticsAsk {
  measure: Measure;
  groupBy: Dimension[];
  interval: Interval;
  /** YYYY-MM; the range runs from the first day of `from` to the first day after `to`. */
  from: string;
  to: string;
}

const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

export async function runAnalytics(token: string, ask: AnalyticsAsk): Promise<AnalyticsResult> {
  const query = {
    ...(ask.groupBy.length > 0 && { groupBy: ask.groupBy.join(',') }),
    interval: ask.interval,
    from: ask.from,
    to: nextMonth(ask.to),
  };
  const { data, error, response } = await api.GET(`/api/v1/analytics/${ask.measure}`, {
    headers: bearer(token),
    params: { query },
  });
  if (!data) {
    const message =
      typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : 'refused';
    throw new ApiError(response.status, message);
  }
  return data;
}
