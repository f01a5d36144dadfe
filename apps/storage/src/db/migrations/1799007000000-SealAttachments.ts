import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachment content sealed under its data subjects' keys (docs/adr/0013-erasure-and-crypto-shredding.md, part 2):
 * one copy per tenant, SHA-2 and data key, so the key joins the primary key. The nil uuid marks the plain copy (the
 * attachment of a statement with no data subject, and every row stored before this migration): a primary key
 * column cannot be NULL. The index finds an erased person's copies by key id.
 */
export class SealAttachments1799007000000 implements MigrationInterface {
  name = 'SealAttachments1799007000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE storage.attachment ADD COLUMN sealed_key_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000'`,
    );
    await q.query(`ALTER TABLE storage.attachment ALTER COLUMN sealed_key_id DROP DEFAULT`);
    await q.query(`ALTER TABLE storage.attachment DROP CONSTRAINT attachment_pkey`);
    await q.query(
      `ALTER TABLE storage.attachment ADD CONSTRAINT attachment_pkey PRIMARY KEY (tenant_id, sha2, sealed_key_id)`,
    );
    await q.query(`CREATE INDEX attachment_key_idx ON storage.attachment (tenant_id, sealed_key_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX storage.attachment_key_idx`);
    // Sealed copies cannot go back to one plain row per SHA-2: they are dropped.
    await q.query(
      `DELETE FROM storage.attachment WHERE sealed_key_id <> '00000000-0000-0000-0000-000000000000'`,
    );
    await q.query(`ALTER TABLE storage.attachment DROP CONSTRAINT attachment_pkey`);
    await q.query(
      `ALTER TABLE storage.attachment ADD CONSTRAINT attachment_pkey PRIMARY KEY (tenant_id, sha2)`,
    );
    await q.query(`ALTER TABLE storage.attachment DROP COLUMN sealed_key_id`);
  }
}
