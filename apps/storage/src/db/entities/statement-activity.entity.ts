import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Activities a statement mentions: serves the `activity` and `related_activities` filters. The key and the
 * lookup index are on the digest of the IRI (any length is valid), which TypeORM cannot declare: they live in
 * migration 1796000004000 (BoundedTextKeys); the primary columns here only identify a row to TypeORM.
 */
@Entity({ name: 'statement_activity', schema: 'storage' })
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
