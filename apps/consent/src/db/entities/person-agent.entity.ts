import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { PersonEntity } from './person.entity.js';

/**
 * An xAPI identifier linked to a person as a learner. An mbox is stored twice, as itself and as
 * its mbox_sha1sum, so statements using either form match. Each form belongs to at most one person
 * of a tenant (`person_agent_tenant_ifi_hash_key`); `tenant_id` is set from the person by a trigger.
 */
@Entity({ name: 'person_agent', schema: 'consent' })
@Index('person_agent_tenant_ifi_hash_key', ['tenantId', 'ifiHash'], { unique: true })
export class PersonAgentEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  @ForeignKey(() => PersonEntity, { name: 'person_agent_person_id_fkey', onDelete: 'CASCADE' })
  personId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** Canonical IFI (`ifiOf` of @custos/xapi). */
  @Column({ type: 'text' })
  ifi!: string;

  @Index('person_agent_ifi_hash_idx')
  @PrimaryColumn({ name: 'ifi_hash', type: 'text' })
  ifiHash!: string;

  @Column({ name: 'linked_at', type: 'timestamptz', default: () => 'now()' })
  linkedAt!: Date;
}
