// The SQL of an erasure (docs/adr/0013-erasure-and-crypto-shredding.md): the statements that mention the person
// (by identifier hash, through the agent links), their removal or rewrite with both copies of an identifier — the
// statement's JSON and its link rows — changed together, the person's documents and the attachment data no
// statement refers to any more, and the per-erasure run row that makes both steps repeatable.
import { SqlParams, type SqlPart } from '@custos/authz';
import type { ErasureBlockerV1 } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { holdInForce } from '../access/index.js';

/** A legal hold that keeps the person's records, as the erasure's answer names it. */
export type HeldBy = Extract<ErasureBlockerV1, { kind: 'legal-hold' }>;

/** A statement that mentions the person, with what decides its fate. */
export interface MentioningStatement {
  seq: string;
  payload: Record<string, unknown>;
  /** Every data subject of the statement is the person (under one of their identifiers). */
  onlySubject: boolean;
  /** Per obligation (in the order given): the obligation's scope covers this statement. */
  covered: boolean[];
}

export interface ErasureRunRow {
  counts: Record<string, number>;
  covered: unknown[];
  completion: Record<string, unknown> | null;
}

/** Link rows of a rewritten statement, as `indexTermsOf` gives them. */
export interface AgentLink {
  ifiHash: string;
  direct: boolean;
  subject: boolean;
}

/** A statement about others, rewritten with the stand-in, and its new agent links. */
export interface RewrittenStatement {
  seq: string;
  payload: Record<string, unknown>;
  actorIfiHash: string | null;
  agents: readonly AgentLink[];
}

