// The set fields of institution policies (DESIGN "Access model" steps 4-5), answered in SQL against the
// read-only views consent publishes for storage (docs/adr/0004-consent-views-for-storage.md). The views
// check revocation, withdrawal and expiry against now() at query time, so a revoke or an objection counts
// on the very next read; never a list of statement ids.
import type { AccessColumn } from '@custos/authz';

// The grants (alias g) of the policies in the `{values}` slot held by a data subject of the statement, whose
// own narrowing (verbs, activity prefixes; NULL = none) covers the statement.
const coveringGrants = (alias: 's' | 't') =>
  `FROM storage.statement_agent sg JOIN consent.active_grant_subject g` +
  ` ON g.tenant_id = sg.tenant_id AND g.ifi_hash = sg.ifi_hash` +
  ` WHERE sg.statement_seq = ${alias}.seq AND sg.tenant_id = ${alias}.tenant_id AND sg.is_subject` +
  ` AND g.policy_id = ANY({values})` +
  ` AND (g.verbs IS NULL OR ${alias}.verb_iri = ANY(g.verbs))` +
  ` AND (g.activity_prefixes IS NULL OR EXISTS (SELECT 1 FROM unnest(g.activity_prefixes) AS gp(prefix)` +
  ` WHERE starts_with(${alias}.object_activity_id, gp.prefix)))`;

// The objections (alias o) of a data subject of the statement to the policies in the `{values}` slot.
const subjectObjections = (alias: 's' | 't') =>
  `FROM storage.statement_agent so JOIN consent.objection_subject o` +
  ` ON o.tenant_id = so.tenant_id AND o.ifi_hash = so.ifi_hash` +
  ` WHERE so.statement_seq = ${alias}.seq AND so.tenant_id = ${alias}.tenant_id AND so.is_subject` +
  ` AND o.policy_id = ANY({values})`;

/**
 * `grantedPolicyIds`: some data subject of the statement holds an active grant for one of the policies whose
 * own narrowing (verbs, activity prefixes; NULL = none) covers the statement.
 * `objectedPolicyIds`: some data subject of the statement objects to one of the policies.
 */
export const consentAccessColumns = (alias: 's' | 't'): Readonly<Record<string, AccessColumn>> => ({
  grantedPolicyIds: { exists: `EXISTS (SELECT 1 ${coveringGrants(alias)})` },
  objectedPolicyIds: { exists: `EXISTS (SELECT 1 ${subjectObjections(alias)})` },
});

/**
 * For explaining a decision (GET /api/v1/explain): the ids behind those two EXISTS, from the very same joins,
 * as `text[]` expressions of alias s with one `{values}` slot (the policy ids) each. `onlyOf` (a placeholder for
 * a `text[]` of identifier hashes) keeps the records held through those identifiers only: a learner is told
 * their own grants and objections, never another data subject's.
 */
export const consentRecordIds = {
  grantIds: (onlyOf?: string) =>
    `ARRAY(SELECT DISTINCT g.grant_id::text ${coveringGrants('s')}${heldThrough('sg', onlyOf)})`,
  objectionIds: (onlyOf?: string) =>
    `ARRAY(SELECT DISTINCT o.objection_id::text ${subjectObjections('s')}${heldThrough('so', onlyOf)})`,
} as const;

const heldThrough = (alias: 'sg' | 'so', onlyOf: string | undefined) =>
  onlyOf === undefined ? '' : ` AND ${alias}.ifi_hash = ANY(${onlyOf})`;

/** A boolean of alias s: the statement has a data subject whose identifier is not in `ifiHashes` (a `text[]`). */
export const hasOtherSubjects = (ifiHashes: string) =>
  `EXISTS (SELECT 1 FROM storage.statement_agent sx WHERE sx.statement_seq = s.seq AND sx.tenant_id = s.tenant_id` +
  ` AND sx.is_subject AND NOT (sx.ifi_hash = ANY(${ifiHashes})))`;
