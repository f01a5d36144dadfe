// Retention in SQL, in one place (docs/privacy-operations.md "Retention"): which statements a tenant's retention
// rules cover and which legal holds keep. Every statement read ANDs `retainedSql` into its access test
// (`readableStatementSql` in read-plan.ts), the dry run counts with these same fragments, and the purge deletes
// exactly what `expiredSql` selects, so a statement disappears from every read path the moment its rule covers
// it, whatever the purge has done yet. Time is `now()` at query time, like consent's views (ADR 0004).

/** A legal hold of alias `h` is in force: not released by an admin, and its end not reached. */
export const holdInForce = (h: string): string => `${h}.released_at IS NULL AND ${h}.ends_at > now()`;

/**
 * Rule `r` covers statement `s`: same tenant, stored more than the rule's days ago, and every criterion the rule
 * gives holds (verb equal, object Activity id starting with the prefix, registration equal).
 */
export const ruleCoversSql = (r: string, s: string): string =>
  `${s}.tenant_id = ${r}.tenant_id AND ${s}.stored < now() - make_interval(days => ${r}.older_than_days)` +
  ` AND (${r}.verb_iri IS NULL OR ${s}.verb_iri = ${r}.verb_iri)` +
  ` AND (${r}.activity_prefix IS NULL OR starts_with(${s}.object_activity_id, ${r}.activity_prefix))` +
  ` AND (${r}.registration IS NULL OR ${s}.registration = ${r}.registration)`;

/** A legal hold in force exempts rule `r`. */
export const ruleHeldSql = (r: string): string =>
  `EXISTS (SELECT 1 FROM storage.legal_hold rh WHERE rh.tenant_id = ${r}.tenant_id AND rh.rule_id = ${r}.id` +
  ` AND ${holdInForce('rh')})`;

/**
 * A legal hold in force keeps statement `s` for a person it names: any agent of the statement (actor, Group
 * member, object Agent, instructor, team, …), not only its data subjects, since a hold preserves the evidence
 * about someone wherever they appear.
 */
export const personHeldSql = (s: string): string =>
  `EXISTS (SELECT 1 FROM storage.statement_agent ha JOIN storage.legal_hold ph` +
  ` ON ph.tenant_id = ha.tenant_id AND ha.ifi_hash = ANY(ph.ifi_hashes)` +
  ` WHERE ha.statement_seq = ${s}.seq AND ha.tenant_id = ${s}.tenant_id AND ${holdInForce('ph')})`;

/** Statement `s` is past retention: a rule not on hold covers it, and no hold keeps it for a person. */
export const expiredSql = (s: string): string =>
  `(EXISTS (SELECT 1 FROM storage.retention_rule rr WHERE ${ruleCoversSql('rr', s)} AND NOT ${ruleHeldSql('rr')})` +
  ` AND NOT ${personHeldSql(s)})`;

/** Statement `s` is still retained: what every read ANDs to its access test. */
export const retainedSql = (s: string): string => `NOT ${expiredSql(s)}`;
