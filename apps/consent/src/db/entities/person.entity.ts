import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { TenantEntity } from './tenant.entity.js';

/** A person who logs in: locally (password) or through the institution's OIDC issuer (`sub`). */
@Entity({ name: 'person', schema: 'consent' })
@Index('person_tenant_username_key', ['tenantId', 'username'], { unique: true })
@Index('person_tenant_external_subject_key', ['tenantId', 'externalSubject'], {
  unique: true,
  where: 'external_subject IS NOT NULL',
})
export class PersonEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  @ForeignKey(() => TenantEntity, { name: 'person_tenant_id_fkey' })
  tenantId!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  /** scrypt$N$r$p$salt$hash; null for people who only log in through OIDC. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  /** The OIDC `sub` claim at the configured issuer. */
  @Column({ name: 'external_subject', type: 'text', nullable: true })
  externalSubject!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** A learner's birth date: a minor until the tenant's age of digital consent (GDPR Art. 8). */
  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate!: string | null;

  /** An explicit end of minority set by an admin; when set it decides instead of the birth date. */
  @Column({ name: 'minor_until', type: 'date', nullable: true })
  minorUntil!: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}
