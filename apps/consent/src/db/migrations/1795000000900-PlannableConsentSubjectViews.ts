import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Makes the grant view cheap to plan at scale (`npm run bench`: a consumer holding 10,000 grants over 1,000,000
 * statements). Two estimates were wrong by orders of magnitude and turned an index walk into a scan of the
 * whole tenant:
 * - `policy_id::text = ANY(…)`: the planner has no statistics for the cast, so it guessed 50 grants for 10,000.
 *   Expression statistics on that very expression fix it.
 * - The join with `consent.policy` (current version only): that table is too small to ever be analysed by
 *   autovacuum. A grant now carries `policy_superseded_at`, set in the transaction that supersedes its policy
 *   version, so the view needs no join with `consent.policy` at all.
 * The view keeps its columns and its meaning (a grant counts only for the policy's current version).
 */
export class PlannableConsentSubjectViews1795000000900 implements MigrationInterface {
  name = 'PlannableConsentSubjectViews1795000000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent.consent_grant ADD COLUMN policy_superseded_at timestamptz`);
    await q.query(`
      UPDATE consent.consent_grant g SET policy_superseded_at = p.superseded_at
        FROM consent.policy p
       WHERE p.id = g.policy_id AND p.version = g.policy_version AND p.superseded_at IS NOT NULL`);
    // Grants for a version that no longer exists as a row (never the case today) count as superseded too.
    await q.query(`
      UPDATE consent.consent_grant g SET policy_superseded_at = now()
       WHERE g.policy_superseded_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM consent.policy p WHERE p.id = g.policy_id AND p.version = g.policy_version)`);
    await q.query(
      `CREATE STATISTICS consent.consent_grant_policy_text_stats ON ((policy_id::text)) FROM consent.consent_grant`,
    );
    await q.query(
      `CREATE STATISTICS consent.objection_policy_text_stats ON ((policy_id::text)) FROM consent.objection`,
    );
    await q.query(`
      CREATE OR REPLACE VIEW consent.active_grant_subject AS
      SELECT g.tenant_id, g.policy_id::text AS policy_id, a.ifi_hash, g.id AS grant_id,
        CASE WHEN jsonb_typeof(g.scope -> 'verbs') = 'array'
          THEN ARRAY(SELECT jsonb_array_elements_text(g.scope -> 'verbs')) END AS verbs,
        CASE WHEN jsonb_typeof(g.scope -> 'activityPrefixes') = 'array'
          THEN ARRAY(SELECT jsonb_array_elements_text(g.scope -> 'activityPrefixes')) END AS activity_prefixes
      FROM consent.consent_grant g
      JOIN consent.person pe ON pe.id = g.person_id AND pe.disabled_at IS NULL
      JOIN consent.person_agent a ON a.person_id = g.person_id
      WHERE g.revoked_at IS NULL AND g.policy_superseded_at IS NULL
        AND (g.expires_at IS NULL OR g.expires_at > now())`);
    // The statistics are built by ANALYZE; do it now rather than wait for autovacuum.
    await q.query(`ANALYZE consent.consent_grant`);
    await q.query(`ANALYZE consent.objection`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW consent.active_grant_subject AS
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
    await q.query(`DROP STATISTICS consent.objection_policy_text_stats`);
    await q.query(`DROP STATISTICS consent.consent_grant_policy_text_stats`);
    await q.query(`ALTER TABLE consent.consent_grant DROP COLUMN policy_superseded_at`);
  }
}
