import { Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'people_group_member', schema: 'consent' })
export class PeopleGroupMemberEntity {
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @Index('people_group_member_person_idx')
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;
}
