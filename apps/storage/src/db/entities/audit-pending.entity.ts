import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { AuditRecordColumns } from './audit-record-columns.js';

/**
 * An audit record written by its request's transaction and not yet sequenced into its tenant's chain and tree
 * (ADR 0010): the columns of `audit_record` but the place in the chain (`seq`, `prev_hash`, `hash`) sequencing
 * gives it.
 */
@Entity({ name: 'audit_pending', schema: 'storage' })
@Index('audit_pending_tenant_idx', ['tenantId', 'id'])
@Index('audit_pending_event_key', ['tenantId', 'eventId'], { unique: true, where: 'event_id IS NOT NULL' })
export class AuditPendingEntity extends AuditRecordColumns {
  /** Insertion order: the sequencer takes committed records in this order. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;
}
