import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { StatementEntity } from './statement.entity.js';

/**
 * Where an imported statement came from (migration 1799003000000): its source, the `stored` the source gave it
 * and the import it arrived with. Statements written here have none.
 */
@Entity({ name: 'statement_provenance', schema: 'storage' })
@Index('statement_provenance_import_idx', ['tenantId', 'importId'])
export class StatementProvenanceEntity {
  @PrimaryColumn({ name: 'statement_seq', type: 'bigint' })
  @ForeignKey(() => StatementEntity, 'seq', {
    name: 'statement_provenance_statement_seq_fkey',
    onDelete: 'CASCADE',
  })
  statementSeq!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** The source LRS's xAPI endpoint, or the issuer of a signed archive. */
  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'original_stored', type: 'timestamptz', nullable: true })
  originalStored!: Date | null;

  @Column({ name: 'import_id', type: 'uuid' })
  importId!: string;

  @Column({ name: 'imported_at', type: 'timestamptz', default: () => 'now()' })
  importedAt!: Date;
}