@Injectable()
export class ErasureRepository {
  /**
   * Serialises the steps of one erasure across storage replicas (a repeated request waits for the first and then
   * finds its run row), for the rest of the transaction.
   */
  async lock(uow: UnitOfWork, tenantId: string, erasureId: string): Promise<void> {
    await uow.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `erasure:${tenantId}:${erasureId}`,
    ]);
  }

  /**
   * Legal holds in force on any of the person's identifiers (docs/privacy-operations.md "Legal holds"): each keeps
   * every statement the person appears in, so while one lasts nothing of theirs may be erased.
   */
  async holdsOn(uow: UnitOfWork, tenantId: string, ifiHashes: readonly string[]): Promise<HeldBy[]> {
    if (ifiHashes.length === 0) return [];
    const rows: { id: string; reason: string; ends_at: Date }[] = await uow.manager.query(
      `SELECT h.id, h.reason, h.ends_at FROM storage.legal_hold h
        WHERE h.tenant_id = $1 AND h.ifi_hashes && $2::text[] AND ${holdInForce('h')}
        ORDER BY h.ends_at, h.id`,
      [tenantId, ifiHashes],
    );
    return rows.map((r) => ({
      kind: 'legal-hold',
      holdId: String(r.id),
      reason: r.reason,
      until: new Date(r.ends_at).toISOString(),
    }));
  }

  async findRun(uow: UnitOfWork, tenantId: string, erasureId: string): Promise<ErasureRunRow | null> {
    const [row]: ErasureRunRow[] = await uow.manager.query(
      `SELECT counts, covered, completion FROM storage.erasure_run WHERE tenant_id = $1 AND erasure_id = $2`,
      [tenantId, erasureId],
    );
    return row ?? null;
  }

  async insertRun(
    uow: UnitOfWork,
    tenantId: string,
    erasureId: string,
    counts: Record<string, number>,
    covered: unknown[],
  ): Promise<void> {
    await uow.manager.query(
      `INSERT INTO storage.erasure_run (tenant_id, erasure_id, counts, covered) VALUES ($1, $2, $3, $4)`,
      [tenantId, erasureId, JSON.stringify(counts), JSON.stringify(covered)],
    );
  }

  async saveCompletion(
    uow: UnitOfWork,
    tenantId: string,
    erasureId: string,
    completion: Record<string, unknown>,
  ): Promise<void> {
    await uow.manager.query(
      `UPDATE storage.erasure_run SET completion = $3, sealed_at = now() WHERE tenant_id = $1 AND erasure_id = $2`,
      [tenantId, erasureId, JSON.stringify(completion)],
    );
  }

  /**
   * The statements of the tenant that mention any of `hashes` anywhere (actor, object, authority, context,
   * SubStatement), voided or not, by `seq`, and whether every data subject of each is one of `hashes`: from the
   * agent links alone (their lookup index, then each statement's own links), one query for the whole person.
   */
  async mentioningSeqs(
    uow: UnitOfWork,
    tenantId: string,
    hashes: readonly string[],
  ): Promise<{ seq: string; onlySubject: boolean }[]> {
    // Two plain scans rather than one join: each is one pass over an index (or, on a table not yet analysed, over
    // the table), where a join's plan could visit the links once per statement.
    const found: { seq: string }[] = await uow.manager.query(
      `SELECT DISTINCT statement_seq::text AS seq FROM storage.statement_agent
        WHERE tenant_id = $1 AND ifi_hash = ANY($2::text[])
        ORDER BY 1`,
      [tenantId, [...hashes]],
    );
    const seqs = found.map((r) => r.seq);
    const subjects: { seq: string; only_subject: boolean }[] = await uow.manager.query(
      `SELECT statement_seq::text AS seq, bool_and(ifi_hash = ANY($3::text[])) AS only_subject
         FROM storage.statement_agent
        WHERE tenant_id = $1 AND statement_seq = ANY($2::bigint[]) AND is_subject
        GROUP BY statement_seq`,
      [tenantId, seqs, [...hashes]],
    );
    const only = new Map(subjects.map((r) => [r.seq, r.only_subject]));
    const rows = seqs.map((seq) => ({ seq, only_subject: only.get(seq) ?? false }));
    return rows.map((r) => ({ seq: r.seq, onlySubject: r.only_subject }));
  }

  /**
   * These statements (a page of them), locked for the rest of the transaction, with their JSON and, per obligation
   * (compiled scope filters, alias s), whether it covers them.
   */
  async mentioning(
    uow: UnitOfWork,
    tenantId: string,
    seqs: readonly string[],
    obligations: readonly SqlPart[],
  ): Promise<{ seq: string; payload: Record<string, unknown>; covered: boolean[] }[]> {
    const params = new SqlParams();
    const tenant = params.add(tenantId);
    const page = params.add([...seqs]);
    const coveredColumns = obligations.map((o, i) => `, COALESCE((${o(params)}), false) AS covered_${i}`);
    const rows: ({ seq: string; payload: Record<string, unknown> } & Record<string, unknown>)[] =
      await uow.manager.query(
        `SELECT s.seq::text AS seq, s.payload ${coveredColumns.join('')}
           FROM storage.statement s
          WHERE s.tenant_id = ${tenant} AND s.seq = ANY(${page}::bigint[])
          ORDER BY s.seq
            FOR UPDATE OF s`,
        params.values,
      );
    return rows.map((r) => ({
      seq: r.seq,
      payload: r.payload,
      covered: obligations.map((_, i) => r[`covered_${i}`] === true),
    }));
  }

  /**
   * Deletes statements (their link rows go with them: the `statement_links_deleted` trigger) and then the attachment
   * data (every copy) that only they referred to; returns how many attachments (SHA-2s) were deleted.
   */
  async deleteStatements(uow: UnitOfWork, tenantId: string, seqs: readonly string[]): Promise<number> {
    if (seqs.length === 0) return 0;
    const linked: { sha2: string }[] = await uow.manager.query(
      `SELECT DISTINCT sha2 FROM storage.statement_attachment WHERE tenant_id = $1 AND statement_seq = ANY($2::bigint[])`,
      [tenantId, [...seqs]],
    );
    await uow.manager.query(
      `DELETE FROM storage.statement WHERE tenant_id = $1 AND seq = ANY($2::bigint[])`,
      [tenantId, [...seqs]],
    );
    if (linked.length === 0) return 0;
    const [row]: { attachments: number }[] = await uow.manager.query(
      `WITH gone AS (
         DELETE FROM storage.attachment a
          WHERE a.tenant_id = $1 AND a.sha2 = ANY($2::text[])
            AND NOT EXISTS (SELECT 1 FROM storage.statement_attachment l WHERE l.tenant_id = a.tenant_id AND l.sha2 = a.sha2)
          RETURNING a.sha2)
       SELECT count(DISTINCT sha2)::int AS attachments FROM gone`,
      [tenantId, linked.map((l) => l.sha2)],
    );
    return row!.attachments;
  }

  /**
   * Writes rewritten statements' JSON and replaces their agent links, three statements for the whole batch: both
   * copies of an identifier (the JSON and the links) change in the same transaction.
   */
  async rewriteStatements(
    uow: UnitOfWork,
    tenantId: string,
    rows: readonly RewrittenStatement[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const seqs = rows.map((r) => r.seq);
    await uow.manager.query(
      `UPDATE storage.statement s SET payload = r.payload, actor_ifi_hash = r.actor_ifi_hash
         FROM jsonb_to_recordset($2::jsonb) AS r(seq bigint, payload jsonb, actor_ifi_hash text)
        WHERE s.tenant_id = $1 AND s.seq = r.seq`,
      [
        tenantId,
        JSON.stringify(rows.map((r) => ({ seq: r.seq, payload: r.payload, actor_ifi_hash: r.actorIfiHash }))),
      ],
    );
    await uow.manager.query(
      `DELETE FROM storage.statement_agent WHERE tenant_id = $1 AND statement_seq = ANY($2::bigint[])`,
      [tenantId, seqs],
    );
    const links = rows.flatMap((r) => r.agents.map((a) => ({ seq: r.seq, ...a })));
    await uow.manager.query(
      `INSERT INTO storage.statement_agent (statement_seq, ifi_hash, tenant_id, direct, is_subject)
       SELECT a.seq, a.ifi_hash, $1, a.direct, a.is_subject
         FROM unnest($2::bigint[], $3::text[], $4::boolean[], $5::boolean[]) AS a(seq, ifi_hash, direct, is_subject)`,
      [
        tenantId,
        links.map((l) => l.seq),
        links.map((l) => l.ifiHash),
        links.map((l) => l.direct),
        links.map((l) => l.subject),
      ],
    );
  }

  /** Deletes the State and Agent Profile documents addressed to the person; counts per kind. */
  async deleteDocuments(
    uow: UnitOfWork,
    tenantId: string,
    hashes: readonly string[],
  ): Promise<{ state: number; agentProfile: number }> {
    const rows: { kind: string; n: number }[] = await uow.manager.query(
      `WITH gone AS (
         DELETE FROM storage.document WHERE tenant_id = $1 AND agent_ifi_hash = ANY($2::text[]) RETURNING kind)
       SELECT kind, count(*)::int AS n FROM gone GROUP BY kind`,
      [tenantId, [...hashes]],
    );
    const count = (kind: string) => rows.find((r) => r.kind === kind)?.n ?? 0;
    return { state: count('state'), agentProfile: count('agentProfile') };
  }
}
