// A tenant's analytics settings and its privacy budget (docs/flows.md "Analytics that protect individuals"), in
// consent.tenant beside its age of digital consent. Raw SQL (ADR 0008).
import { type AnalyticsSettingsV1, DEFAULT_ANALYTICS_SETTINGS } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { CONSENT_DB } from '../db/data-source.js';

@Injectable()
export class TenantSettingsRepository {
  constructor(@Inject(CONSENT_DB) private readonly db: DataSource) {}

  async analytics(tenantId: string): Promise<AnalyticsSettingsV1> {
    const rows: { k: number; epsilon: number | null; budget: number | null }[] = await this.db.query(
      `SELECT analytics_k AS k, analytics_epsilon AS epsilon, analytics_budget AS budget
         FROM consent.tenant WHERE id = $1`,
      [tenantId],
    );
    const row = rows[0];
    // A tenant nobody has created a person in yet has no row: the defaults apply to it as to every tenant.
    if (!row) return DEFAULT_ANALYTICS_SETTINGS;
    return {
      k: row.k,
      noise:
        row.epsilon === null || row.budget === null
          ? null
          : { epsilonPerQuery: row.epsilon, budgetPerMonth: row.budget },
    };
  }

  async setAnalytics(uow: UnitOfWork, tenantId: string, settings: AnalyticsSettingsV1): Promise<void> {
    await uow.manager.query(
      `INSERT INTO consent.tenant (id, name, analytics_k, analytics_epsilon, analytics_budget)
       VALUES ($1, $1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET analytics_k = EXCLUDED.analytics_k,
         analytics_epsilon = EXCLUDED.analytics_epsilon, analytics_budget = EXCLUDED.analytics_budget`,
      [tenantId, settings.k, settings.noise?.epsilonPerQuery ?? null, settings.noise?.budgetPerMonth ?? null],
    );
  }

  /**
   * Spends `epsilon` from this month's budget (UTC) if that leaves it within `budget`: one conditional upsert, so
   * concurrent queries cannot overspend. Returns what is left, or null when the budget does not allow it.
   */
  async spend(tenantId: string, epsilon: number, budget: number): Promise<number | null> {
    const rows: { spent: number }[] = await this.db.query(
      `INSERT INTO consent.analytics_budget_spend AS b (tenant_id, month, spent)
       SELECT $1, date_trunc('month', now() AT TIME ZONE 'UTC')::date, $2::float8 WHERE $2::float8 <= $3::float8
       ON CONFLICT (tenant_id, month) DO UPDATE SET spent = b.spent + EXCLUDED.spent
         WHERE b.spent + EXCLUDED.spent <= $3::float8
       RETURNING spent`,
      [tenantId, epsilon, budget],
    );
    const spent = rows[0]?.spent;
    return spent === undefined ? null : Math.max(0, budget - spent);
  }
}
