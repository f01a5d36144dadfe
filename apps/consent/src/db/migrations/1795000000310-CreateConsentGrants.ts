import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A learner's grant for one version of a `consent` policy: scope equal to or narrower than the policy's
 * (fewer verbs or activity prefixes), an optional expiry, and a revocation time once revoked.
 */
export class CreateConsentGrants1795000000310 implements MigrationInterface {
  name = 'CreateConsentGrants1795000000310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.consent_grant (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES consent.tenant (id),
        policy_id uuid NOT NULL,
        policy_version integer NOT NULL,
        person_id uuid NOT NULL REFERENCES consent.person (id) ON DELETE CASCADE,
        scope jsonb NOT NULL DEFAULT '{}',
        expires_at timestamptz,
        granted_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        FOREIGN KEY (policy_id, policy_version) REFERENCES consent.policy (id, version)
      )`);
    await q.query(
      `CREATE INDEX consent_grant_person_idx ON consent.consent_grant (person_id) WHERE revoked_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.consent_grant`);
  }
}
