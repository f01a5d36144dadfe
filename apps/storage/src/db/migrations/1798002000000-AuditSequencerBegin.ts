import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit sequencer's first step in one call (ADR 0010, docs/audit.md "How records become the log"): take the
 * tenant's sequencer lock (or, without `p_wait`, answer no row when another holds it), create the tenant's head
 * at genesis on its first record, and answer the head: one round trip where there were two to four.
 *
 * A PL/pgSQL function rather than one SQL statement: under READ COMMITTED a statement reads the snapshot taken
 * when it began, so a head read by the statement that waited for the lock could be the head the previous holder
 * has since moved; each statement of a VOLATILE function takes a fresh snapshot, once the lock is held.
 * `storage.audit_sequencer_lock_key` is the one place the lock's key is made (the checkpoint and retention take
 * the same lock).
 */
export class AuditSequencerBegin1798002000000 implements MigrationInterface {
  name = 'AuditSequencerBegin1798002000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION storage.audit_sequencer_lock_key(p_tenant text) RETURNS bigint
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT hashtextextended('custos.audit.sequencer:' || p_tenant, 0) $$`);
    await q.query(`
      CREATE FUNCTION storage.audit_sequencer_begin(p_tenant text, p_wait boolean, p_genesis_hash text)
        RETURNS SETOF storage.audit_head LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        IF p_wait THEN
          PERFORM pg_advisory_xact_lock(storage.audit_sequencer_lock_key(p_tenant));
        ELSIF NOT pg_try_advisory_xact_lock(storage.audit_sequencer_lock_key(p_tenant)) THEN
          RETURN;
        END IF;
        RETURN QUERY SELECT * FROM storage.audit_head WHERE tenant_id = p_tenant;
        IF NOT FOUND THEN
          INSERT INTO storage.audit_head (tenant_id, seq, hash) VALUES (p_tenant, 0, p_genesis_hash)
            ON CONFLICT (tenant_id) DO NOTHING;
          RETURN QUERY SELECT * FROM storage.audit_head WHERE tenant_id = p_tenant;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION storage.audit_sequencer_begin(text, boolean, text)`);
    await q.query(`DROP FUNCTION storage.audit_sequencer_lock_key(text)`);
  }
}
