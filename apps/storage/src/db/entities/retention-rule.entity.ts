import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A tenant's retention rule: statements stored more than `olderThanDays` ago that match every criterion given. */
@Entity({ name: 'retention_rule', schema: 'storage' })
@Index('retention_rule_tenant_idx', ['tenantId'])
@Check('retention_rule_age', 'older_than_days BETWEEN 1 AND 36500')
export class RetentionRuleEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'verb_iri', type: 'text', nullable: true })
  verbIri!: string | null;

  @Column({ name: 'activity_prefix', type: 'text', nullable: true })
  activityPrefix!: string | null;

  @Column({ type: 'uuid', nullable: true })
  registration!: string | null;

  @Column({ name: 'older_than_days', type: 'integer' })
  olderThanDays!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
