import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The canonical definition of an Activity, per tenant: written only by clients with the `define` scope.
 * Keyless (KEYLESS in libs/platform's schema-drift.ts): unique on (tenant_id, digest of activity_id), an
 * expression index (migration 1796000004000, BoundedTextKeys); the primary columns only identify a row.
 */
@Entity({ name: 'activity', schema: 'storage', synchronize: false })
@Index('activity_key', { synchronize: false })
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
