import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A consent receipt as handed to the learner, kept so they can fetch it again. */
@Entity({ name: 'consent_receipt', schema: 'consent' })
export class ConsentReceiptEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'jsonb' })
  receipt!: Record<string, unknown>;
}
