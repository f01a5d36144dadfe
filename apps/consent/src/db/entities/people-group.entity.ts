import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { TenantEntity } from './tenant.entity.js';

/** A group of people in a tenant, managed by its admins. */
@Entity({ name: 'people_group', schema: 'consent' })
@Index('people_group_tenant_name_key', ['tenantId', 'name'], { unique: true })
export class PeopleGroupEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  @ForeignKey(() => TenantEntity, { name: 'people_group_tenant_id_fkey' })
  tenantId!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
