// What decides an analytics query (docs/flows.md "Analytics that protect individuals"), for query to hand storage:
// the records the `analytics` purpose allows — the OR of the scope-and-basis filters of the tenant's current
// policies with that purpose code (policyScopeFilter: consent needs a grant, objectable bases yield to objections,
// scope as for any reader) —, the tenant's k, and, with noise on, the ε this query spends from the month's budget.
import { type AccessFilter, abilityWithoutPolicies, analyticsOf, policyScopeFilter } from '@custos/authz';
import {
  ANALYTICS_PURPOSE,
  type AnalyticsBasisReplyV1,
  ForbiddenError,
  type PrincipalV1,
  TooManyRequestsError,
} from '@custos/contracts';
import { Injectable } from '@nestjs/common';

import { TenantSettingsRepository } from '../people/index.js';
import { institutionPolicyOf, PoliciesService } from '../policies/index.js';

/** Seconds from `now` to the first instant of the next calendar month (UTC), when a spent budget is renewed. */
export const secondsToNextMonth = (now: Date): number => {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return Math.ceil((next - now.getTime()) / 1000);
};

@Injectable()
export class AnalyticsBasisService {
  constructor(
    private readonly policies: PoliciesService,
    private readonly settings: TenantSettingsRepository,
  ) {}

  async basis(principal: PrincipalV1): Promise<AnalyticsBasisReplyV1> {
    const { tenantId } = principal;
    if (!abilityWithoutPolicies(principal).can('read', analyticsOf(tenantId))) {
      throw new ForbiddenError('analytics are for the admins of the tenant');
    }
    const current = (await this.policies.currentPolicies(tenantId)).filter(
      (p) => p.purpose.code === ANALYTICS_PURPOSE,
    );
    const filters: AccessFilter[] = [];
    const refs: AnalyticsBasisReplyV1['policies'] = [];
    for (const p of current) {
      const filter = policyScopeFilter(institutionPolicyOf(p));
      if (filter === null) continue;
      filters.push(filter);
      refs.push({ policyId: p.id, version: p.version, lawfulBasis: p.lawfulBasis });
    }
    const { k, noise } = await this.settings.analytics(tenantId);
    let spent: AnalyticsBasisReplyV1['noise'] = null;
    if (noise) {
      const remaining = await this.settings.spend(tenantId, noise.epsilonPerQuery, noise.budgetPerMonth);
      if (remaining === null) {
        throw new TooManyRequestsError(
          `the privacy budget of analytics for this month (ε ${noise.budgetPerMonth}) is spent: queries are answered again from the first day of next month (UTC)`,
          secondsToNextMonth(new Date()),
        );
      }
      spent = { epsilon: noise.epsilonPerQuery, remaining };
    }
    // No analytics policy: nothing is counted (`{ or: [] }` is false).
    return { filter: { or: filters }, policies: refs, k, noise: spent };
  }
}
