// The consent set fields of an access filter (`grantedPolicyIds`, `objectedPolicyIds`; consent-access-columns.ts),
// answered for ONE data subject of the statement rather than for any of them: analytics counts a learner of a
// statement only where that learner's own basis allows the policy (their own covering grant under `consent`, no
// objection of their own otherwise), so a group statement one member granted does not bring the others into a
// count. Same consent views (ADR 0004), same narrowing of grants.
import type { AccessColumn } from '@custos/authz';

/**
 * Columns for statement `alias` and its data-subject row `learner` (a `storage.statement_agent` row, is_subject):
 * the learner holds an active grant of one of the `{values}` policies covering the statement; the learner objects
 * to one of them.
 */
export const learnerBasisColumns = (alias: 's', learner: string): Readonly<Record<string, AccessColumn>> => ({
  grantedPolicyIds: {
    exists:
      `EXISTS (SELECT 1 FROM consent.active_grant_subject lg WHERE lg.tenant_id = ${learner}.tenant_id` +
      ` AND lg.ifi_hash = ${learner}.ifi_hash AND lg.policy_id = ANY({values})` +
      ` AND (lg.verbs IS NULL OR ${alias}.verb_iri = ANY(lg.verbs))` +
      ` AND (lg.activity_prefixes IS NULL OR EXISTS (SELECT 1 FROM unnest(lg.activity_prefixes) AS lp(prefix)` +
      ` WHERE starts_with(${alias}.object_activity_id, lp.prefix))))`,
  },
  objectedPolicyIds: {
    exists:
      `EXISTS (SELECT 1 FROM consent.objection_subject lo WHERE lo.tenant_id = ${learner}.tenant_id` +
      ` AND lo.ifi_hash = ${learner}.ifi_hash AND lo.policy_id = ANY({values}))`,
  },
});
