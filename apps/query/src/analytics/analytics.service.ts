// GET /api/v1/analytics/{measure} (docs/flows.md "Analytics that protect individuals"): checked here (CASL: the
// tenant's admins), then consent gives what decides the query — the analytics policies' filter, k, and the ε spent
// when noise is on — and storage aggregates in SQL over exactly those records, suppresses, adds noise and records
// the query in the audit log. Query alone hands storage an access filter (ADR 0006).
import { abilityWithoutPolicies, analyticsOf } from '@custos/authz';
import {
  type AnalyticsResultV1,
  auditContextOf,
  ForbiddenError,
  type RunAnalyticsV1,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Injectable } from '@nestjs/common';

import { recordDenial } from '../core/index.js';

@Injectable()
export class AnalyticsService {
  constructor(private readonly bus: MessageBus) {}

  async run({ principal, query, requestId }: RunAnalyticsV1): Promise<AnalyticsResultV1> {
    const audit = {
      ...auditContextOf(principal, 'analytics.query', 'analytics', { ...query }),
      ...(requestId !== undefined && { requestId }),
    };
    if (!abilityWithoutPolicies(principal).can('read', analyticsOf(principal.tenantId))) {
      await recordDenial(this.bus, principal.tenantId, audit, 'analytics are for the admins of the tenant');
      throw new ForbiddenError('analytics are for the admins of the tenant');
    }
    const basis = await this.bus.request('consent.v1.analytics.basis', { principal });
    const result = await this.bus.request('storage.v1.analytics.aggregate', {
      tenantId: principal.tenantId,
      query,
      filter: basis.filter,
      k: basis.k,
      epsilon: basis.noise?.epsilon ?? null,
      audit: {
        ...audit,
        basis: basis.policies.map((p) => ({ kind: 'policy', policyId: p.policyId, version: p.version })),
      },
    });
    return { ...result, noise: basis.noise, policies: basis.policies };
  }
}
