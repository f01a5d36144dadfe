import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which statement brought which attachment data: a read returns attachment bytes only through
 * these links, so knowing a hash is never enough to fetch another writer's data.
 */
export class CreateStatementAttachmentLinks1795000002001 implements MigrationInterface {
  name = 'CreateStatementAttachmentLinks1795000002001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.statement_attachment (
        statement_seq bigint NOT NULL REFERENCES storage.statement (seq) ON DELETE CASCADE,
        sha2 text NOT NULL,
        tenant_id text NOT NULL,
        PRIMARY KEY (statement_seq, sha2)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.statement_attachment`);
  }
}
