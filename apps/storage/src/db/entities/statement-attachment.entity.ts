import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

import { StatementEntity } from './statement.entity.js';

/** A statement whose request carried the data of one of its attachments (by SHA-2). */
@Entity({ name: 'statement_attachment', schema: 'storage' })
export class StatementAttachmentEntity {
  @PrimaryColumn({ name: 'statement_seq', type: 'bigint' })
  @ForeignKey(() => StatementEntity, { name: 'statement_attachment_statement_seq_fkey', onDelete: 'CASCADE' })
  statementSeq!: string;

  @PrimaryColumn({ type: 'text' })
  sha2!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;
}
