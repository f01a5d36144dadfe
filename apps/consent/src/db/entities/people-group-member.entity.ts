import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

import { PeopleGroupEntity } from './people-group.entity.js';
import { PersonEntity } from './person.entity.js';

@Entity({ name: 'people_group_member', schema: 'consent' })
export class PeopleGroupMemberEntity {
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  @ForeignKey(() => PeopleGroupEntity, { name: 'people_group_member_group_id_fkey', onDelete: 'CASCADE' })
  groupId!: string;

  @Index('people_group_member_person_idx')
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  @ForeignKey(() => PersonEntity, { name: 'people_group_member_person_id_fkey', onDelete: 'CASCADE' })
  personId!: string;
}
