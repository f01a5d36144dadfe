// Turns a parsed xAPI statement query into SQL conditions on storage.statement (alias s).
// xAPI 2.0 Communication §2.1.3 (GET Statements): filters are ANDed; voided statements are
// only reachable through voidedStatementId.
import type { StatementQueryV1 } from '@custos/contracts';

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** Columns the access rules may name (CASL field → SQL). Anything else fails closed. */
export const STATEMENT_ACCESS_COLUMNS: Readonly<Record<string, string>> = {
  tenantId: 's.tenant_id',
  authorityCredentialId: 's.authority_credential_id',
  verbIri: 's.verb_iri',
  objectActivityId: 's.object_activity_id',
  registration: 's.registration',
  stored: 's.stored',
};

export function statementQueryConditions(q: StatementQueryV1, firstParam: number): SqlFragment {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };

  if (q.statementId !== undefined) {
    conditions.push(`s.statement_id = ${param(q.statementId)}`, 'NOT s.is_voided');
  } else if (q.voidedStatementId !== undefined) {
    conditions.push(`s.statement_id = ${param(q.voidedStatementId)}`, 's.is_voided');
  } else {
    conditions.push('NOT s.is_voided');
  }
  if (q.agentIfiHash !== undefined) {
    const direct = q.relatedAgents ? '' : ' AND a.direct';
    conditions.push(
      `EXISTS (SELECT 1 FROM storage.statement_agent a WHERE a.statement_seq = s.seq AND a.tenant_id = s.tenant_id AND a.ifi_hash = ${param(q.agentIfiHash)}${direct})`,
    );
  }
  if (q.verb !== undefined) conditions.push(`s.verb_iri = ${param(q.verb)}`);
  if (q.activity !== undefined) {
    const direct = q.relatedActivities ? '' : ' AND act.direct';
    conditions.push(
      `EXISTS (SELECT 1 FROM storage.statement_activity act WHERE act.statement_seq = s.seq AND act.tenant_id = s.tenant_id AND act.activity_iri = ${param(q.activity)}${direct})`,
    );
  }
  if (q.registration !== undefined) conditions.push(`s.registration = ${param(q.registration)}`);
  if (q.since !== undefined) conditions.push(`s.stored > ${param(q.since)}`);
  if (q.until !== undefined) conditions.push(`s.stored <= ${param(q.until)}`);
  if (q.afterSeq !== undefined) {
    conditions.push(`s.seq ${q.ascending ? '>' : '<'} ${param(q.afterSeq)}`);
  }
  return { sql: conditions.join(' AND '), params };
}
