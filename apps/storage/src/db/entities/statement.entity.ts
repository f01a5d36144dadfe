import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One stored xAPI statement: the full JSON plus the columns the xAPI filters and the access rules use. */
@Entity({ name: 'statement', schema: 'storage' })
@Unique('statement_tenant_statement_id_key', ['tenantId', 'statementId'])
@Index('statement_tenant_seq_idx', ['tenantId', 'seq'])
@Index('statement_stored_idx', ['tenantId', 'stored'])
@Index('statement_registration_idx', ['tenantId', 'registration', 'seq'])
@Index('statement_authority_idx', ['tenantId', 'authorityCredentialId', 'seq'])
@Index('statement_target_idx', ['tenantId', 'targetStatementId'], {
  where: 'target_statement_id IS NOT NULL',
})
// On the digest of the verb IRI (any length is valid): an expression index (migration 1796000004000).
@Index('statement_verb_idx', { synchronize: false })
export class StatementEntity {
  /** Strictly increasing order key: paging cursors and `more` URLs are built on it. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', name: 'seq', generatedIdentity: 'ALWAYS' })
  seq!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'statement_id', type: 'uuid' })
  statementId!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'verb_iri', type: 'text' })
  verbIri!: string;

  @Column({ name: 'object_activity_id', type: 'text', nullable: true })
  objectActivityId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  registration!: string | null;

  /** SHA-256 of the actor's identifier: lookup only, the identifier itself stays in payload. */
  @Column({ name: 'actor_ifi_hash', type: 'text', nullable: true })
  actorIfiHash!: string | null;

  @Column({ name: 'authority_credential_id', type: 'uuid' })
  authorityCredentialId!: string;

  @Column({ type: 'timestamptz' })
  stored!: Date;

  @Column({ name: 'is_voided', type: 'boolean', default: false })
  isVoided!: boolean;

  @Column({ name: 'voids_statement_id', type: 'uuid', nullable: true })
  voidsStatementId!: string | null;

  /** The statement a StatementRef object points at: filters follow it (Communication §2.1.3). */
  @Column({ name: 'target_statement_id', type: 'uuid', nullable: true })
  targetStatementId!: string | null;
}
