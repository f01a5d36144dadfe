// Which audit records a read selects, as one WHERE clause over storage.audit_record r: the tenant, the reader's
// access filter (CASL rules compiled by @custos/authz) and the auditor's filters, all in SQL. Learners appear in
// the log only as pseudonymous keys (audit-keys.ts), so every learner identifier hash, in the access filter or
// in a filter, is turned into its key here, where the pseudonym key is.
import {
  type AccessColumn,
  type AccessFilter,
  accessFilterToSql,
  isAccessFilter,
  SqlParams,
} from '@custos/authz';
import { type AuditFilterV1, type AuditOrderV1, BadRequestError } from '@custos/contracts';

/** The access filter's fields on `storage.audit_record r`, once learners are keys. */
export const AUDIT_ACCESS_COLUMNS: Readonly<Record<string, AccessColumn>> = {
  tenantId: 'r.tenant_id',
  learnerKeys: {
    exists: 'EXISTS (SELECT 1 FROM unnest(r.learner_keys) AS lk(k) WHERE lk.k = ANY({values}))',
  },
};

/**
 * The access filter with each learner identifier hash (`learnerIfiHashes`, the field rules use) replaced by its
 * key (`learnerKeys`, what the log holds). "Concerns a learner with one of these hashes" and "holds one of their
 * keys" select the same records, since the key is a function of the tenant and the hash.
 *
 * @throws Error on a condition on learners other than (not) equal / (not) in, or one already naming keys: a
 * filter storage cannot read faithfully is refused, never half applied.
 */
export function pseudonymised(filter: AccessFilter, keyOf: (ifiHash: string) => string): AccessFilter {
  if ('and' in filter) return { and: filter.and.map((f) => pseudonymised(f, keyOf)) };
  if ('or' in filter) return { or: filter.or.map((f) => pseudonymised(f, keyOf)) };
  if ('not' in filter) return { not: pseudonymised(filter.not, keyOf) };
  if (filter.field === 'learnerKeys') throw new Error('an access filter names learners by hash, not by key');
  if (filter.field !== 'learnerIfiHashes') return filter;
  const key = (value: unknown): string => {
    if (typeof value !== 'string' || value === '') {
      throw new Error('a learner hash must be a non-empty string');
    }
    return keyOf(value);
  };
  switch (filter.op) {
    case 'eq':
    case 'ne':
      return { field: 'learnerKeys', op: filter.op, value: key(filter.value) };
    case 'in':
    case 'nin':
      return { field: 'learnerKeys', op: filter.op, value: filter.value.map(key) };
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
    case 'prefix':
      throw new Error(`Unsupported access filter operator "${filter.op}" on learnerIfiHashes`);
  }
}

/** Where a page starts and the newest record an export holds. */
export interface AuditBounds {
  order?: AuditOrderV1;
  /** Continue after this seq, in `order`. */
  position?: string;
  /** Nothing newer than this seq. */
  throughSeq?: string;
}

export interface AuditWhere {
  sql: string;
  params: unknown[];
}

/**
 * The WHERE clause (without the keyword) selecting a tenant's records under `accessFilter` and `filter`: the
 * tenant condition always first, every value a parameter numbered from $1.
 *
 * @throws BadRequestError when `accessFilter` is not a well-formed access filter.
 */
export function auditWhere(
  tenantId: string,
  accessFilter: unknown,
  filter: AuditFilterV1,
  keyOf: (ifiHash: string) => string,
  bounds: AuditBounds = {},
): AuditWhere {
  if (!isAccessFilter(accessFilter)) throw new BadRequestError('malformed access filter');
  const params = new SqlParams();
  const param = (value: unknown): string => params.add(value);
  const conditions = [`r.tenant_id = ${param(tenantId)}`];
  if (filter.since !== undefined) conditions.push(`r.at > ${param(filter.since)}::timestamptz`);
  if (filter.until !== undefined) conditions.push(`r.at <= ${param(filter.until)}::timestamptz`);
  if (filter.principalId !== undefined) conditions.push(`r.principal_id = ${param(filter.principalId)}`);
  if (filter.learnerIfiHashes !== undefined) {
    // `&&` (overlap) is what the GIN index on learner_keys serves; an empty list overlaps nothing.
    const keys = [...new Set(filter.learnerIfiHashes.map(keyOf))];
    conditions.push(`r.learner_keys && ${param(keys)}::text[]`);
  }
  if (filter.action !== undefined) conditions.push(`r.action = ${param(filter.action)}`);
  if (filter.decision !== undefined) conditions.push(`r.decision = ${param(filter.decision)}`);
  // jsonb containment: some element of the basis names the policy, or lists the grant among its grantIds.
  if (filter.policyId !== undefined) {
    conditions.push(`r.basis @> ${param(JSON.stringify([{ policyId: filter.policyId }]))}::jsonb`);
  }
  if (filter.grantId !== undefined) {
    conditions.push(`r.basis @> ${param(JSON.stringify([{ grantIds: [filter.grantId] }]))}::jsonb`);
  }
  if (bounds.position !== undefined) {
    conditions.push(`r.seq ${bounds.order === 'asc' ? '>' : '<'} ${param(bounds.position)}::bigint`);
  }
  if (bounds.throughSeq !== undefined) conditions.push(`r.seq <= ${param(bounds.throughSeq)}::bigint`);
  conditions.push(`(${accessFilterToSql(pseudonymised(accessFilter, keyOf), AUDIT_ACCESS_COLUMNS, params)})`);
  return { sql: conditions.join(' AND '), params: params.values };
}
