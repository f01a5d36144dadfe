// The set fields of institution policies (DESIGN "Access model" steps 4-5), answered in SQL against the
// read-only views consent publishes for storage (docs/adr/0004-consent-views-for-storage.md). The views
// check revocation, withdrawal and expiry against now() at query time, so a revoke or an objection counts
// on the very next read; never a list of statement ids.
import type { AccessColumn, AccessFilter } from '@custos/authz';

// The grants (alias g) of the policies in the `{values}` slot held by a data subject of the statement, whose
// own narrowing (verbs, activity prefixes; NULL = none) covers the statement.
//
// `fromGrants` writes the same test so that the planner can also start from the grants: the narrowing reads the
// statement's columns through its own row `gs` (the same row as the outer one, by primary key), so the only link
// between the EXISTS and the outer statement is `seq`/`tenant_id` equality. PostgreSQL can then turn the EXISTS
// into a join on the distinct statements of the grant holders (a handful of index look-ups for a consumer with one
// grant), where a narrowing on the outer row leaves it only a walk of the tenant newest-first testing every row
// (155,445 rows, 164 ms warm, 2.6 s cold at 1,000,000 statements). It costs planning time (another relation,
// another way to join), so it is used only when the grant holders have few statements (statement.repository.ts).
const coveringGrants = (alias: 's' | 't', fromGrants = false) => {
  const row = fromGrants ? 'gs' : alias;
  return (
    `FROM storage.statement_agent sg JOIN consent.active_grant_subject g` +
    ` ON g.tenant_id = sg.tenant_id AND g.ifi_hash = sg.ifi_hash` +
    (fromGrants ? ` JOIN storage.statement gs ON gs.seq = sg.statement_seq` : '') +
    ` WHERE sg.statement_seq = ${alias}.seq AND sg.tenant_id = ${alias}.tenant_id AND sg.is_subject` +
    ` AND g.policy_id = ANY({values})` +
    ` AND (g.verbs IS NULL OR ${row}.verb_iri = ANY(g.verbs))` +
    ` AND (g.activity_prefixes IS NULL OR EXISTS (SELECT 1 FROM unnest(g.activity_prefixes) AS gp(prefix)` +
    ` WHERE starts_with(${row}.object_activity_id, gp.prefix)))`
  );
};

// The objections (alias o) of a data subject of the statement to the policies in the `{values}` slot.
const subjectObjections = (alias: 's' | 't') =>
  `FROM storage.statement_agent so JOIN consent.objection_subject o` +
  ` ON o.tenant_id = so.tenant_id AND o.ifi_hash = so.ifi_hash` +
  ` WHERE so.statement_seq = ${alias}.seq AND so.tenant_id = ${alias}.tenant_id AND so.is_subject` +
  ` AND o.policy_id = ANY({values})`;

/**
 * `grantedPolicyIds`: some data subject of the statement holds an active grant for one of the policies whose
 * own narrowing (verbs, activity prefixes; NULL = none) covers the statement; `fromGrants` writes it so that the
 * planner may start from the grants (same rows either way, see coveringGrants).
 * `objectedPolicyIds`: some data subject of the statement objects to one of the policies.
 */
export const consentAccessColumns = (
  alias: 's' | 't',
  fromGrants = false,
): Readonly<Record<string, AccessColumn>> => ({
  grantedPolicyIds: { exists: `EXISTS (SELECT 1 ${coveringGrants(alias, fromGrants)})` },
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

/**
 * The policy ids of every `grantedPolicyIds` condition of `filter`, wherever it sits: the grants a read's access
 * may come from, for choosing how to write the read (never for deciding it).
 */
export function grantedPolicyIdsOf(filter: AccessFilter): string[] {
  const ids = new Set<string>();
  const visit = (node: AccessFilter): void => {
    if ('and' in node) node.and.forEach(visit);
    else if ('or' in node) node.or.forEach(visit);
    else if ('not' in node) visit(node.not);
    else if (node.field === 'grantedPolicyIds') {
      for (const v of Array.isArray(node.value) ? node.value : [node.value]) {
        if (typeof v === 'string') ids.add(v);
      }
    }
  };
  visit(filter);
  return [...ids];
}
