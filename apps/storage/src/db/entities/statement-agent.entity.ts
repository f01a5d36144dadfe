import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Agents a statement is about, by identifier hash: serves the `agent` and `related_agents` filters. */
@Entity({ name: 'statement_agent', schema: 'storage' })
@Index('statement_agent_lookup_idx', ['tenantId', 'ifiHash', 'statementSeq'])
@Index('statement_agent_subject_idx', ['tenantId', 'ifiHash', 'statementSeq'], { where: 'is_subject' })
export class StatementAgentEntity {
  @PrimaryColumn({ name: 'statement_seq', type: 'bigint' })
  // No foreign key to storage.statement (migration 1797000100000, DropStatementLinkForeignKeys): links are written
  // only from the statements' own INSERT … RETURNING, and a trigger deletes them with their statements.
  statementSeq!: string;

  @PrimaryColumn({ name: 'ifi_hash', type: 'text' })
  ifiHash!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** Actor or object (true), or only somewhere else in the statement (related). */
  @Column({ type: 'boolean' })
  direct!: boolean;

  /** A data subject: the actor, or a member of an actor Group (not the object or related agents). */
  @Column({ name: 'is_subject', type: 'boolean', default: false })
  isSubject!: boolean;
}
