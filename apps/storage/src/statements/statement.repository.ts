// Every SQL statement that touches storage.statement and its link tables, one method each.
import { SqlParams, type SqlPart } from '@custos/authz';
import type { ContextActivityKind } from '@custos/xapi';
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { CONTEXT_ACTIVITY_KIND_CODES } from '../access/index.js';
import { STORAGE_DB } from '../core/index.js';
import { preparedQuery } from '../db/prepared-query.js';

export interface NewStatementRow {
  statementId: string;
  payload: Record<string, unknown>;
  verbIri: string;
  objectActivityId: string | null;
  registration: string | null;
  actorIfiHash: string | null;
  stored: string;
  voidsStatementId: string | null;
  /** Set when the object is a StatementRef (voiding or not). */
  targetStatementId: string | null;
  agents: { ifiHash: string; direct: boolean; subject: boolean }[];
  activities: { iri: string; direct: boolean }[];
  /** The statement's own context activities (not a SubStatement's), for policies scoped to them. */
  contextActivities: { kind: ContextActivityKind; iri: string }[];
}

/**
 * The data subjects (actor, members of an actor Group) of the statement of alias s: the learners a read of it
 * concerns (its audit record's learner keys). One index look-up per row, in the read's own SELECT.
 */
const SUBJECT_IFI_HASHES =
  'ARRAY(SELECT sj.ifi_hash FROM storage.statement_agent sj' +
  ' WHERE sj.statement_seq = s.seq AND sj.tenant_id = s.tenant_id AND sj.is_subject) AS subject_ifi_hashes';

export interface StoredStatementRow {
  seq: string;
  payload: Record<string, unknown>;
  /** See {@link SUBJECT_IFI_HASHES}. */
  subject_ifi_hashes: string[];
  /** The extra columns asked for (redaction booleans), by name. */
  [column: string]: unknown;
}

/** Statements to store for one write: its tenant, the credential that wrote them, the rows. */
export interface StatementWrite {
  tenantId: string;
  authorityCredentialId: string;
  rows: NewStatementRow[];
}

/**
 * The link rows of `writes` as parallel arrays for `unnest`: the tenant and statement id of each, then each field
 * in order. Arrays rather than JSON, so PostgreSQL reads them without parsing a document per row.
 */
function linkColumns(
  writes: readonly StatementWrite[],
  width: number,
  linksOf: (row: NewStatementRow) => unknown[][],
): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width + 2 }, () => []);
  for (const { tenantId, rows } of writes) {
    for (const row of rows) {
      for (const link of linksOf(row)) {
        columns[0]!.push(tenantId);
        columns[1]!.push(row.statementId);
        link.forEach((value, i) => columns[i + 2]!.push(value));
      }
    }
  }
  return columns;
}

/** The SQL of {@link StatementRepository.findPage}, apart so a test can EXPLAIN exactly what a read runs. */
export function pageQuery(
  tenantId: string,
  plan: StatementReadPlan,
  ascending: boolean,
  limit: number,
  columns?: SqlPart,
  /** The access version the filter was built at: checked first, in this statement's snapshot (ADR 0011). */
  accessVersion?: string,
): { sql: string; params: unknown[] } {
  const params = new SqlParams();
  const tenant = params.add(tenantId);
  // No column in it, so PostgreSQL runs it once as a one-time filter before reading any row: it raises
  // ACCESS_STALE rather than let rules of an older version decide, and costs nothing per row.
  const current =
    accessVersion !== undefined
      ? `consent.access_version_is(${tenant}, ${params.add(accessVersion)}::bigint) AND `
      : '';
  const where = plan(params, tenant);
  const extra = columns?.(params);
  return {
    sql: `SELECT s.seq::text AS seq, s.payload, ${SUBJECT_IFI_HASHES}${extra ? `, ${extra}` : ''}
            FROM storage.statement s
           WHERE s.tenant_id = ${tenant} AND ${current}${where}
           ORDER BY s.seq ${ascending ? 'ASC' : 'DESC'}
           LIMIT ${Number(limit)}`,
    params: params.values,
  };
}

