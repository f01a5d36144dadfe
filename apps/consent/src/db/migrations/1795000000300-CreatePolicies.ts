import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Institution policies, versioned: editing a policy inserts version n+1 and sets `superseded_at` on version
 * n in the same transaction, so the history is kept and exactly one version is current.
 */
export class CreatePolicies1795000000300 implements MigrationInterface {
  name = 'CreatePolicies1795000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.policy (
        id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        tenant_id text NOT NULL REFERENCES consent.tenant (id),
        grantee_kind text NOT NULL CHECK (grantee_kind IN ('credential', 'role', 'group', 'person')),
        grantee_id text NOT NULL,
        purpose_code text NOT NULL,
        purpose_text text NOT NULL,
        lawful_basis text NOT NULL CHECK (lawful_basis IN
          ('consent', 'legitimate-interest', 'contract', 'public-task', 'legal-obligation')),
        scope jsonb NOT NULL,
        redact_fields text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        superseded_at timestamptz,
        PRIMARY KEY (id, version)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX policy_current_key ON consent.policy (id) WHERE superseded_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX policy_tenant_grantee_idx ON consent.policy (tenant_id, grantee_kind, grantee_id)
       WHERE superseded_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.policy`);
  }
}
