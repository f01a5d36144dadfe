import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read-only views consent publishes for storage's access filter (ADR 0004): which learner identifiers
 * hold an active grant for which policy (with the grant's own narrowing), and which object to which policy.
 * Time is checked here, at query time, so a revocation or an expiry counts on the very next read.
 */
export class CreateConsentSubjectViews1795000000340 implements MigrationInterface {
  name = 'CreateConsentSubjectViews1795000000340';

  async up(q: QueryRunner): Promise<void> {
    // A grant counts only for the policy's current version: editing a consent policy asks for consent again.
    // `verbs` / `activity_prefixes` are NULL when the grant does not narrow that part of the policy's scope.
    await q.query(`
      CREATE VIEW consent.active_grant_subject AS
      SELECT g.tenant_id, g.policy_id::text AS policy_id, a.ifi_hash, g.id AS grant_id,
        CASE WHEN jsonb_typeof(g.scope -> 'verbs') = 'array'
          THEN ARRAY(SELECT jsonb_array_elements_text(g.scope -> 'verbs')) END AS verbs,
        CASE WHEN jsonb_typeof(g.scope -> 'activityPrefixes') = 'array'
          THEN ARRAY(SELECT jsonb_array_elements_text(g.scope -> 'activityPrefixes')) END AS activity_prefixes
      FROM consent.consent_grant g
      JOIN consent.policy p ON p.id = g.policy_id AND p.version = g.policy_version AND p.superseded_at IS NULL
      JOIN consent.person pe ON pe.id = g.person_id AND pe.disabled_at IS NULL
      JOIN consent.person_agent a ON a.person_id = g.person_id
      WHERE g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > now())`);
    await q.query(`
      CREATE VIEW consent.objection_subject AS
      SELECT o.tenant_id, o.policy_id::text AS policy_id, a.ifi_hash, o.id AS objection_id
      FROM consent.objection o
      JOIN consent.person_agent a ON a.person_id = o.person_id
      WHERE o.withdrawn_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW consent.objection_subject`);
    await q.query(`DROP VIEW consent.active_grant_subject`);
  }
}
