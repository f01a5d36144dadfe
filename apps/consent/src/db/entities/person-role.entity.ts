import { Entity, PrimaryColumn } from 'typeorm';

/** One role of a person in its tenant: learner, admin, auditor or consumer. */
@Entity({ name: 'person_role', schema: 'consent' })
export class PersonRoleEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @PrimaryColumn({ type: 'text' })
  role!: string;
}
