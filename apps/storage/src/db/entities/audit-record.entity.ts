import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { AuditRecordColumns } from './audit-record-columns.js';

/** One access decision. Records of a tenant form a hash chain: each holds its predecessor's hash. */
@Entity({ name: 'audit_record', schema: 'storage' })
@Index('audit_record_at_idx', ['tenantId', 'at'])
@Index('audit_record_principal_idx', ['tenantId', 'principalId', 'seq'])
@Index('audit_record_learner_idx', ['learnerKeys'], { type: 'gin' })
@Index('audit_record_event_key', ['tenantId', 'eventId'], { unique: true, where: 'event_id IS NOT NULL' })
export class AuditRecordEntity extends AuditRecordColumns {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** 1, 2, 3, … per tenant with no gaps, so a deleted record shows. */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
