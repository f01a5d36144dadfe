import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full audit record (docs/audit.md): request id, principal kind, resource, what was returned (ids, or a
 * digest of them), the basis of the decision, the learners concerned by pseudonymous key, and the id of the
 * event a record was made from (so a redelivered event is recorded once). All NULLable: records written
 * before this migration keep hashing exactly as they did (the canonical form leaves out absent fields).
 * Signed checkpoints of each tenant's chain head live in their own table.
 */
export class ExtendAuditRecords1795000009000 implements MigrationInterface {
  name = 'ExtendAuditRecords1795000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE storage.audit_record
        ADD COLUMN request_id text,
        ADD COLUMN principal_kind text,
        ADD COLUMN resource text,
        ADD COLUMN returned_ids jsonb,
        ADD COLUMN returned_digest text,
        ADD COLUMN basis jsonb,
        ADD COLUMN learner_keys text[],
        ADD COLUMN event_id text`);
    // Auditor filters: by time, by principal, by learner; and one record per consumed event.
    await q.query(`CREATE INDEX audit_record_at_idx ON storage.audit_record (tenant_id, at)`);
    await q.query(
      `CREATE INDEX audit_record_principal_idx ON storage.audit_record (tenant_id, principal_id, seq)`,
    );
    await q.query(`CREATE INDEX audit_record_learner_idx ON storage.audit_record USING gin (learner_keys)`);
    await q.query(
      `CREATE UNIQUE INDEX audit_record_event_key ON storage.audit_record (tenant_id, event_id) WHERE event_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE storage.audit_checkpoint (
        tenant_id text NOT NULL,
        seq bigint NOT NULL,
        hash text NOT NULL,
        at timestamptz NOT NULL,
        kind text NOT NULL CHECK (kind IN ('periodic', 'retention-start')),
        public_key_id text NOT NULL,
        signature text NOT NULL,
        PRIMARY KEY (tenant_id, seq, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.audit_checkpoint`);
    await q.query(`DROP INDEX storage.audit_record_event_key`);
    await q.query(`DROP INDEX storage.audit_record_learner_idx`);
    await q.query(`DROP INDEX storage.audit_record_principal_idx`);
    await q.query(`DROP INDEX storage.audit_record_at_idx`);
    await q.query(`
      ALTER TABLE storage.audit_record
        DROP COLUMN request_id, DROP COLUMN principal_kind, DROP COLUMN resource, DROP COLUMN returned_ids,
        DROP COLUMN returned_digest, DROP COLUMN basis, DROP COLUMN learner_keys, DROP COLUMN event_id`);
  }
}
