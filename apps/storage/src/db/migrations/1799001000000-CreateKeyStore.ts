import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The key store of crypto-shredding (docs/adr/0013-erasure-and-crypto-shredding.md, part 2), in a schema of its own
 * so that it is backed up apart from the data (docs/operations.md "Backups"): one data key per identifier of a
 * tenant (looked up by the identifier's SHA-256, as storage.statement_agent keeps it), wrapped under the tenant key;
 * and a row per erasure that destroyed keys (ids only), which a restore needs to apply erasures again.
 * Documents get the id of the data key their content is sealed under (NULL: stored before sealing, plain).
 */
export class CreateKeyStore1799001000000 implements MigrationInterface {
  name = 'CreateKeyStore1799001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS keys`);
    await q.query(`
      CREATE TABLE keys.data_key (
        tenant_id text NOT NULL,
        ifi_hash text NOT NULL,
        key_id uuid NOT NULL,
        wrapped_key text NOT NULL,
        kek_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT data_key_pkey PRIMARY KEY (tenant_id, ifi_hash)
      )`);
    await q.query(`CREATE UNIQUE INDEX data_key_id_idx ON keys.data_key (tenant_id, key_id)`);
    await q.query(`
      CREATE TABLE keys.erasure (
        tenant_id text NOT NULL,
        erasure_id uuid NOT NULL,
        keys_destroyed integer NOT NULL,
        erased_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT erasure_pkey PRIMARY KEY (tenant_id, erasure_id)
      )`);
    await q.query(`ALTER TABLE storage.document ADD COLUMN sealed_key_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE storage.document DROP COLUMN sealed_key_id`);
    await q.query(`DROP SCHEMA keys CASCADE`);
  }
}
