import { Check, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

import { PersonEntity } from './person.entity.js';

/** One role of a person in its tenant: learner, admin, auditor, consumer or guardian. */
@Entity({ name: 'person_role', schema: 'consent' })
@Check('person_role_role_check', `role IN ('learner', 'admin', 'auditor', 'consumer', 'guardian')`)
export class PersonRoleEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  @ForeignKey(() => PersonEntity, { name: 'person_role_person_id_fkey', onDelete: 'CASCADE' })
  personId!: string;

  @PrimaryColumn({ type: 'text' })
  role!: string;
}
