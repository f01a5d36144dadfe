import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Activities a statement mentions: serves the `activity` and `related_activities` filters. */
@Entity({ name: 'statement_activity', schema: 'storage' })
@Index('statement_activity_lookup_idx', ['tenantId', 'activityIri', 'statementSeq'])
export class StatementActivityEntity {
  @PrimaryColumn({ name: 'statement_seq', type: 'bigint' })
  statementSeq!: string;

  @PrimaryColumn({ name: 'activity_iri', type: 'text' })
  activityIri!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** The statement's object (true), or a context/sub-statement activity (related). */
  @Column({ type: 'boolean' })
  direct!: boolean;
}
