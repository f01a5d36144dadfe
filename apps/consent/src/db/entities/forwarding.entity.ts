import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

import { TenantEntity } from './tenant.entity.js';

/** A forwarding target and its delivery state (migration 1799002000000). */
@Entity({ name: 'forwarding_target', schema: 'consent' })
@Index('forwarding_target_tenant_idx', ['tenantId'])
@Check('forwarding_target_kind_check', `kind IN ('xapi', 'webhook')`)
@Check('forwarding_target_auth_kind_check', `auth_kind IN ('none', 'basic', 'oauth2')`)
export class ForwardingTargetEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  @ForeignKey(() => TenantEntity, { name: 'forwarding_target_tenant_id_fkey' })
  tenantId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ name: 'auth_kind', type: 'text' })
  authKind!: string;

  @Column({ name: 'auth_key', type: 'text', nullable: true })
  authKey!: string | null;

  @Column({ name: 'token_url', type: 'text', nullable: true })
  tokenUrl!: string | null;

  @Column({ name: 'auth_scope', type: 'text', nullable: true })
  authScope!: string | null;

  /** IV (12 bytes) ‖ GCM tag (16 bytes) ‖ ciphertext of the target's secret. */
  @Column({ name: 'sealed_secret', type: 'bytea', nullable: true })
  sealedSecret!: Buffer | null;

  @Column({ name: 'grantee_credential_id', type: 'uuid' })
  granteeCredentialId!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  filter!: Record<string, unknown>;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;

  @Column({ name: 'last_delivered_at', type: 'timestamptz', nullable: true })
  lastDeliveredAt!: Date | null;

  @Column({ name: 'delivered_statements', type: 'bigint', default: 0 })
  deliveredStatements!: string;
}

/** A batch waiting for a target: a stored batch's statement ids, or an erasure to propagate. */
@Entity({ name: 'forwarding_pending', schema: 'consent' })
@Index('forwarding_pending_message_key', ['targetId', 'messageId'], { unique: true })
@Index('forwarding_pending_target_idx', ['targetId', 'id'])
@Check('forwarding_pending_kind_check', `kind IN ('statements', 'erasure')`)
export class ForwardingPendingEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'target_id', type: 'uuid' })
  @ForeignKey(() => ForwardingTargetEntity, {
    name: 'forwarding_pending_target_id_fkey',
    onDelete: 'CASCADE',
  })
  targetId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ name: 'erasure_id', type: 'uuid', nullable: true })
  erasureId!: string | null;

  @Column({ name: 'statement_ids', type: 'text', array: true })
  statementIds!: string[];

  @Column({ name: 'enqueued_at', type: 'timestamptz', default: () => 'now()' })
  enqueuedAt!: Date;
}

/** A batch whose attempts ran out, kept for an admin to retry or discard. */
@Entity({ name: 'forwarding_dead_letter', schema: 'consent' })
@Index('forwarding_dead_letter_target_idx', ['targetId'])
@Check('forwarding_dead_letter_kind_check', `kind IN ('statements', 'erasure')`)
export class ForwardingDeadLetterEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'target_id', type: 'uuid' })
  @ForeignKey(() => ForwardingTargetEntity, {
    name: 'forwarding_dead_letter_target_id_fkey',
    onDelete: 'CASCADE',
  })
  targetId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'erasure_id', type: 'uuid', nullable: true })
  erasureId!: string | null;

  @Column({ name: 'statement_ids', type: 'text', array: true })
  statementIds!: string[];

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'enqueued_at', type: 'timestamptz' })
  enqueuedAt!: Date;

  @Column({ name: 'dead_at', type: 'timestamptz', default: () => 'now()' })
  deadAt!: Date;
}

/** A statement sent to a target, once per data subject's identifier hash: what an erasure voids there. */
@Entity({ name: 'forwarding_sent', schema: 'consent' })
export class ForwardingSentEntity {
  @PrimaryColumn({ name: 'target_id', type: 'uuid' })
  @ForeignKey(() => ForwardingTargetEntity, { name: 'forwarding_sent_target_id_fkey', onDelete: 'CASCADE' })
  targetId!: string;

  @PrimaryColumn({ name: 'ifi_hash', type: 'text' })
  ifiHash!: string;

  @PrimaryColumn({ name: 'statement_id', type: 'text' })
  statementId!: string;
}
