// Whether a data subject has a basis under a write purpose (docs/privacy-operations.md "Write purposes"), in SQL
// against the views consent publishes (ADR 0004), in one place: the decision at ingest and the release of held
// statements ask the very same question. Time is now() at query time, like the read filter's.

export interface WriteBasisTerms {
  /** SQL of the tenant id, the policy id (text), its lawful basis, the subject's identifier hash. */
  tenantId: string;
  policyId: string;
  lawfulBasis: string;
  ifiHash: string;
  /** SQL of the statement's verb IRI and object Activity id (a grant may narrow to some of them). */
  verbIri: string;
  objectActivityId: string;
}

/**
 * A boolean: the subject has a basis. Consent: an active grant for the policy whose own narrowing (verbs,
 * activity prefixes) covers the statement, as reads judge it. Legitimate interest: no standing objection. Any
 * other lawful basis (contract, public task, legal obligation) does not depend on the learner: always.
 */
export const subjectHasBasisSql = (t: WriteBasisTerms): string =>
  `(CASE ${t.lawfulBasis}` +
  ` WHEN 'consent' THEN EXISTS (SELECT 1 FROM consent.active_grant_subject wg` +
  ` WHERE wg.tenant_id = ${t.tenantId} AND wg.policy_id = ${t.policyId} AND wg.ifi_hash = ${t.ifiHash}` +
  ` AND (wg.verbs IS NULL OR ${t.verbIri} = ANY(wg.verbs))` +
  ` AND (wg.activity_prefixes IS NULL OR EXISTS (SELECT 1 FROM unnest(wg.activity_prefixes) AS wgp(prefix)` +
  ` WHERE starts_with(${t.objectActivityId}, wgp.prefix))))` +
  ` WHEN 'legitimate-interest' THEN NOT EXISTS (SELECT 1 FROM consent.objection_subject wo` +
  ` WHERE wo.tenant_id = ${t.tenantId} AND wo.policy_id = ${t.policyId} AND wo.ifi_hash = ${t.ifiHash})` +
  ` ELSE true END)`;
