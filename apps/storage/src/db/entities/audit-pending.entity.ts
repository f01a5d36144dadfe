import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An audit record written by its request's transaction and not yet sequenced into its tenant's chain and tree
 * (ADR 0010). The columns are those of `audit_record` before sequencing gives it a `seq` and hashes.
 */
@Entity({ name: 'audit_pending', schema: 'storage' })
@Index('audit_pending_tenant_idx', ['tenantId', 'id'])
@Index('audit_pending_event_key', ['tenantId', 'eventId'], { unique: true, where: 'event_id IS NOT NULL' })
export class AuditPendingEntity {
  /** Insertion order: the sequencer takes committed records in this order. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

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

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ name: 'principal_kind', type: 'text', nullable: true })
  principalKind!: string | null;

  @Column({ type: 'text', nullable: true })
  resource!: string | null;

  @Column({ name: 'returned_ids', type: 'jsonb', nullable: true })
  returnedIds!: string[] | null;

  @Column({ name: 'returned_digest', type: 'text', nullable: true })
  returnedDigest!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  basis!: Record<string, unknown>[] | null;

  @Column({ name: 'learner_keys', type: 'text', array: true, nullable: true })
  learnerKeys!: string[] | null;

  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId!: string | null;
}
