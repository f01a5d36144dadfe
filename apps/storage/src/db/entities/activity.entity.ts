import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The canonical definition of an Activity, per tenant: written only by clients with the `define` scope. Unique on
 * (tenant_id, digest of activity_id), an expression TypeORM cannot declare (migration 1796000004000
 * (BoundedTextKeys)); the primary columns here only identify a row to TypeORM.
 */
@Entity({ name: 'activity', schema: 'storage' })
export class ActivityEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ name: 'activity_id', type: 'text' })
  activityId!: string;

  @Column({ type: 'jsonb' })
  definition!: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updated!: Date;
}
