import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The newest link of a tenant's audit chain; its row lock orders concurrent writers. */
@Entity({ name: 'audit_head', schema: 'storage' })
export class AuditHeadEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'text' })
  hash!: string;
}
