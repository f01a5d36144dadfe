import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access version of a tenant (ADR 0011): a counter bumped, by trigger, in the same transaction as every
 * change to the tenant's institution policies — the only input of a principal's CASL rules that is not in the
 * principal itself. A reader may then keep the rules it built at version n and have the read's own SQL check
 * that n is still current (`consent.access_version_is`, which raises SQLSTATE CX001 when it is not).
 */
export class AccessVersion1798001000000 implements MigrationInterface {
  name = 'AccessVersion1798001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.access_version (
        tenant_id text PRIMARY KEY,
        version bigint NOT NULL DEFAULT 0
      )`);
    // One row per tenant; a tenant without a row is at version 0. Row level, so every statement's changes bump
    // it, and the row lock orders concurrent changes of one tenant (policy changes are an admin's, and rare).
    await q.query(`
      CREATE FUNCTION consent.bump_access_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO consent.access_version AS v (tenant_id, version)
        VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
        IF TG_OP = 'UPDATE' AND OLD.tenant_id IS DISTINCT FROM NEW.tenant_id THEN
          INSERT INTO consent.access_version AS v (tenant_id, version) VALUES (OLD.tenant_id, 1)
          ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER policy_bumps_access_version AFTER INSERT OR UPDATE OR DELETE ON consent.policy
        FOR EACH ROW EXECUTE FUNCTION consent.bump_access_version()`);
    // Called by storage inside its page query, as a one-time filter: it runs once, in the query's own snapshot,
    // before any row is read. SECURITY DEFINER, like the published views, so storage's role needs no grant on
    // the table; a fixed search_path so the caller's cannot redirect it.
    await q.query(`
      CREATE FUNCTION consent.access_version_is(p_tenant_id text, p_version bigint) RETURNS boolean
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
      BEGIN
        IF COALESCE((SELECT v.version FROM consent.access_version v WHERE v.tenant_id = p_tenant_id), 0)
           IS DISTINCT FROM p_version THEN
          RAISE EXCEPTION 'the access rules of tenant % changed since they were read', p_tenant_id
            USING ERRCODE = 'CX001';
        END IF;
        RETURN true;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION consent.access_version_is(text, bigint)`);
    await q.query(`DROP TRIGGER policy_bumps_access_version ON consent.policy`);
    await q.query(`DROP FUNCTION consent.bump_access_version()`);
    await q.query(`DROP TABLE consent.access_version`);
  }
}