/** The SQLSTATE `consent.access_version_is` raises: the rules a read was built from are no longer current. */
export const ACCESS_STALE = 'CX001';

/** Whether `err` is the database saying a read's access version is stale ({@link ACCESS_STALE}). */
export function isAccessStale(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } } | null;
  return (e?.driverError?.code ?? e?.code) === ACCESS_STALE;
}

/** The WHERE of a statement read (planStatementRead), compiled into the page query's parameters after its tenant. */
export type StatementReadPlan = (params: SqlParams, tenant: string) => string;

@Injectable()
export class StatementRepository {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  /**
   * Inserts the statements that are new, with their link rows; returns the payloads of those whose id already
   * existed (the caller decides between no-op and 409). Atomic with concurrent writers: the unique key decides,
   * never a read before the write.
   */
  async insertNew(
    uow: UnitOfWork,
    write: StatementWrite,
  ): Promise<{ inserted: Set<string>; existing: Map<string, Record<string, unknown>> }> {
    const fresh = new Set((await this.insertRows(uow, [write])).map((r) => r.statement_id));
    const others = write.rows.map((r) => r.statementId).filter((id) => !fresh.has(id));
    const existing = new Map<string, Record<string, unknown>>();
    if (others.length > 0) {
      const found: { statement_id: string; payload: Record<string, unknown> }[] = await uow.manager.query(
        `SELECT statement_id, payload FROM storage.statement WHERE tenant_id = $1 AND statement_id = ANY($2::uuid[])`,
        [write.tenantId, others],
      );
      for (const row of found) existing.set(row.statement_id, row.payload);
    }
    return { inserted: fresh, existing };
  }

  /**
   * Inserts the statements of `writes` (of one or several tenants) that are new, with their link rows; answers
   * those it inserted. One SQL statement, one round trip, whatever the number of writes and statements
   * (a group of writes sharing a transaction: ADR 0012).
   *
   * The link rows take the `seq` the statement INSERT returns (a join on its RETURNING rows, never a look-up of
   * `storage.statement` by id, which became a scan of the whole table), and only the statements this INSERT
   * stored get links. That is why the link tables need no foreign key to storage.statement (migration
   * 1797000100000: checking one cost a scan per link on a fresh installation).
   */
  async insertRows(
    uow: UnitOfWork,
    writes: readonly StatementWrite[],
  ): Promise<{ tenant_id: string; statement_id: string }[]> {
    let ord = 0;
    const records = writes.flatMap((w) =>
      w.rows.map((r) => ({
        ord: ord++,
        tenant_id: w.tenantId,
        authority_credential_id: w.authorityCredentialId,
        statement_id: r.statementId,
        payload: r.payload,
        verb_iri: r.verbIri,
        object_activity_id: r.objectActivityId,
        registration: r.registration,
        actor_ifi_hash: r.actorIfiHash,
        stored: r.stored,
        voids_statement_id: r.voidsStatementId,
        target_statement_id: r.targetStatementId,
      })),
    );
    const agents = linkColumns(writes, 3, (r) => r.agents.map((a) => [a.ifiHash, a.direct, a.subject]));
    const activities = linkColumns(writes, 2, (r) => r.activities.map((a) => [a.iri, a.direct]));
    const contextActivities = linkColumns(writes, 2, (r) =>
      r.contextActivities.map((a) => [CONTEXT_ACTIVITY_KIND_CODES[a.kind], a.iri]),
    );
    return preparedQuery<{ tenant_id: string; statement_id: string }>(
      uow,
      `WITH ins AS (
         INSERT INTO storage.statement
           (tenant_id, authority_credential_id, statement_id, payload, verb_iri, object_activity_id,
            registration, actor_ifi_hash, stored, voids_statement_id, target_statement_id)
         SELECT r.tenant_id, r.authority_credential_id, r.statement_id, r.payload, r.verb_iri, r.object_activity_id,
                r.registration, r.actor_ifi_hash, r.stored, r.voids_statement_id, r.target_statement_id
           FROM jsonb_to_recordset($1::jsonb) AS r(
                tenant_id text, authority_credential_id uuid, statement_id uuid, payload jsonb, verb_iri text,
                object_activity_id text, registration uuid, actor_ifi_hash text, stored timestamptz,
                voids_statement_id uuid, target_statement_id uuid, ord int)
          ORDER BY r.ord
         ON CONFLICT (tenant_id, statement_id) DO NOTHING
         RETURNING seq, tenant_id, statement_id
       ), agents AS (
         INSERT INTO storage.statement_agent (statement_seq, ifi_hash, tenant_id, direct, is_subject)
         SELECT ins.seq, a.ifi_hash, ins.tenant_id, a.direct, a.is_subject
           FROM unnest($2::text[], $3::uuid[], $4::text[], $5::boolean[], $6::boolean[])
                AS a(tenant_id, statement_id, ifi_hash, direct, is_subject)
           JOIN ins USING (tenant_id, statement_id)
       ), activities AS (
         INSERT INTO storage.statement_activity (statement_seq, activity_iri, tenant_id, direct)
         SELECT ins.seq, a.activity_iri, ins.tenant_id, a.direct
           FROM unnest($7::text[], $8::uuid[], $9::text[], $10::boolean[])
                AS a(tenant_id, statement_id, activity_iri, direct)
           JOIN ins USING (tenant_id, statement_id)
       ), context_activities AS (
         INSERT INTO storage.statement_context_activity (statement_seq, tenant_id, kind, activity_iri)
         SELECT ins.seq, ins.tenant_id, a.kind, a.activity_iri
           FROM unnest($11::text[], $12::uuid[], $13::smallint[], $14::text[])
                AS a(tenant_id, statement_id, kind, activity_iri)
           JOIN ins USING (tenant_id, statement_id)
       )
       SELECT tenant_id, statement_id FROM ins`,
      [JSON.stringify(records), ...agents, ...activities, ...contextActivities],
    );
  }

