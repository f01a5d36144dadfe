import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An erasure that destroyed data keys (migration 1799001000000): ids and a count, nothing about the person. */
@Entity({ name: 'erasure', schema: 'keys' })
export class KeyErasureEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text', primaryKeyConstraintName: 'erasure_pkey' })
  tenantId!: string;

  @PrimaryColumn({ name: 'erasure_id', type: 'uuid', primaryKeyConstraintName: 'erasure_pkey' })
  erasureId!: string;

  /** The person erased (migration 1799001000001): whom to erase again after a restore of older data. */
  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  @Column({ name: 'keys_destroyed', type: 'integer' })
  keysDestroyed!: number;

  @Column({ name: 'erased_at', type: 'timestamptz', default: () => 'now()' })
  erasedAt!: Date;
}
