import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The ε a tenant's analytics queries spent in one calendar month (UTC), against its budget (docs/flows.md). */
@Entity({ name: 'analytics_budget_spend', schema: 'consent' })
export class AnalyticsBudgetSpendEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** The first day of the month. */
  @PrimaryColumn({ type: 'date' })
  month!: string;

  @Column({ type: 'double precision' })
  spent!: number;
}
