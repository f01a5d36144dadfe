// The columns an audit record has before and after sequencing (ADR 0010): `audit_pending` and `audit_record`
// both extend this, so the two tables cannot drift apart; `audit_record` adds the record's place in the chain.
import { Column } from 'typeorm';

/** An audit record's content: what a request writes, which sequencing hashes and never changes. */
export abstract class AuditRecordColumns {
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
