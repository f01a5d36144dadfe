import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An institution: nothing is shared across tenants. */
@Entity({ name: 'tenant', schema: 'consent' })
export class TenantEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
