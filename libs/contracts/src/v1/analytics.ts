// Analytics that protect individuals (docs/flows.md "Analytics that protect individuals"): aggregates over the
// statements whose learners' basis allows the `analytics` purpose, in a fixed query language (a measure from a
// list, at most two grouping dimensions from a list, a range of whole UTC months), with k-anonymity suppression
// and optional Laplace noise under a per-tenant privacy budget. Nothing here names a learner.
import { z } from 'zod';

import { PrincipalV1 } from './principal.js';
import { AuditContextV1 } from './statements.js';

/** The purpose code whose policies govern analytics: their scope and basis decide whose records are counted. */
export const ANALYTICS_PURPOSE = 'analytics';

/** What is counted (GET /api/v1/analytics/{measure}). */
export const ANALYTICS_MEASURES = ['statements', 'completion', 'success', 'scores'] as const;
export const AnalyticsMeasureV1 = z.enum(ANALYTICS_MEASURES);
export type AnalyticsMeasureV1 = z.infer<typeof AnalyticsMeasureV1>;

/**
 * What a query may group by: the statement's object Activity, its context parent or grouping Activity (a course,
 * by the usual xAPI profiles), its registration, and its time bucket (`interval`, by `stored`). Fixed: no other.
 */
export const ANALYTICS_DIMENSIONS = ['activity', 'parent', 'grouping', 'registration', 'time'] as const;
export const AnalyticsDimensionV1 = z.enum(ANALYTICS_DIMENSIONS);
export type AnalyticsDimensionV1 = z.infer<typeof AnalyticsDimensionV1>;

export const ANALYTICS_INTERVALS = ['day', 'week', 'month'] as const;
export const AnalyticsIntervalV1 = z.enum(ANALYTICS_INTERVALS);
export type AnalyticsIntervalV1 = z.infer<typeof AnalyticsIntervalV1>;

/** At most this many months per query, and at most this many cells in an answer (else a 400: narrow it). */
export const ANALYTICS_MAX_MONTHS = 36;
export const ANALYTICS_MAX_CELLS = 5000;

/**
 * One analytics query, normalised: the range snapped outward to whole UTC months (`from` the first instant of a
 * month, `to` the first instant of a later one, exclusive), the dimensions distinct and in the order given.
 */
export const AnalyticsQueryV1 = z.object({
  measure: AnalyticsMeasureV1,
  groupBy: z.array(AnalyticsDimensionV1).max(2),
  interval: AnalyticsIntervalV1,
  from: z.iso.datetime(),
  to: z.iso.datetime(),
});
export type AnalyticsQueryV1 = z.infer<typeof AnalyticsQueryV1>;

/** A tenant's analytics settings (part of GET/PUT /api/v1/tenant/settings). */
export const AnalyticsSettingsV1 = z.strictObject({
  /** The k of k-anonymity: a cell covering fewer distinct learners is suppressed (2–100, default 5). */
  k: z.number().int().min(2).max(100),
  /**
   * Laplace noise on every released value (null: none). `epsilonPerQuery` is spent from `budgetPerMonth` by every
   * query of the tenant in a calendar month (UTC); once spent, queries are refused until the next month.
   */
  noise: z
    .strictObject({
      epsilonPerQuery: z.number().min(0.01).max(10),
      budgetPerMonth: z.number().min(0.01).max(1000),
    })
    .nullable(),
});
export type AnalyticsSettingsV1 = z.infer<typeof AnalyticsSettingsV1>;
export const DEFAULT_ANALYTICS_SETTINGS: AnalyticsSettingsV1 = { k: 5, noise: null };

/** GET /api/v1/analytics/{measure}: query.v1.analytics.run. */
export const RunAnalyticsV1 = z.object({
  principal: PrincipalV1,
  query: AnalyticsQueryV1,
  requestId: z.string().optional(),
});
export type RunAnalyticsV1 = z.infer<typeof RunAnalyticsV1>;

/** Query asks consent what decides the query: the analytics policies' filter, k, and noise (spending ε). */
export const AnalyticsBasisRequestV1 = z.object({ principal: PrincipalV1 });
export type AnalyticsBasisRequestV1 = z.infer<typeof AnalyticsBasisRequestV1>;

export const AnalyticsPolicyRefV1 = z.object({
  policyId: z.uuid(),
  version: z.number().int().positive(),
  lawfulBasis: z.string(),
});
export type AnalyticsPolicyRefV1 = z.infer<typeof AnalyticsPolicyRefV1>;

export const AnalyticsBasisReplyV1 = z.object({
  /** The records analytics may count: the OR of the analytics policies' scope and basis filters. */
  filter: z.unknown(),
  policies: z.array(AnalyticsPolicyRefV1),
  k: z.number().int().min(2),
  /** The ε this query spent (null: no noise), and what is left of the month's budget after it. */
  noise: z.object({ epsilon: z.number(), remaining: z.number() }).nullable(),
});
export type AnalyticsBasisReplyV1 = z.infer<typeof AnalyticsBasisReplyV1>;

/** Query asks storage to aggregate (storage.v1.analytics.aggregate); storage records the query in the audit log. */
export const AggregateAnalyticsV1 = z.object({
  tenantId: z.string().min(1),
  query: AnalyticsQueryV1,
  filter: z.unknown(),
  k: z.number().int().min(2),
  epsilon: z.number().positive().nullable(),
  audit: AuditContextV1,
});
export type AggregateAnalyticsV1 = z.infer<typeof AggregateAnalyticsV1>;

/**
 * Why a cell is suppressed: `fewer-than-k` learners; `range-edge` (its first or last month in the range covers
 * fewer than k of its learners, so two ranges differing by that month would reveal them); `complementary` (kept
 * back so that a suppressed cell cannot be recovered from a total minus the others); `population` (the whole
 * answer covers fewer than k learners).
 */
export const SuppressionReasonV1 = z.enum(['fewer-than-k', 'range-edge', 'complementary', 'population']);
export type SuppressionReasonV1 = z.infer<typeof SuppressionReasonV1>;

/**
 * One cell: its key (one entry per grouping dimension, plus `score` — the lower bound of a tenth of
 * `result.score.scaled`, `-1` for negative scores — for the `scores` measure; `""` where a statement has no
 * value for the dimension) and, unless suppressed, its values: `learners` (distinct data subjects),
 * `statements`, and for `completion`/`success` `positive` (learners with a true value) and `rate`.
 */
export const AnalyticsCellV1 = z.object({
  key: z.record(z.string(), z.string()),
  suppressed: z.boolean(),
  reason: SuppressionReasonV1.optional(),
  learners: z.number().optional(),
  statements: z.number().optional(),
  positive: z.number().optional(),
  rate: z.number().optional(),
});
export type AnalyticsCellV1 = z.infer<typeof AnalyticsCellV1>;

export const AnalyticsResultV1 = z.object({
  query: AnalyticsQueryV1,
  k: z.number().int(),
  /** Laplace noise was added with this ε (null: exact values); `remaining`: ε left this month. */
  noise: z.object({ epsilon: z.number(), remaining: z.number() }).nullable(),
  /** The analytics policies whose records were counted (none: nothing is counted). */
  policies: z.array(AnalyticsPolicyRefV1),
  total: AnalyticsCellV1,
  cells: z.array(AnalyticsCellV1),
});
export type AnalyticsResultV1 = z.infer<typeof AnalyticsResultV1>;
