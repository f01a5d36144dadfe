import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Held statements (docs/privacy-operations.md "Write purposes"): a statement a credential bound to a policy's
 * purpose wrote about a learner without a basis under it, when the policy says `hold`. Its row in
 * storage.statement keeps only the lookup columns (and a payload of just its id); the content is here, sealed
 * (AES-256-GCM under the tenant's hold key), until a grant releases it or `hold_until` passes and it is dropped.
 * Every read excludes a statement with a row here (readableStatementSql). Deleting the statement (retention,
 * the drop) deletes this row with it.
 */
export class CreateHeldStatements1798008000001 implements MigrationInterface {
  name = 'CreateHeldStatements1798008000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.held_statement (
        statement_seq bigint PRIMARY KEY REFERENCES storage.statement (seq) ON DELETE CASCADE,
        tenant_id text NOT NULL,
        policy_id text NOT NULL,
        hold_until timestamptz NOT NULL,
        sealed bytea NOT NULL
      )`);
    await q.query(`CREATE INDEX held_statement_policy_idx ON storage.held_statement (tenant_id, policy_id)`);
    await q.query(`CREATE INDEX held_statement_until_idx ON storage.held_statement (tenant_id, hold_until)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.held_statement`);
  }
}
