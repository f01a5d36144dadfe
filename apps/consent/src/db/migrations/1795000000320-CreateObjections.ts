import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A learner's objection to a legitimate-interest, contract or public-task policy (every version of it). */
export class CreateObjections1795000000320 implements MigrationInterface {
  name = 'CreateObjections1795000000320';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.objection (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES consent.tenant (id),
        policy_id uuid NOT NULL,
        person_id uuid NOT NULL REFERENCES consent.person (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX objection_person_idx ON consent.objection (person_id) WHERE withdrawn_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.objection`);
  }
}
