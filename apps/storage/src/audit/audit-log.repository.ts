// The audit log's reads (the auditor API, a learner's access log): pages in seq order, counts and statistics,
// each over the records an `AuditWhere` (audit-log-selection.ts) selects. Nothing here takes the chain's head
// lock: reading never holds up the appends of the tenant.
import type { AuditRecordV1 } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import type { AuditWhere } from './audit-log-selection.js';
import { AUDIT_COLUMNS, type AuditRow, fromRow } from './audit.repository.js';

export interface PrincipalCounts {
  principalId: string;
  principalKind: string | null;
  allow: number;
  deny: number;
  total: number;
}

@Injectable()
export class AuditLogRepository {
  /** Up to `limit` records, newest first (`desc`) or in chain order (`asc`). */
  async page(
    uow: UnitOfWork,
    where: AuditWhere,
    order: 'asc' | 'desc',
    limit: number,
  ): Promise<AuditRecordV1[]> {
    const rows: AuditRow[] = await uow.manager.query(
      `SELECT ${AUDIT_COLUMNS} FROM storage.audit_record r
        WHERE ${where.sql}
        ORDER BY r.seq ${order === 'asc' ? 'ASC' : 'DESC'}
        LIMIT ${Number(limit)}`,
      where.params,
    );
    // As stored: the chain's canonical content and the hash, so a reader can recompute it.
    return rows.map((row) => ({ ...fromRow(row) }));
  }

  async count(uow: UnitOfWork, where: AuditWhere): Promise<number> {
    const [row]: { n: number }[] = await uow.manager.query(
      `SELECT count(*)::int AS n FROM storage.audit_record r WHERE ${where.sql}`,
      where.params,
    );
    return row!.n;
  }

  /**
   * The seq of the tenant's newest committed record ('0' when the log is empty). Every record up to it is
   * committed: appends take seqs in order under the head's row lock and move the head in the same transaction.
   */
  async committedHead(uow: UnitOfWork, tenantId: string): Promise<string> {
    const [head]: { seq: string }[] = await uow.manager.query(
      `SELECT seq::text AS seq FROM storage.audit_head WHERE tenant_id = $1`,
      [tenantId],
    );
    return head?.seq ?? '0';
  }

  /** Allowed and denied records per principal, ordered by principal id. */
  async countsPerPrincipal(uow: UnitOfWork, where: AuditWhere): Promise<PrincipalCounts[]> {
    const rows: {
      principal_id: string;
      principal_kind: string | null;
      allow: number;
      deny: number;
      total: number;
    }[] = await uow.manager.query(
      `SELECT r.principal_id, r.principal_kind,
              count(*) FILTER (WHERE r.decision = 'allow')::int AS allow,
              count(*) FILTER (WHERE r.decision = 'deny')::int AS deny,
              count(*)::int AS total
         FROM storage.audit_record r
        WHERE ${where.sql}
        GROUP BY r.principal_id, r.principal_kind
        ORDER BY r.principal_id, r.principal_kind NULLS FIRST`,
      where.params,
    );
    return rows.map((r) => ({
      principalId: r.principal_id,
      principalKind: r.principal_kind,
      allow: r.allow,
      deny: r.deny,
      total: r.total,
    }));
  }

  /** Denied records per calendar day in UTC, oldest day first; days without denials are absent. */
  async denialsPerDay(uow: UnitOfWork, where: AuditWhere): Promise<{ day: string; denials: number }[]> {
    return uow.manager.query(
      `SELECT to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS denials
         FROM storage.audit_record r
        WHERE ${where.sql} AND r.decision = 'deny'
        GROUP BY 1
        ORDER BY 1`,
      where.params,
    );
  }

  /**
   * Allowed records per institution policy their basis names (`{kind: "policy", policyId}`), with the items they
   * returned; a record naming a policy twice (two versions) counts once for it. Ordered by policy id.
   */
  async readsPerPolicy(
    uow: UnitOfWork,
    where: AuditWhere,
  ): Promise<{ policyId: string; reads: number; items: number }[]> {
    const rows: { policy_id: string; reads: number; items: number }[] = await uow.manager.query(
      `SELECT p.policy_id, count(*)::int AS reads, coalesce(sum(p.n), 0)::int AS items
         FROM (SELECT DISTINCT r.seq, rule->>'policyId' AS policy_id, r.count AS n
                 FROM storage.audit_record r
                 CROSS JOIN LATERAL jsonb_array_elements(coalesce(r.basis, '[]'::jsonb)) AS rule
                WHERE ${where.sql} AND r.decision = 'allow'
                  AND rule->>'kind' = 'policy' AND rule->>'policyId' IS NOT NULL) p
        GROUP BY p.policy_id
        ORDER BY p.policy_id`,
      where.params,
    );
    return rows.map((r) => ({ policyId: r.policy_id, reads: r.reads, items: r.items }));
  }
}
