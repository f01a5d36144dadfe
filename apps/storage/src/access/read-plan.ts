// Turns a parsed xAPI statement query plus the caller's access filter into the WHERE clause of
// a read on storage.statement (alias s). xAPI 2.0 Communication §2.1.3 (GET Statements):
// filters are ANDed; voided statements are reachable only through voidedStatementId; and a
// statement that targets another (StatementRef object) meets the agent/verb/activity/
// registration filters when the statement it targets does, recursively — time and paging
// filters apply to the targeting statement itself.
import {
  type AccessColumn,
  type AccessFilter,
  accessFilterToSql,
  likePrefixPattern,
  type SqlParams,
} from '@custos/authz';
import type { StatementQueryV1 } from '@custos/contracts';

import { consentAccessColumns } from './consent-access-columns.js';
import { contextActivityAccessColumns } from './context-activity-columns.js';
import { notHeldSql } from './held.js';
import { retainedSql } from './retention.js';

/**
 * Columns the access rules may name (CASL field → SQL of the given alias). Anything else fails closed.
 * `subjectIfiHashes` is a set (the statement's data subjects: actor and actor Group members), answered by an
 * EXISTS over the statement's own agent links; `sa` cannot clash with the `a` of the agent filter. The grant and
 * objection sets join consent's published views (ADR 0004); the context-activity sets (`parentActivityIds` …)
 * are prefix tests over `storage.statement_context_activity`.
 */
export const statementAccessColumns = (
  alias: 's' | 't',
  /** Write the grant test so that the planner may start from the grants (consent-access-columns.ts). */
  fromGrants = false,
): Readonly<Record<string, AccessColumn>> => ({
  tenantId: `${alias}.tenant_id`,
  authorityCredentialId: `${alias}.authority_credential_id`,
  verbIri: `${alias}.verb_iri`,
  objectActivityId: `${alias}.object_activity_id`,
  registration: `${alias}.registration`,
  stored: `${alias}.stored`,
  subjectIfiHashes: {
    exists:
      `EXISTS (SELECT 1 FROM storage.statement_agent sa WHERE sa.statement_seq = ${alias}.seq` +
      ` AND sa.tenant_id = ${alias}.tenant_id AND sa.is_subject AND sa.ifi_hash = ANY({values}))`,
  },
  ...consentAccessColumns(alias, fromGrants),
  ...contextActivityAccessColumns(alias),
});

/**
 * The statement of `alias` may be read by the caller: its access filter, it is not past retention
 * (./retention.ts) and not held for want of a basis under its writer's purpose (./held.ts). Every read of
 * statements — GET statements in all its forms, exports, explain, the Activities and Agents resources — tests a
 * statement row through this, so retention and holds are decided in one place for all.
 */
export function readableStatementSql(
  filter: AccessFilter,
  alias: 's' | 't',
  p: SqlParams,
  fromGrants = false,
): string {
  return (
    `(${accessFilterToSql(filter, statementAccessColumns(alias, fromGrants), p)}) AND ${retainedSql(alias)}` +
    ` AND ${notHeldSql(alias)}`
  );
}

/** The filters that follow StatementRefs, for statements of the given alias. */
function matchConditions(q: StatementQueryV1, alias: string, p: SqlParams): string[] {
  const conditions: string[] = [];
  if (q.agentIfiHash !== undefined) {
    const direct = q.relatedAgents ? '' : ' AND a.direct';
    conditions.push(
      `EXISTS (SELECT 1 FROM storage.statement_agent a WHERE a.statement_seq = ${alias}.seq AND a.tenant_id = ${alias}.tenant_id AND a.ifi_hash = ${p.add(q.agentIfiHash)}${direct})`,
    );
  }
  if (q.verb !== undefined) {
    conditions.push(`storage.text_key(${alias}.verb_iri) = storage.text_key(${p.add(q.verb)})`);
  }
  if (q.activity !== undefined) {
    const direct = q.relatedActivities ? '' : ' AND act.direct';
    conditions.push(
      `EXISTS (SELECT 1 FROM storage.statement_activity act WHERE act.statement_seq = ${alias}.seq AND act.tenant_id = ${alias}.tenant_id AND storage.text_key(act.activity_iri) = storage.text_key(${p.add(q.activity)})${direct})`,
    );
  }
  if (q.registration !== undefined) conditions.push(`${alias}.registration = ${p.add(q.registration)}`);
  return conditions;
}

/**
 * WHERE clause of a read on storage.statement (alias s) for one page of `limit` rows, in the order `q.ascending`
 * asks, after the caller's own `s.tenant_id = <tenant>` (`tenant`: the placeholder the caller gave the tenant in
 * `p`, where the plan adds its own parameters). `access` is applied to every statement the result depends on, including the targets a
 * StatementRef match goes through, so a hidden statement cannot make another one match.
 *
 * With a filter that follows StatementRefs, the page is the union of two branches, each a page of its own that
 * the planner can drive from the filter's index (docs/architecture.md, "Reading statements"): the statements that
 * match themselves, and the statements that target (directly or through a chain) a statement that matches. One
 * `own OR targets-a-match` condition would leave it only a walk of the whole tenant, testing every row.
 */