  /** Ids among `targetIds` that are themselves voiding statements. */
  async findVoidingStatements(uow: UnitOfWork, tenantId: string, targetIds: string[]): Promise<string[]> {
    if (targetIds.length === 0) return [];
    const rows: { statement_id: string }[] = await uow.manager.query(
      `SELECT statement_id FROM storage.statement
        WHERE tenant_id = $1 AND statement_id = ANY($2::uuid[]) AND voids_statement_id IS NOT NULL`,
      [tenantId, targetIds],
    );
    return rows.map((r) => r.statement_id);
  }

  /**
   * Ids among `ids` that a stored voiding statement targets (an imported voiding statement may arrive before its
   * target). Through statement_target_idx: a voiding statement's target is also its `target_statement_id`.
   */
  async findVoidedByStored(uow: UnitOfWork, tenantId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { target_statement_id: string }[] = await uow.manager.query(
      `SELECT DISTINCT target_statement_id::text FROM storage.statement
        WHERE tenant_id = $1 AND target_statement_id = ANY($2::uuid[]) AND voids_statement_id IS NOT NULL`,
      [tenantId, ids],
    );
    return rows.map((r) => r.target_statement_id);
  }

  /** The provenance of imported statements just inserted (migration 1799003000000). */
  async insertProvenance(
    uow: UnitOfWork,
    tenantId: string,
    from: { source: string; importId: string },
    rows: { statementId: string; originalStored: string | null }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await uow.manager.query(
      `INSERT INTO storage.statement_provenance (statement_seq, tenant_id, source, original_stored, import_id)
       SELECT s.seq, s.tenant_id, $2, p.original_stored, $3
         FROM unnest($4::uuid[], $5::timestamptz[]) AS p(statement_id, original_stored)
         JOIN storage.statement s ON s.tenant_id = $1 AND s.statement_id = p.statement_id
       ON CONFLICT (statement_seq) DO NOTHING`,
      [
        tenantId,
        from.source,
        from.importId,
        rows.map((r) => r.statementId),
        rows.map((r) => r.originalStored),
      ],
    );
  }

