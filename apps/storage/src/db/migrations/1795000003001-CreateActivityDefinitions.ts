import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Canonical Activity definitions, merged from the statements that carry them (Communication §2.5). */
export class CreateActivityDefinitions1795000003001 implements MigrationInterface {
  name = 'CreateActivityDefinitions1795000003001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.activity (
        tenant_id text NOT NULL,
        activity_id text NOT NULL,
        definition jsonb NOT NULL,
        updated timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, activity_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.activity`);
  }
}
