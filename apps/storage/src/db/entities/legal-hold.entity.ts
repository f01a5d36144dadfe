import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A legal hold: a person (the identifier hashes of their agent, never the identifier) or a retention rule exempted
 * until `ends_at`, or until an admin releases it.
 */
@Entity({ name: 'legal_hold', schema: 'storage' })
@Index('legal_hold_tenant_idx', ['tenantId'])
@Check('legal_hold_one_target', '(rule_id IS NULL) <> (ifi_hashes IS NULL)')
export class LegalHoldEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'rule_id', type: 'uuid', nullable: true })
  ruleId!: string | null;

  @Column({ name: 'ifi_hashes', type: 'text', array: true, nullable: true })
  ifiHashes!: string[] | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;
}