  async markVoided(uow: UnitOfWork, tenantId: string, targetIds: string[]): Promise<void> {
    if (targetIds.length === 0) return;
    await uow.manager.query(
      `UPDATE storage.statement SET is_voided = true
        WHERE tenant_id = $1 AND statement_id = ANY($2::uuid[]) AND voids_statement_id IS NULL`,
      [tenantId, targetIds],
    );
  }

  /**
   * One page of statements. `plan` carries the caller's compiled access filter: it sits in the
   * WHERE clause, so rows the caller may not read are never loaded, counted or paged over.
   */
  async findPage(
    uow: UnitOfWork,
    tenantId: string,
    plan: StatementReadPlan,
    ascending: boolean,
    limit: number,
    /** Extra columns of alias s (redaction-columns.ts, read-basis.ts). */
    columns?: SqlPart,
    /** Checked in the same statement: a stale one raises {@link ACCESS_STALE}. */
    accessVersion?: string,
  ): Promise<StoredStatementRow[]> {
    const { sql, params } = pageQuery(tenantId, plan, ascending, limit, columns, accessVersion);
    // Unnamed on purpose, planned with its values on every read: a generic plan cannot tell a consumer holding
    // one grant from one holding 10,000, and the statement-side walk it picks for both read all 1,000,000
    // statements for the first (28 s, against 2 ms from the grant side the planner picks with the values).
    return uow.manager.query(sql, params);
  }

  /**
   * Whether the data subjects holding an active grant for one of `policyIds` have fewer than `bound` statements
   * in the tenant. A bounded count (it stops at `bound` index entries), to choose how a read is written
   * (planStatementRead's `fromGrants`), never what it returns: a consumer with one grant is read from the grants,
   * one with 10,000 newest-first, and each plans only the shape it runs.
   */
  async grantHoldersHaveFewStatements(
    uow: UnitOfWork,
    tenantId: string,
    policyIds: string[],
    bound: number,
  ): Promise<boolean> {
    const rows = await preparedQuery<{ n: number }>(
      uow,
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM consent.active_grant_subject g
           JOIN storage.statement_agent sg ON sg.tenant_id = g.tenant_id AND sg.ifi_hash = g.ifi_hash AND sg.is_subject
          WHERE g.tenant_id = $1 AND g.policy_id = ANY($2::text[])
          LIMIT $3) few`,
      [tenantId, policyIds, bound],
    );
    return rows[0]!.n < bound;
  }

  /**
   * One statement (voided or not) with the explain columns of `plan` (see explain-plan.ts), or `undefined` when
   * the tenant has no such statement or `plan.where` (the asker's explain filter) does not match it.
   */
  async explainRow(
    uow: UnitOfWork,
    tenantId: string,
    statementId: string,
    plan: (params: SqlParams) => { where: string; columns: string[] },
  ): Promise<Record<string, unknown> | undefined> {
    const params = new SqlParams();
    const tenant = params.add(tenantId);
    const id = params.add(statementId);
    const { where, columns } = plan(params);
    const rows: Record<string, unknown>[] = await uow.manager.query(
      `SELECT s.is_voided, ${SUBJECT_IFI_HASHES}${columns.map((c) => `, ${c}`).join('')}
         FROM storage.statement s
        WHERE s.tenant_id = ${tenant} AND s.statement_id = ${id} AND ${where}`,
      params.values,
    );
    return rows[0];
  }

  /**
   * The data subjects of a statement of the tenant (voided or not, as asked), whoever may read it; `undefined`
   * when there is no such statement. For auditing a look-up by id that found nothing readable.
   */
  async subjectsOf(
    uow: UnitOfWork,
    tenantId: string,
    statementId: string,
    voided: boolean,
  ): Promise<string[] | undefined> {
    const rows: { subject_ifi_hashes: string[] }[] = await uow.manager.query(
      `SELECT ${SUBJECT_IFI_HASHES} FROM storage.statement s
        WHERE s.tenant_id = $1 AND s.statement_id = $2 AND s.is_voided = $3`,
      [tenantId, statementId, voided],
    );
    return rows[0]?.subject_ifi_hashes;
  }

  /** Readiness probe and migration check. */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
