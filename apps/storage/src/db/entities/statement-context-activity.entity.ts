import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The Activities of a statement's own `context.contextActivities`, with their kind: serves institution
 * policies scoped to context activities. Keyless (KEYLESS in libs/platform's schema-drift.ts): the key (on
 * the digest of the IRI) and the lookup index (`left(iri, 256)` with `text_pattern_ops`) are expression indexes
 * (migration 1796000004000, BoundedTextKeys); the primary columns only identify a row.
 */
@Entity({ name: 'statement_context_activity', schema: 'storage', synchronize: false })
@Check('statement_context_activity_kind_check', 'kind >= 1 AND kind <= 4')
@Index('statement_context_activity_key', { synchronize: false })
@Index('statement_context_activity_lookup_idx', { synchronize: false })
export class StatementContextActivityEntity {
  @PrimaryColumn({ name: 'statement_seq', type: 'bigint' })
  // No foreign key to storage.statement (migration 1797000100000, DropStatementLinkForeignKeys): links are written
  // only from the statements' own INSERT … RETURNING, and a trigger deletes them with their statements.
  statementSeq!: string;

  /** 1 parent, 2 grouping, 3 category, 4 other (`CONTEXT_ACTIVITY_KIND_CODES`). */
  @PrimaryColumn({ type: 'smallint', comment: '1 parent, 2 grouping, 3 category, 4 other' })
  kind!: number;

  @PrimaryColumn({ name: 'activity_iri', type: 'text' })
  activityIri!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;
}
