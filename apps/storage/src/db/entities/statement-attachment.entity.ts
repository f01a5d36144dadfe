import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A statement whose request carried the data of one of its attachments (by SHA-2). */
@Entity({ name: 'statement_attachment', schema: 'storage' })
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
