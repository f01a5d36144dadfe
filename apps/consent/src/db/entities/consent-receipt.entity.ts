import type { ConsentReceiptV1 } from '@custos/contracts';
import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { PersonEntity } from './person.entity.js';
import { TenantEntity } from './tenant.entity.js';

/** A consent receipt as handed to the learner, kept so they can fetch it again. */
@Entity({ name: 'consent_receipt', schema: 'consent' })
@Index('consent_receipt_person_idx', ['personId'])
export class ConsentReceiptEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  @ForeignKey(() => TenantEntity, { name: 'consent_receipt_tenant_id_fkey' })
  tenantId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  @ForeignKey(() => PersonEntity, { name: 'consent_receipt_person_id_fkey', onDelete: 'CASCADE' })
  personId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'jsonb' })
  receipt!: ConsentReceiptV1;
}
