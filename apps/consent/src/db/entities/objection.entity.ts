import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A learner's objection to a policy resting on legitimate interest, contract or public task. */
@Entity({ name: 'objection', schema: 'consent' })
// At most one standing objection per learner and policy (migration 1795000000600).
@Index('objection_standing_key', ['tenantId', 'personId', 'policyId'], {
  unique: true,
  where: 'withdrawn_at IS NULL',
})
export class ObjectionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'policy_id', type: 'uuid' })
  policyId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;
}
