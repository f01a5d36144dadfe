import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { TenantEntity } from './tenant.entity.js';

/**
 * An erasure job (migration 1798005000001): its state and step, so it resumes after a crash. `personId` has no
 * foreign key (the erasure deletes the person; the row stays as its record); `subjectHashes` is set only while
 * it runs.
 */
@Entity({ name: 'erasure', schema: 'consent' })
@Index('erasure_open_key', ['tenantId', 'personId'], {
  unique: true,
  where: `state IN ('waiting', 'approved', 'running')`,
})
@Index('erasure_due_idx', ['dueAt'], { where: `state IN ('waiting', 'approved', 'running')` })
@Check('erasure_requested_by_check', `requested_by IN ('admin', 'self')`)
@Check(
  'erasure_state_check',
  `state IN ('waiting', 'approved', 'running', 'blocked', 'completed', 'cancelled')`,
)
@Check('erasure_step_check', `step IN ('none', 'storage', 'consent', 'seal', 'done')`)
export class ErasureEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  @ForeignKey(() => TenantEntity, { name: 'erasure_tenant_id_fkey' })
  tenantId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: 'admin' | 'self';

  @Column({ name: 'requester_id', type: 'text' })
  requesterId!: string;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'approved_by', type: 'text', nullable: true })
  approvedBy!: string | null;

  @Column({ type: 'boolean', default: false })
  narrow!: boolean;

  @Column({ type: 'text' })
  state!: string;

  @Column({ type: 'text', default: 'none' })
  step!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  blockers!: unknown[];

  @Column({ name: 'subject_hashes', type: 'text', array: true, nullable: true })
  subjectHashes!: string[] | null;

  @Column({ name: 'placeholder_name', type: 'uuid' })
  placeholderName!: string;

  @Column({ name: 'storage_counts', type: 'jsonb', nullable: true })
  storageCounts!: Record<string, number> | null;

  @Column({ name: 'consent_counts', type: 'jsonb', nullable: true })
  consentCounts!: Record<string, number> | null;

  @Column({ type: 'jsonb', nullable: true })
  completion!: Record<string, unknown> | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
