import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An xAPI identifier linked to a person as a learner. An mbox is stored twice, as itself and as
 * its mbox_sha1sum, so statements using either form match.
 */
@Entity({ name: 'person_agent', schema: 'consent' })
export class PersonAgentEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;

  /** Canonical IFI (`ifiOf` of @custos/xapi). */
  @Column({ type: 'text' })
  ifi!: string;

  @Index('person_agent_ifi_hash_idx')
  @PrimaryColumn({ name: 'ifi_hash', type: 'text' })
  ifiHash!: string;
}
