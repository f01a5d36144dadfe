import type { GrantScopeV1 } from '@custos/contracts';
import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { PersonEntity } from './person.entity.js';
import { PolicyEntity } from './policy.entity.js';
import { TenantEntity } from './tenant.entity.js';

/** A learner's grant for one version of a `consent` policy. */
@Entity({ name: 'consent_grant', schema: 'consent' })
@Index('consent_grant_person_idx', ['personId'], { where: 'revoked_at IS NULL' })
// On (tenant_id, (policy_id::text)) of active grants: an expression index, created by its migration only.
@Index('consent_grant_active_policy_idx', { synchronize: false })
@ForeignKey(() => PolicyEntity, ['policyId', 'policyVersion'], ['id', 'version'], {
  name: 'consent_grant_policy_id_policy_version_fkey',
})
export class ConsentGrantEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  @ForeignKey(() => TenantEntity, { name: 'consent_grant_tenant_id_fkey' })
  tenantId!: string;

  @Column({ name: 'policy_id', type: 'uuid' })
  policyId!: string;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion!: number;

  @Column({ name: 'person_id', type: 'uuid' })
  @ForeignKey(() => PersonEntity, { name: 'consent_grant_person_id_fkey', onDelete: 'CASCADE' })
  personId!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  scope!: GrantScopeV1;

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
