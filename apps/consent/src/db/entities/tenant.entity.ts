import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An institution: nothing is shared across tenants. */
@Entity({ name: 'tenant', schema: 'consent' })
@Check('tenant_age_of_digital_consent_check', 'age_of_digital_consent BETWEEN 13 AND 16')
@Check('tenant_analytics_k_check', 'analytics_k BETWEEN 2 AND 100')
@Check(
  'tenant_analytics_noise_check',
  '(analytics_epsilon IS NULL) = (analytics_budget IS NULL) AND (analytics_epsilon IS NULL OR (analytics_epsilon > 0 AND analytics_budget > 0))',
)
export class TenantEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** GDPR Art. 8: the age below which a learner's consent choices are made by a guardian (13–16). */
  @Column({ name: 'age_of_digital_consent', type: 'smallint', default: 16 })
  ageOfDigitalConsent!: number;

  /** Analytics: the k of k-anonymity (2–100). */
  @Column({ name: 'analytics_k', type: 'smallint', default: 5 })
  analyticsK!: number;

  /** Analytics: the ε of Laplace noise each query spends (null: no noise). */
  @Column({ name: 'analytics_epsilon', type: 'double precision', nullable: true })
  analyticsEpsilon!: number | null;

  /** Analytics: the ε a calendar month may spend in all (null exactly when there is no noise). */
  @Column({ name: 'analytics_budget', type: 'double precision', nullable: true })
  analyticsBudget!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
