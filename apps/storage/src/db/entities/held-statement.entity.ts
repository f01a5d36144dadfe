import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { StatementEntity } from './statement.entity.js';

/**
 * A statement held for want of a basis under its writer's purpose (migration 1798008000001): its content sealed
 * until a grant releases it or `holdUntil` passes.
 */
@Entity({ name: 'held_statement', schema: 'storage' })
@Index('held_statement_policy_idx', ['tenantId', 'policyId'])
@Index('held_statement_until_idx', ['tenantId', 'holdUntil'])
export class HeldStatementEntity {
  @PrimaryColumn({ name: 'statement_seq', type: 'bigint' })
  @ForeignKey(() => StatementEntity, 'seq', {
    name: 'held_statement_statement_seq_fkey',
    onDelete: 'CASCADE',
  })
  statementSeq!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'policy_id', type: 'text' })
  policyId!: string;

  @Column({ name: 'hold_until', type: 'timestamptz' })
  holdUntil!: Date;

  /** IV (12 bytes) ‖ GCM tag (16 bytes) ‖ ciphertext of the statement's JSON. */
  @Column({ type: 'bytea' })
  sealed!: Buffer;
}
