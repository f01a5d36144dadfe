import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Failed sign-ins of an account or key, of one at a client address, or of an address (migration 1797000001000). */
@Entity({ name: 'sign_in_throttle', schema: 'consent' })
@Check(
  'sign_in_throttle_kind_check',
  `kind IN ('person', 'credential', 'person-at-address', 'credential-at-address', 'address')`,
)
@Check('sign_in_throttle_check', `(account IS NOT NULL) = (kind LIKE '%-at-address')`)
@Check('sign_in_throttle_failures_check', 'failures >= 0')
@Check('sign_in_throttle_streak_check', 'streak >= 0')
@Check('sign_in_throttle_pending_check', 'pending >= 0')
@Index('sign_in_throttle_forget_idx', ['lastFailureAt'], { where: 'locked_at IS NULL' })
@Index('sign_in_throttle_account_idx', ['account'], { where: 'account IS NOT NULL' })
export class SignInThrottleEntity {
  /** SHA-256 of the kind and the name (tenant and username, key, or address). */
  @PrimaryColumn({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  kind!: 'person' | 'credential' | 'person-at-address' | 'credential-at-address' | 'address';

  @Column({ name: 'tenant_id', type: 'text', nullable: true })
  tenantId!: string | null;

  /** Of an account at an address: the account's subject. */
  @Column({ type: 'text', nullable: true })
  account!: string | null;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  /** Failures of an account since its last right secret (the lockout's count). */
  @Column({ type: 'integer', default: 0 })
  streak!: number;

  /** Attempts admitted whose secret is still being checked. */
  @Column({ type: 'integer', default: 0 })
  pending!: number;

  @Column({ name: 'pending_since', type: 'timestamptz', nullable: true })
  pendingSince!: Date | null;

  @Column({ name: 'last_failure_at', type: 'timestamptz', nullable: true })
  lastFailureAt!: Date | null;

  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil!: Date | null;

  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true })
  lockedAt!: Date | null;
}
