import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { TenantEntity } from './tenant.entity.js';

/** An xAPI client's key and hashed secret, with its xAPI scopes. */
@Entity({ name: 'credential', schema: 'consent' })
export class CredentialEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  @ForeignKey(() => TenantEntity, { name: 'credential_tenant_id_fkey' })
  tenantId!: string;

  @Index('credential_key_key', { unique: true })
  @Column({ type: 'text' })
  key!: string;

  /** scrypt$N$r$p$salt$hash — never the secret itself. */
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  /** The institution policy whose purpose it writes for (docs/privacy-operations.md "Write purposes"); NULL: unbound. */
  @Column({ name: 'write_policy_id', type: 'uuid', nullable: true })
  writePolicyId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
