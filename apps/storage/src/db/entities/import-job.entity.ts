import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An import of a source LRS's statements into a tenant, with its counts and cursor (migration 1799003000001). */
@Entity({ name: 'import_job', schema: 'storage' })
@Index('import_job_tenant_idx', ['tenantId', 'createdAt'])
@Check('import_job_state_check', `state IN ('running', 'completed', 'failed')`)
export class ImportJobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'started_by', type: 'text' })
  startedBy!: string;

  @Column({ type: 'text' })
  state!: string;

  /** The process running the job; a new start takes it over. */
  @Column({ type: 'uuid' })
  runner!: string;

  @Column({ name: 'more_url', type: 'text', nullable: true })
  moreUrl!: string | null;

  @Column({ name: 'consistent_through', type: 'text', nullable: true })
  consistentThrough!: string | null;

  @Column({ type: 'integer', default: 0 })
  pages!: number;

  @Column({ type: 'integer', default: 0 })
  imported!: number;

  @Column({ type: 'integer', default: 0 })
  skipped!: number;

  @Column({ type: 'integer', default: 0 })
  refused!: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  refusals!: unknown[];

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
