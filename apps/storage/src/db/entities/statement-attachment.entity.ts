import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A statement whose request carried the data of one of its attachments (by SHA-2). */
@Entity({ name: 'statement_attachment', schema: 'storage' })
// The retention purge asks whether any statement still refers to an attachment's data (migration 1798004000000).
@Index('statement_attachment_sha2_idx', ['tenantId', 'sha2'])
export class StatementAttachmentEntity {
  @PrimaryColumn({ name: 'statement_seq', type: 'bigint' })
  // No foreign key to storage.statement (migration 1797000100000, DropStatementLinkForeignKeys): links join the
  // batch's own statements, and a trigger deletes them with their statements.
  statementSeq!: string;

  @PrimaryColumn({ type: 'text' })
  sha2!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;
}
