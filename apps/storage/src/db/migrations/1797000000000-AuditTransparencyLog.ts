import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log as a transparency log (ADR 0010, docs/audit.md). A request no longer takes its tenant's
 * audit_head row lock: it inserts its record into `audit_pending` inside its own transaction, and the tenant's
 * sequencer (one at a time, under an advisory lock) moves committed records into the chain in batches and adds
 * them as leaves of the tenant's Merkle tree (RFC 9162). `audit_tree_node` keeps the hash of every complete,
 * aligned subtree (level 0: the leaves), which is all any inclusion or consistency proof needs; those hashes hold
 * no learner data, so retention keeps them. `audit_head` gains the tree: its size, root, signature (the newest
 * signed tree head) and `tree_base`, the records before the tree (pruned before it was built). Checkpoints now
 * sign the tree too (`tree_size`, `root_hash`; absent on checkpoints signed before this migration).
 */
export class AuditTransparencyLog1797000000000 implements MigrationInterface {
  name = 'AuditTransparencyLog1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.audit_pending (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL,
        at timestamptz NOT NULL,
        principal_id text NOT NULL,
        action text NOT NULL,
        query jsonb NOT NULL,
        decision text NOT NULL,
        count integer NOT NULL,
        reason text,
        request_id text,
        principal_kind text,
        resource text,
        returned_ids jsonb,
        returned_digest text,
        basis jsonb,
        learner_keys text[],
        event_id text
      )`);
    await q.query(`CREATE INDEX audit_pending_tenant_idx ON storage.audit_pending (tenant_id, id)`);
    await q.query(
      `CREATE UNIQUE INDEX audit_pending_event_key ON storage.audit_pending (tenant_id, event_id) WHERE event_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE storage.audit_tree_node (
        tenant_id text NOT NULL,
        level smallint NOT NULL,
        idx bigint NOT NULL,
        hash bytea NOT NULL,
        PRIMARY KEY (tenant_id, level, idx)
      )`);
    await q.query(`
      ALTER TABLE storage.audit_head
        ADD COLUMN tree_base bigint NOT NULL DEFAULT 0,
        ADD COLUMN tree_size bigint NOT NULL DEFAULT 0,
        ADD COLUMN root_hash text,
        ADD COLUMN signed_at timestamptz,
        ADD COLUMN public_key_id text,
        ADD COLUMN signature text`);
    await q.query(`
      ALTER TABLE storage.audit_checkpoint
        ADD COLUMN tree_size bigint,
        ADD COLUMN root_hash text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE storage.audit_checkpoint DROP COLUMN tree_size, DROP COLUMN root_hash`);
    await q.query(`
      ALTER TABLE storage.audit_head
        DROP COLUMN tree_base, DROP COLUMN tree_size, DROP COLUMN root_hash, DROP COLUMN signed_at,
        DROP COLUMN public_key_id, DROP COLUMN signature`);
    await q.query(`DROP TABLE storage.audit_tree_node`);
    await q.query(`DROP TABLE storage.audit_pending`);
  }
}
