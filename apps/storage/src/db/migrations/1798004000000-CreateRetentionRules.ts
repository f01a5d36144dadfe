import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of statements (docs/privacy-operations.md "Retention", "Legal holds"): a tenant's retention rules and
 * the legal holds that exempt a person or a rule until an end date. The statement reads hide what a rule covers
 * (access/retention.ts) and the purge deletes it; the index on attachment links lets the purge find the
 * attachment data no remaining statement refers to.
 */
export class CreateRetentionRules1798004000000 implements MigrationInterface {
  name = 'CreateRetentionRules1798004000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.retention_rule (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        name text NOT NULL,
        verb_iri text,
        activity_prefix text,
        registration uuid,
        older_than_days integer NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT retention_rule_age CHECK (older_than_days BETWEEN 1 AND 36500)
      )`);
    await q.query(`CREATE INDEX retention_rule_tenant_idx ON storage.retention_rule (tenant_id)`);
    await q.query(`
      CREATE TABLE storage.legal_hold (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        rule_id uuid,
        ifi_hashes text[],
        reason text NOT NULL,
        ends_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        released_at timestamptz,
        CONSTRAINT legal_hold_one_target CHECK ((rule_id IS NULL) <> (ifi_hashes IS NULL))
      )`);
    await q.query(`CREATE INDEX legal_hold_tenant_idx ON storage.legal_hold (tenant_id)`);
    await q.query(
      `CREATE INDEX statement_attachment_sha2_idx ON storage.statement_attachment (tenant_id, sha2)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX storage.statement_attachment_sha2_idx`);
    await q.query(`DROP TABLE storage.legal_hold`);
    await q.query(`DROP TABLE storage.retention_rule`);
  }
}
