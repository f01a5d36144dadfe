import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Groups of people that admins manage (e.g. "instructors of course X"), the grantees of policies. */
export class CreatePeopleGroups1795000000210 implements MigrationInterface {
  name = 'CreatePeopleGroups1795000000210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.people_group (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES consent.tenant (id),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX people_group_tenant_name_key ON consent.people_group (tenant_id, name)`,
    );
    await q.query(`
      CREATE TABLE consent.people_group_member (
        group_id uuid NOT NULL REFERENCES consent.people_group (id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES consent.person (id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, person_id)
      )`);
    await q.query(`CREATE INDEX people_group_member_person_idx ON consent.people_group_member (person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.people_group_member`);
    await q.query(`DROP TABLE consent.people_group`);
  }
}
