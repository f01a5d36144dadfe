// storage.v1.analytics.aggregate (docs/flows.md "Analytics that protect individuals"): counts in SQL over the records
// the analytics policies allow (analytics.repository.ts), suppresses and adds noise (suppression.ts), and records the
// query in the audit log before answering: the record names the query and how many cells were released, never a
// learner. Storage takes the filter only from query (ADR 0006), and checks it, like every filter that crosses the
// wire.
import { isAccessFilter } from '@custos/authz';
import {
  type AggregateAnalyticsV1,
  ANALYTICS_MAX_CELLS,
  type AnalyticsResultV1,
  BadRequestError,
} from '@custos/contracts';
import { Injectable } from '@nestjs/common';

import { AuditService } from '../audit/index.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { releasedCells } from './suppression.js';

@Injectable()
export class AnalyticsService {
  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly audit: AuditService,
  ) {}

  async aggregate({
    tenantId,
    query,
    filter,
    k,
    epsilon,
    audit,
  }: AggregateAnalyticsV1): Promise<AnalyticsResultV1> {
    if (!isAccessFilter(filter)) throw new BadRequestError('malformed access filter');
    const counts = await this.repository.counts(tenantId, query, filter, k);
    if (counts.cells.length > ANALYTICS_MAX_CELLS) {
      throw new BadRequestError(
        `the answer would have ${counts.cells.length} cells (at most ${ANALYTICS_MAX_CELLS}): narrow the range, use a longer interval or fewer dimensions`,
      );
    }
    const names = [...query.groupBy, ...(query.measure === 'scores' ? ['score'] : [])];
    const { total, cells } = releasedCells(query.measure, names, counts, k, epsilon);
    const released = cells.filter((c) => !c.suppressed).length;
    await this.audit.append({
      tenantId,
      audit: { ...audit, query: { ...audit.query, k, ...(epsilon !== null && { epsilon }) } },
      decision: 'allow',
      count: released,
      reason: `${released} of ${cells.length} cells released${total.suppressed ? ', total suppressed' : ''}`,
    });
    return { query, k, noise: null, policies: [], total, cells };
  }
}
