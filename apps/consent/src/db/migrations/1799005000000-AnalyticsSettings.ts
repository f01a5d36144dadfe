import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analytics that protect individuals (docs/flows.md): each tenant's k of k-anonymity (2–100, 5 when the tenant does
 * not say) and its optional Laplace noise — the ε each query spends and the ε a calendar month may spend in all —,
 * and what each month has spent so far, decided by one conditional upsert so two queries cannot both take the last
 * of a budget.
 */
export class AnalyticsSettings1799005000000 implements MigrationInterface {
  name = 'AnalyticsSettings1799005000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE consent.tenant
         ADD COLUMN analytics_k smallint NOT NULL DEFAULT 5,
         ADD COLUMN analytics_epsilon double precision,
         ADD COLUMN analytics_budget double precision,
         ADD CONSTRAINT tenant_analytics_k_check CHECK (analytics_k BETWEEN 2 AND 100),
         ADD CONSTRAINT tenant_analytics_noise_check CHECK (
           (analytics_epsilon IS NULL) = (analytics_budget IS NULL)
           AND (analytics_epsilon IS NULL OR (analytics_epsilon > 0 AND analytics_budget > 0)))`,
    );
    await q.query(`
      CREATE TABLE consent.analytics_budget_spend (
        tenant_id text NOT NULL,
        month date NOT NULL,
        spent double precision NOT NULL,
        PRIMARY KEY (tenant_id, month)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.analytics_budget_spend`);
    await q.query(
      `ALTER TABLE consent.tenant DROP COLUMN analytics_k, DROP COLUMN analytics_epsilon, DROP COLUMN analytics_budget`,
    );
  }
}
