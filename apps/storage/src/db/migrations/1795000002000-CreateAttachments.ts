import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Attachment data of statements (xAPI Data §2.4.11), keyed by tenant and SHA-2. */
export class CreateAttachments1795000002000 implements MigrationInterface {
  name = 'CreateAttachments1795000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.attachment (
        tenant_id text NOT NULL,
        sha2 text NOT NULL,
        content_type text NOT NULL,
        length integer NOT NULL,
        content bytea NOT NULL,
        PRIMARY KEY (tenant_id, sha2)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.attachment`);
  }
}
