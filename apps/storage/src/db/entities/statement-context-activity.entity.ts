import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The Activities of a statement's own `context.contextActivities`, with their kind: serves institution policies
 * scoped to context activities. The key (on the digest of the IRI) and the lookup index (`left(iri, 256)` with
 * `text_pattern_ops`) are expressions, which TypeORM cannot declare: they live in migration 1796000004000 (BoundedTextKeys) only.
 */
@Entity({ name: 'statement_context_activity', schema: 'storage' })
export class StatementContextActivityEntity {
  @PrimaryColumn({ name: 'statement_seq', type: 'bigint' })
  statementSeq!: string;

  /** 1 parent, 2 grouping, 3 category, 4 other (`CONTEXT_ACTIVITY_KIND_CODES`). */
  @PrimaryColumn({ type: 'smallint' })
  kind!: number;

  @PrimaryColumn({ name: 'activity_iri', type: 'text' })
  activityIri!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;
}
