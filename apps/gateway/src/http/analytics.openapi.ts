// The OpenAPI description of ./analytics.controller.ts (see ./openapi-route.ts).
import {
  ANALYTICS_DIMENSIONS,
  ANALYTICS_INTERVALS,
  ANALYTICS_MEASURES,
  AnalyticsResultV1,
} from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { documentRoute, named, param } from './openapi-route.js';

const WHAT: Record<(typeof ANALYTICS_MEASURES)[number], string> = {
  statements: 'Statements and distinct learners per cell',
  completion: 'Completion: learners with a result.completion, and how many completed (rate)',
  success: 'Success: learners with a result.success, and how many succeeded (rate)',
  scores: 'Score distribution: learners per tenth of result.score.scaled',
};

export function documentAnalytics(registry: OpenAPIRegistry): void {
  const result = named('AnalyticsResult', AnalyticsResultV1);
  for (const measure of ANALYTICS_MEASURES) {
    documentRoute(registry, {
      method: 'get',
      path: `/api/v1/analytics/${measure}`,
      operationId: `getAnalytics${measure[0]!.toUpperCase()}${measure.slice(1)}`,
      tag: 'analytics',
      summary: WHAT[measure],
      description:
        'For the admins of the tenant (403 for anyone else). Counted only over the statements the tenant’s ' +
        'policies with purpose code `analytics` allow (consent: learners who granted; other bases: all but ' +
        'objectors; their scope, retention and held statements apply; voided statements are left out). A cell ' +
        'covering fewer than k distinct learners (tenant setting, default 5) is `suppressed: true` with no value, ' +
        'and further cells are suppressed so that none can be recovered by subtraction (docs/flows.md). With ' +
        'noise on, each query spends ε from the month’s privacy budget; once spent, 429 until the next month.',
      auth: 'person',
      query: z.object({
        groupBy: param(
          z.string(),
          `Up to two of ${ANALYTICS_DIMENSIONS.join(', ')}, comma-separated (none: only the total)`,
        ).optional(),
        interval: param(
          z.enum(ANALYTICS_INTERVALS),
          'The time buckets of groupBy=time (default month)',
        ).optional(),
        from: param(
          z.string(),
          'Start (YYYY-MM, YYYY-MM-DD or an instant), snapped to its month’s first day',
        ).optional(),
        to: param(
          z.string(),
          'End, exclusive, snapped up to a month’s first day; default: the end of the current month; at most 36 months',
        ).optional(),
      }),
      ok: { status: 200, description: 'The cells, suppressed ones marked', json: result },
      errors: [400, 403, 429],
    });
  }
}
