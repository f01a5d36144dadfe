import type { MigrationInterface, QueryRunner } from 'typeorm';

/** People who log in (not xAPI clients), their roles per tenant and their linked xAPI agents. */
export class CreatePeople1795000000200 implements MigrationInterface {
  name = 'CreatePeople1795000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.person (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES consent.tenant (id),
        username text NOT NULL,
        display_name text,
        password_hash text,
        external_subject text,
        created_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX person_tenant_username_key ON consent.person (tenant_id, username)`);
    await q.query(
      `CREATE UNIQUE INDEX person_tenant_external_subject_key ON consent.person (tenant_id, external_subject)
       WHERE external_subject IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE consent.person_role (
        person_id uuid NOT NULL REFERENCES consent.person (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('learner', 'admin', 'auditor', 'consumer')),
        PRIMARY KEY (person_id, role)
      )`);
    await q.query(`
      CREATE TABLE consent.person_agent (
        person_id uuid NOT NULL REFERENCES consent.person (id) ON DELETE CASCADE,
        ifi text NOT NULL,
        ifi_hash text NOT NULL,
        PRIMARY KEY (person_id, ifi_hash)
      )`);
    await q.query(`CREATE INDEX person_agent_ifi_hash_idx ON consent.person_agent (ifi_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.person_agent`);
    await q.query(`DROP TABLE consent.person_role`);
    await q.query(`DROP TABLE consent.person`);
  }
}
