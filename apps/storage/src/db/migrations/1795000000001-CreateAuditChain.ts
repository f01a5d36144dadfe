import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditChain1795000000001 implements MigrationInterface {
  name = 'CreateAuditChain1795000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.audit_record (
        tenant_id text NOT NULL,
        seq bigint NOT NULL,
        at timestamptz NOT NULL,
        principal_id text NOT NULL,
        action text NOT NULL,
        query jsonb NOT NULL,
        decision text NOT NULL,
        count integer NOT NULL,
        reason text,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (tenant_id, seq)
      )`);
    await q.query(`
      CREATE TABLE storage.audit_head (
        tenant_id text PRIMARY KEY,
        seq bigint NOT NULL,
        hash text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.audit_head`);
    await q.query(`DROP TABLE storage.audit_record`);
  }
}
