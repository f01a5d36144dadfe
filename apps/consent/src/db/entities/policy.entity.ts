import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One version of an institution policy; the current version is the one with no `supersededAt`. */
@Entity({ name: 'policy', schema: 'consent' })
export class PolicyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ name: 'tenant_id', type: 'text' })
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
  lawfulBasis!: string;

  @Column({ type: 'jsonb' })
  scope!: Record<string, unknown>;

  @Column({ name: 'redact_fields', type: 'text', array: true, default: () => "'{}'" })
  redactFields!: string[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt!: Date | null;
}
