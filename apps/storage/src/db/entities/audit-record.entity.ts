import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One access decision. Records of a tenant form a hash chain: each holds its predecessor's hash. */
@Entity({ name: 'audit_record', schema: 'storage' })
export class AuditRecordEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** 1, 2, 3, … per tenant with no gaps, so a deleted record shows. */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'principal_id', type: 'text' })
  principalId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'jsonb' })
  query!: Record<string, unknown>;

  @Column({ type: 'text' })
  decision!: string;

  @Column({ type: 'integer' })
  count!: number;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
