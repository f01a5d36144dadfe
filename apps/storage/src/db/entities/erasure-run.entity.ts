import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What storage did for one erasure: the counts of its erase step and, once sealed, the signed completion record
 * (migration 1798005000000). Counts and ids only, never an identifier or its hash.
 */
@Entity({ name: 'erasure_run', schema: 'storage' })
export class ErasureRunEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ name: 'erasure_id', type: 'uuid' })
  erasureId!: string;

  @Column({ type: 'jsonb' })
  counts!: Record<string, number>;

  /** The legal obligations that covered some of the person's statements (kept, or the reason for a block). */
  @Column({ type: 'jsonb' })
  covered!: unknown[];

  @Column({ name: 'erased_at', type: 'timestamptz', default: () => 'now()' })
  erasedAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  completion!: Record<string, unknown> | null;

  @Column({ name: 'sealed_at', type: 'timestamptz', nullable: true })
  sealedAt!: Date | null;
}
