import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { PersonEntity } from './person.entity.js';

/** A guardian (a person with the `guardian` role) acting for a learner while the learner is a minor. */
@Entity({ name: 'guardian_link', schema: 'consent' })
export class GuardianLinkEntity {
  @PrimaryColumn({ name: 'learner_id', type: 'uuid' })
  @ForeignKey(() => PersonEntity, { name: 'guardian_link_learner_id_fkey', onDelete: 'CASCADE' })
  learnerId!: string;

  @Index('guardian_link_guardian_idx')
  @PrimaryColumn({ name: 'guardian_id', type: 'uuid' })
  @ForeignKey(() => PersonEntity, { name: 'guardian_link_guardian_id_fkey', onDelete: 'CASCADE' })
  guardianId!: string;

  @Column({ name: 'linked_at', type: 'timestamptz', default: () => 'now()' })
  linkedAt!: Date;
}
