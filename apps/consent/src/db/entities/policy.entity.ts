import type { PolicyViewV1 } from '@custos/contracts';
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { TenantEntity } from './tenant.entity.js';

/** One version of an institution policy; the current version is the one with no `supersededAt`. */
@Entity({ name: 'policy', schema: 'consent' })
@Check('policy_version_check', 'version >= 1')
@Check('policy_grantee_kind_check', `grantee_kind IN ('credential', 'role', 'group', 'person')`)
@Check(
  'policy_lawful_basis_check',
  `lawful_basis IN ('consent', 'legitimate-interest', 'contract', 'public-task', 'legal-obligation')`,
)
@Check('policy_on_write_without_basis_check', `on_write_without_basis IN ('reject', 'hold', 'pseudonymise')`)
@Check('policy_hold_days_check', 'hold_days BETWEEN 1 AND 366')
@Index('policy_current_key', ['id'], { unique: true, where: 'superseded_at IS NULL' })
@Index('policy_tenant_grantee_idx', ['tenantId', 'granteeKind', 'granteeId'], {
  where: 'superseded_at IS NULL',
})
export class PolicyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ name: 'tenant_id', type: 'text' })
  @ForeignKey(() => TenantEntity, { name: 'policy_tenant_id_fkey' })
  tenantId!: string;

  @Column({ name: 'grantee_kind', type: 'text' })
  granteeKind!: 'credential' | 'role' | 'group' | 'person';

  @Column({ name: 'grantee_id', type: 'text' })
  granteeId!: string;

  @Column({ name: 'purpose_code', type: 'text' })
  purposeCode!: string;

  @Column({ name: 'purpose_text', type: 'text' })
  purposeText!: string;

  @Column({ name: 'lawful_basis', type: 'text' })
  lawfulBasis!: PolicyViewV1['lawfulBasis'];

  @Column({ type: 'jsonb' })
  scope!: PolicyViewV1['scope'];

  @Column({ name: 'redact_fields', type: 'text', array: true, default: () => "'{}'" })
  redactFields!: string[];

  /** What a write for this purpose about a learner without a basis under it does (docs/privacy-operations.md). */
  @Column({ name: 'on_write_without_basis', type: 'text', default: () => "'reject'" })
  onWriteWithoutBasis!: PolicyViewV1['onWriteWithoutBasis'];

  /** Days a held statement waits for a grant before it is dropped. */
  @Column({ name: 'hold_days', type: 'integer', default: 30 })
  holdDays!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt!: Date | null;
}
