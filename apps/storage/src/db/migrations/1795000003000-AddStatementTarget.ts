import type { MigrationInterface, QueryRunner } from 'typeorm';

/** StatementRef targets, so filters can follow statements that target matching statements. */
export class AddStatementTarget1795000003000 implements MigrationInterface {
  name = 'AddStatementTarget1795000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE storage.statement ADD COLUMN target_statement_id uuid`);
    await q.query(
      `UPDATE storage.statement SET target_statement_id = lower(payload->'object'->>'id')::uuid
        WHERE payload->'object'->>'objectType' = 'StatementRef'`,
    );
    await q.query(
      `CREATE INDEX statement_target_idx ON storage.statement (tenant_id, target_statement_id) WHERE target_statement_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE storage.statement DROP COLUMN target_statement_id`);
  }
}