export function planStatementRead(
  q: StatementQueryV1,
  access: AccessFilter,
  p: SqlParams,
  tenant: string,
  limit: number,
  /**
   * The grant holders behind `access` have few statements: write the statements' own access test so that the
   * planner may start from the grants. Only there: the branch of statements that target a match starts from
   * the StatementRefs, and a second way to plan it would only cost planning time.
   */
  fromGrants = false,
): string {
  const readable = (grantSide = false) => `(${readableStatementSql(access, 's', p, grantSide)})`;

  if (q.statementIds !== undefined) return forwardedStatements(q, readable(), p);
  if (q.statementId !== undefined) {
    return `${readable()} AND s.statement_id = ${p.add(q.statementId)} AND NOT s.is_voided`;
  }
  if (q.voidedStatementId !== undefined) {
    return `${readable()} AND s.statement_id = ${p.add(q.voidedStatementId)} AND s.is_voided`;
  }
  // Time and paging filters apply to the returned statement itself, never to the statement it targets.
  const ownReadable = readable(fromGrants);
  const conditions = ['NOT s.is_voided'];
  if (q.since !== undefined) conditions.push(`s.stored > ${p.add(q.since)}`);
  if (q.until !== undefined) conditions.push(`s.stored <= ${p.add(q.until)}`);
  if (q.afterSeq !== undefined) conditions.push(`s.seq ${q.ascending ? '>' : '<'} ${p.add(q.afterSeq)}`);
  const own = matchConditions(q, 's', p);
  const ownWhere = [ownReadable, ...conditions].join(' AND ');
  if (own.length === 0) return ownWhere;

  const targetReadable = readableStatementSql(access, 't', p);
  const target = matchConditions(q, 't', p);
  const page = (where: string): string =>
    `(SELECT s.seq FROM storage.statement s WHERE s.tenant_id = ${tenant} AND ${where}` +
    ` ORDER BY s.seq ${q.ascending ? 'ASC' : 'DESC'} LIMIT ${Number(limit)})`;
  // The statements that target a match, found from the matches: first those whose StatementRef names a readable
  // match (the planner starts from the filter's index or from the StatementRefs, whichever is fewer), then those
  // that target one of them, and so on. A voided target still counts: voiding hides a statement, not the
  // statements about it. UNION stops at a cycle.
  const targeting =
    `s.seq IN (WITH RECURSIVE refs AS (` +
    `SELECT r.seq, r.statement_id FROM storage.statement t` +
    ` JOIN storage.statement r ON r.tenant_id = t.tenant_id AND r.target_statement_id = t.statement_id` +
    ` WHERE t.tenant_id = ${tenant} AND r.target_statement_id IS NOT NULL AND (${targetReadable}) AND ${target.join(' AND ')}` +
    ` UNION ` +
    `SELECT r.seq, r.statement_id FROM refs c` +
    ` JOIN storage.statement r ON r.tenant_id = ${tenant} AND r.target_statement_id = c.statement_id` +
    ` WHERE r.target_statement_id IS NOT NULL` +
    `) SELECT refs.seq FROM refs)`;
  const where = [fromGrants ? readable() : ownReadable, ...conditions].join(' AND ');
  return `s.seq IN (${page(`${ownWhere} AND ${own.join(' AND ')}`)} UNION ALL ${page(`${where} AND ${targeting}`)})`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Forwarding (docs/flows.md "Forwarding"): the statements of a stored batch, voided or not (the voiding statement
 * travels too), that the grantee's access lets through and the target's filter keeps (verbs, object Activity
 * prefixes, registrations; an absent list does not narrow).
 */
function forwardedStatements(q: StatementQueryV1, readable: string, p: SqlParams): string {
  const ids = (q.statementIds ?? []).filter((id) => UUID.test(id)).map((id) => id.toLowerCase());
  const conditions = [readable, `s.statement_id = ANY(${p.add(ids)}::uuid[])`];
  const f = q.forwardFilter;
  if (f?.verbs?.length) conditions.push(`s.verb_iri = ANY(${p.add(f.verbs)}::text[])`);
  if (f?.activityPrefixes?.length) {
    conditions.push(
      `s.object_activity_id LIKE ANY(${p.add(f.activityPrefixes.map(likePrefixPattern))}::text[])`,
    );
  }
  if (f?.registrations?.length) {
    const registrations = f.registrations.filter((r) => UUID.test(r)).map((r) => r.toLowerCase());
    conditions.push(`s.registration = ANY(${p.add(registrations)}::uuid[])`);
  }
  return conditions.join(' AND ');
}
