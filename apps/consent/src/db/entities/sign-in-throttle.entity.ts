import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Failed sign-ins of one account, key or client address (migration 1797000001000). */
@Entity({ name: 'sign_in_throttle', schema: 'consent' })
@Index('sign_in_throttle_forget_idx', ['lastFailureAt'], { where: 'locked_at IS NULL' })
export class SignInThrottleEntity {
  /** SHA-256 of the kind and the name (tenant and username, key, or address). */
  @PrimaryColumn({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  kind!: 'person' | 'credential' | 'address';

  @Column({ name: 'tenant_id', type: 'text', nullable: true })
  tenantId!: string | null;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @Column({ name: 'last_failure_at', type: 'timestamptz', nullable: true })
  lastFailureAt!: Date | null;

  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil!: Date | null;

  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true })
  lockedAt!: Date | null;
}
