import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Activities a statement mentions: serves the `activity` and `related_activities` filters. Keyless (KEYLESS
 * in libs/platform's schema-drift.ts): the key and the lookup index are on the digest of the IRI (any length
 * is valid), expression indexes (migration 1796000004000, BoundedTextKeys); the primary columns only
 * identify a row.
 */
@Entity({ name: 'statement_activity', schema: 'storage', synchronize: false })
@Index('statement_activity_key', { synchronize: false })
@Index('statement_activity_lookup_idx', { synchronize: false })
export class StatementActivityEntity {
  @PrimaryColumn({ name: 'statement_seq', type: 'bigint' })
  // No foreign key to storage.statement (migration 1797000100000, DropStatementLinkForeignKeys): links are written
  // only from the statements' own INSERT … RETURNING, and a trigger deletes them with their statements.
  statementSeq!: string;

  @PrimaryColumn({ name: 'activity_iri', type: 'text' })
  activityIri!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** The statement's object (true), or a context/sub-statement activity (related). */
  @Column({ type: 'boolean' })
  direct!: boolean;
}
