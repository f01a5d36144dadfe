// The SQL of retention (docs/privacy-operations.md "Retention"): rules and legal holds, the counts of a dry run,
// and the purge's bounded batches. What a rule covers and what a hold keeps is written once, in
// access/retention.ts; these queries only count and delete by it. Raw SQL (ADR 0008).
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { withTenantSessionLock } from '../db/session-lock.js';

import { expiredSql, personHeldSql, ruleCoversSql, ruleHeldSql } from '../access/index.js';
import { STORAGE_DB } from '../core/index.js';

export interface RuleRow {
  id: string;
  name: string;
  verb: string | null;
  activityPrefix: string | null;
  registration: string | null;
  olderThanDays: number;
  createdAt: string;
}

export interface HoldRow {
  id: string;
  ruleId: string | null;
  ifiHashes: string[] | null;
  reason: string;
  endsAt: string;
  createdAt: string;
  releasedAt: string | null;
  active: boolean;
}

export interface RuleCount {
  ruleId: string;
  name: string;
  statements: number;
  held: number;
}

const RULE_COLUMNS = `id, name, verb_iri AS verb, activity_prefix AS "activityPrefix", registration::text AS registration,
  older_than_days AS "olderThanDays", to_json(created_at) #>> '{}' AS "createdAt"`;
const HOLD_COLUMNS = `id, rule_id AS "ruleId", ifi_hashes AS "ifiHashes", reason, to_json(ends_at) #>> '{}' AS "endsAt",
  to_json(created_at) #>> '{}' AS "createdAt", to_json(released_at) #>> '{}' AS "releasedAt",
  (released_at IS NULL AND ends_at > now()) AS active`;

/** The session-level lock of one tenant's purge: one purger per tenant at a time across every replica. */

@Injectable()
export class RetentionRepository {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  listRules(tenantId: string): Promise<RuleRow[]> {
    return this.db.query(
      `SELECT ${RULE_COLUMNS} FROM storage.retention_rule WHERE tenant_id = $1 ORDER BY created_at, id`,
      [tenantId],
    );
  }

  async insertRule(uow: UnitOfWork, tenantId: string, rule: Omit<RuleRow, 'createdAt'>): Promise<RuleRow> {
    const [row]: RuleRow[] = await uow.manager.query(
      `INSERT INTO storage.retention_rule
         (id, tenant_id, name, verb_iri, activity_prefix, registration, older_than_days, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING ${RULE_COLUMNS}`,
      [rule.id, tenantId, rule.name, rule.verb, rule.activityPrefix, rule.registration, rule.olderThanDays],
    );
    return row!;
  }

  async deleteRule(uow: UnitOfWork, tenantId: string, id: string): Promise<RuleRow | undefined> {
    const [rows]: [RuleRow[], number] = await uow.manager.query(
      `DELETE FROM storage.retention_rule WHERE tenant_id = $1 AND id = $2 RETURNING ${RULE_COLUMNS}`,
      [tenantId, id],
    );
    return rows[0];
  }

