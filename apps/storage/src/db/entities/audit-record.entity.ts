import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One access decision. Records of a tenant form a hash chain: each holds its predecessor's hash. */
@Entity({ name: 'audit_record', schema: 'storage' })
@Index('audit_record_at_idx', ['tenantId', 'at'])
@Index('audit_record_principal_idx', ['tenantId', 'principalId', 'seq'])
@Index('audit_record_learner_idx', ['learnerKeys'], { type: 'gin' })
@Index('audit_record_event_key', ['tenantId', 'eventId'], { unique: true, where: 'event_id IS NOT NULL' })
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

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  /** 'credential' | 'person' | 'system' | 'anonymous'. */
  @Column({ name: 'principal_kind', type: 'text', nullable: true })
  principalKind!: string | null;

  @Column({ type: 'text', nullable: true })
  resource!: string | null;

  /** The ids returned, when there are at most 100 of them. */
  @Column({ name: 'returned_ids', type: 'jsonb', nullable: true })
  returnedIds!: string[] | null;

  /** SHA-256 over the sorted returned ids, one per line. */
  @Column({ name: 'returned_digest', type: 'text', nullable: true })
  returnedDigest!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  basis!: Record<string, unknown>[] | null;

  /** Pseudonymous keys of the learners concerned (HMAC of their identifier hashes). */
  @Column({ name: 'learner_keys', type: 'text', array: true, nullable: true })
  learnerKeys!: string[] | null;

  /** The event this record was made from (consent changes), so a redelivery is recorded once. */
  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId!: string | null;
}
