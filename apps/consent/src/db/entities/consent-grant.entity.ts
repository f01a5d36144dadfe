import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A learner's grant for one version of a `consent` policy. */
@Entity({ name: 'consent_grant', schema: 'consent' })
export class ConsentGrantEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'policy_id', type: 'uuid' })
  policyId!: string;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion!: number;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  scope!: Record<string, unknown>;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'granted_at', type: 'timestamptz', default: () => 'now()' })
  grantedAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** When the policy version this grant was given for was superseded: the grant stops counting then. */
  @Column({ name: 'policy_superseded_at', type: 'timestamptz', nullable: true })
  policySupersededAt!: Date | null;
}
