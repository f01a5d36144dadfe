import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { PersonEntity } from './person.entity.js';
import { TenantEntity } from './tenant.entity.js';

/** A learner's objection to a policy resting on legitimate interest, contract or public task. */
@Entity({ name: 'objection', schema: 'consent' })
// At most one standing objection per learner and policy (migration 1795000000600).
@Index('objection_standing_key', ['tenantId', 'personId', 'policyId'], {
  unique: true,
  where: 'withdrawn_at IS NULL',
})
@Index('objection_person_idx', ['personId'], { where: 'withdrawn_at IS NULL' })
export class ObjectionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  @ForeignKey(() => TenantEntity, { name: 'objection_tenant_id_fkey' })
  tenantId!: string;

  @Column({ name: 'policy_id', type: 'uuid' })
  policyId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  @ForeignKey(() => PersonEntity, { name: 'objection_person_id_fkey', onDelete: 'CASCADE' })
  personId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;
}
