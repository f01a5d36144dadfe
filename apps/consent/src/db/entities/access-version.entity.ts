import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The access version of a tenant (migration 1798001000000, ADR 0011): bumped by a trigger on consent.policy in
 * the transaction of every policy change; a read built from cached rules checks it in its own SQL.
 */
@Entity({ name: 'access_version', schema: 'consent' })
export class AccessVersionEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'bigint', default: 0 })
  version!: string;
}