  async ruleExists(uow: UnitOfWork, tenantId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await uow.manager.query(
      `SELECT 1 FROM storage.retention_rule WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows.length > 0;
  }

  listHolds(tenantId: string): Promise<HoldRow[]> {
    return this.db.query(
      `SELECT ${HOLD_COLUMNS} FROM storage.legal_hold WHERE tenant_id = $1 ORDER BY created_at, id`,
      [tenantId],
    );
  }

  async insertHold(
    uow: UnitOfWork,
    tenantId: string,
    hold: { id: string; ruleId: string | null; ifiHashes: string[] | null; reason: string; endsAt: string },
  ): Promise<HoldRow> {
    const [row]: HoldRow[] = await uow.manager.query(
      `INSERT INTO storage.legal_hold (id, tenant_id, rule_id, ifi_hashes, reason, ends_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING ${HOLD_COLUMNS}`,
      [hold.id, tenantId, hold.ruleId, hold.ifiHashes, hold.reason, hold.endsAt],
    );
    return row!;
  }

  /** Ends a hold now; a hold already ended is answered as it is. */
  async releaseHold(uow: UnitOfWork, tenantId: string, id: string): Promise<HoldRow | undefined> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [rows]: [HoldRow[], number] = await uow.manager.query(
      `UPDATE storage.legal_hold SET released_at = COALESCE(released_at, now())
        WHERE tenant_id = $1 AND id = $2 RETURNING ${HOLD_COLUMNS}`,
      [tenantId, id],
    );
    return rows[0];
  }

  /**
   * Per rule of the tenant, the statements it covers that it would remove now and those it covers but a legal
   * hold keeps (the rule's own, or a person's). A statement two rules cover counts under each.
   */
  countPerRule(uow: UnitOfWork, tenantId: string): Promise<RuleCount[]> {
    return uow.manager.query(
      `SELECT rr.id AS "ruleId", rr.name,
              count(x.seq) FILTER (WHERE NOT x.held)::int AS statements,
              count(x.seq) FILTER (WHERE x.held)::int AS held
         FROM storage.retention_rule rr
         LEFT JOIN LATERAL (
           SELECT s.seq, (${ruleHeldSql('rr')} OR ${personHeldSql('s')}) AS held
             FROM storage.statement s WHERE ${ruleCoversSql('rr', 's')}
         ) x ON true
        WHERE rr.tenant_id = $1
        GROUP BY rr.id, rr.name, rr.created_at
        ORDER BY rr.created_at, rr.id`,
      [tenantId],
    );
  }

  /** Distinct statements of the tenant past retention now. */
  async countExpired(uow: UnitOfWork, tenantId: string): Promise<number> {
    const [row]: { n: number }[] = await uow.manager.query(
      `SELECT count(*)::int AS n FROM storage.statement s WHERE s.tenant_id = $1 AND ${expiredSql('s')}`,
      [tenantId],
    );
    return row!.n;
  }

  /**
   * Deletes up to `limit` statements past retention after `afterSeq`, oldest first (their agent, activity, context and attachment links go with
   * them: the trigger of migration 1797000100000), then the attachment data no statement refers to any more.
   * Answers how many statements went, per rule how many of them it covered (as `countPerRule` counts them), and
   * the last seq it deleted.
   */
  async purgeBatch(
    uow: UnitOfWork,
    tenantId: string,
    limit: number,
    afterSeq: string,
  ): Promise<{ deleted: number; perRule: Map<string, number>; attachments: number; lastSeq: string }> {
    // From where the previous batch stopped, so that a run reads the tenant's statements once however many
    // batches it takes (what it passed over and a hold releases meanwhile is for the next run).
    const batch: { seq: string }[] = await uow.manager.query(
      `SELECT s.seq::text AS seq FROM storage.statement s
        WHERE s.tenant_id = $1 AND s.seq > $3 AND ${expiredSql('s')}
        ORDER BY s.seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [tenantId, limit, afterSeq],
    );
    if (batch.length === 0) return { deleted: 0, perRule: new Map(), attachments: 0, lastSeq: afterSeq };
    const seqs = batch.map((b) => b.seq);
    const counts: { ruleId: string; n: number }[] = await uow.manager.query(
      `SELECT rr.id AS "ruleId", count(*)::int AS n
         FROM storage.retention_rule rr JOIN storage.statement s ON ${ruleCoversSql('rr', 's')}
        WHERE rr.tenant_id = $1 AND s.seq = ANY($2::bigint[]) AND NOT ${ruleHeldSql('rr')}
        GROUP BY rr.id`,
      [tenantId, seqs],
    );
    const shas: { sha2: string }[] = await uow.manager.query(
      `SELECT DISTINCT sha2 FROM storage.statement_attachment WHERE tenant_id = $1 AND statement_seq = ANY($2::bigint[])`,
      [tenantId, seqs],
    );
    const [, deleted]: [unknown, number] = await uow.manager.query(
      `DELETE FROM storage.statement WHERE tenant_id = $1 AND seq = ANY($2::bigint[])`,
      [tenantId, seqs],
    );
    let attachments = 0;
    if (shas.length > 0) {
      // Every copy (plain, or sealed under a data subject's key) of a SHA-2; counted once.
      const [row]: { n: number }[] = await uow.manager.query(
        `WITH gone AS (
           DELETE FROM storage.attachment a WHERE a.tenant_id = $1 AND a.sha2 = ANY($2::text[])
              AND NOT EXISTS (SELECT 1 FROM storage.statement_attachment l WHERE l.tenant_id = a.tenant_id AND l.sha2 = a.sha2)
            RETURNING a.sha2)
         SELECT count(DISTINCT sha2)::int AS n FROM gone`,
        [tenantId, shas.map((r) => r.sha2)],
      );
      attachments = row!.n;
    }
    return {
      deleted,
      perRule: new Map(counts.map((c) => [c.ruleId, c.n])),
      attachments,
      lastSeq: seqs[seqs.length - 1]!,
    };
  }

  /** Tenants that have retention rules: the scheduled purge visits these. */
  async tenantsWithRules(): Promise<string[]> {
    const rows: { tenant_id: string }[] = await this.db.query(
      `SELECT DISTINCT tenant_id FROM storage.retention_rule ORDER BY tenant_id`,
    );
    return rows.map((r) => r.tenant_id);
  }

  /** Runs `work` holding the tenant's purge lock; undefined without running it when another replica holds it. */
  withPurgeLock<T>(tenantId: string, work: () => Promise<T>): Promise<T | undefined> {
    return withTenantSessionLock(this.db, 'custos.retention.purge', tenantId, work);
  }
}
