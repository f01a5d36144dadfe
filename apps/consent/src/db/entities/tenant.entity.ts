import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An institution: nothing is shared across tenants. */
@Entity({ name: 'tenant', schema: 'consent' })
@Check('tenant_age_of_digital_consent_check', 'age_of_digital_consent BETWEEN 13 AND 16')
export class TenantEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** GDPR Art. 8: the age below which a learner's consent choices are made by a guardian (13–16). */
  @Column({ name: 'age_of_digital_consent', type: 'smallint', default: 16 })
  ageOfDigitalConsent!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
