import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCredentials1795000000100 implements MigrationInterface {
  name = 'CreateCredentials1795000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.tenant (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE consent.credential (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES consent.tenant (id),
        key text NOT NULL,
        secret_hash text NOT NULL,
        name text NOT NULL,
        scopes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX credential_key_key ON consent.credential (key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.credential`);
    await q.query(`DROP TABLE consent.tenant`);
  }
}
