// The SQL of forwarding (docs/flows.md "Forwarding"): targets, their queue of batches, dead letters, and the
// statements each target received with their data subjects' identifier hashes. Every method takes the unit of
// work of the service that opened it.
import type { UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

export interface TargetRow {
  id: string;
  tenant_id: string;
  name: string;
  kind: 'xapi' | 'webhook';
  url: string;
  auth_kind: 'none' | 'basic' | 'oauth2';
  auth_key: string | null;
  token_url: string | null;
  auth_scope: string | null;
  sealed_secret: Buffer | null;
  grantee_credential_id: string;
  filter: Record<string, unknown>;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  last_delivered_at: Date | null;
  delivered_statements: string;
}

export interface StatusRow {
  target_id: string;
  pending_batches: string;
  pending_statements: string;
  oldest_pending_at: Date | null;
  dead_letters: string;
}

export interface PendingRow {
  id: string;
  kind: 'statements' | 'erasure';
  erasure_id: string | null;
  statement_ids: string[];
  enqueued_at: Date;
}

export interface DeadLetterRow {
  id: string;
  kind: 'statements' | 'erasure';
  erasure_id: string | null;
  statement_ids: string[];
  attempts: number;
  last_error: string | null;
  enqueued_at: Date;
  dead_at: Date;
}

export type NewTarget = Omit<
  TargetRow,
  | 'created_at'
  | 'updated_at'
  | 'attempts'
  | 'next_attempt_at'
  | 'last_error'
  | 'last_error_at'
  | 'last_delivered_at'
  | 'delivered_statements'
>;

const TARGET_COLUMNS = `id, tenant_id, name, kind, url, auth_kind, auth_key, token_url, auth_scope, sealed_secret,
  grantee_credential_id, filter, enabled, created_at, updated_at, attempts, next_attempt_at, last_error,
  last_error_at, last_delivered_at, delivered_statements`;

/** The rows of an `UPDATE`/`DELETE … RETURNING`, which TypeORM answers as `[rows, affected]`. */
function returned<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

/** Statement ids per claimed batch at most (one storage read). */
export const MAX_BATCH_STATEMENTS = 500;

@Injectable()
export class ForwardingRepository {
  async insertTarget(uow: UnitOfWork, t: NewTarget): Promise<TargetRow> {
    const [row]: TargetRow[] = await uow.manager.query(
      `INSERT INTO consent.forwarding_target (id, tenant_id, name, kind, url, auth_kind, auth_key, token_url,
         auth_scope, sealed_secret, grantee_credential_id, filter, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${TARGET_COLUMNS}`,
      [
        t.id,
        t.tenant_id,
        t.name,
        t.kind,
        t.url,
        t.auth_kind,
        t.auth_key,
        t.token_url,
        t.auth_scope,
        t.sealed_secret,
        t.grantee_credential_id,
        JSON.stringify(t.filter),
        t.enabled,
      ],
    );
    return row!;
  }

  async updateTarget(uow: UnitOfWork, t: NewTarget): Promise<TargetRow | undefined> {
    const [row] = returned<TargetRow>(
      await uow.manager.query(
        `UPDATE consent.forwarding_target SET name = $3, url = $4, auth_kind = $5, auth_key = $6, token_url = $7,
         auth_scope = $8, sealed_secret = $9, grantee_credential_id = $10, filter = $11, enabled = $12,
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING ${TARGET_COLUMNS}`,
        [
          t.tenant_id,
          t.id,
          t.name,
          t.url,
          t.auth_kind,
          t.auth_key,
          t.token_url,
          t.auth_scope,
          t.sealed_secret,
          t.grantee_credential_id,
          JSON.stringify(t.filter),
          t.enabled,
        ],
      ),
    );
    return row;
  }

  async deleteTarget(uow: UnitOfWork, tenantId: string, id: string): Promise<TargetRow | undefined> {
    const [row] = returned<TargetRow>(
      await uow.manager.query(
        `DELETE FROM consent.forwarding_target WHERE tenant_id = $1 AND id = $2 RETURNING ${TARGET_COLUMNS}`,
        [tenantId, id],
      ),
    );
    return row;
  }

  async findTarget(
    uow: UnitOfWork,
    tenantId: string,
    id: string,
    lock = false,
  ): Promise<TargetRow | undefined> {
    const [row]: TargetRow[] = await uow.manager.query(
      `SELECT ${TARGET_COLUMNS} FROM consent.forwarding_target WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tenantId, id],
    );
    return row;
  }

  async listTargets(uow: UnitOfWork, tenantId: string): Promise<TargetRow[]> {
    return uow.manager.query(
      `SELECT ${TARGET_COLUMNS} FROM consent.forwarding_target WHERE tenant_id = $1 ORDER BY created_at, id`,
      [tenantId],
    );
  }

  async statusOf(uow: UnitOfWork, targetIds: string[]): Promise<Map<string, StatusRow>> {
    const rows: StatusRow[] = await uow.manager.query(
      `SELECT t.id AS target_id,
         (SELECT count(*) FROM consent.forwarding_pending p WHERE p.target_id = t.id) AS pending_batches,
         (SELECT coalesce(sum(cardinality(p.statement_ids)), 0) FROM consent.forwarding_pending p
           WHERE p.target_id = t.id) AS pending_statements,
         (SELECT min(p.enqueued_at) FROM consent.forwarding_pending p WHERE p.target_id = t.id) AS oldest_pending_at,
         (SELECT count(*) FROM consent.forwarding_dead_letter d WHERE d.target_id = t.id) AS dead_letters
       FROM consent.forwarding_target t WHERE t.id = ANY($1::uuid[])`,
      [targetIds],
    );
    return new Map(rows.map((r) => [r.target_id, r]));
  }

  /** A stored batch, queued once for each enabled target of the tenant (a redelivered event adds nothing). */
  async enqueueStored(
    uow: UnitOfWork,
    tenantId: string,
    messageId: string,
    statementIds: string[],
  ): Promise<void> {
    await uow.manager.query(
      `INSERT INTO consent.forwarding_pending (target_id, kind, message_id, statement_ids)
       SELECT id, 'statements', $2, $3 FROM consent.forwarding_target WHERE tenant_id = $1 AND enabled
       ON CONFLICT (target_id, message_id) DO NOTHING`,
      [tenantId, messageId, statementIds],
    );
  }

  /**
   * The next target with a batch due, its lease taken for `leaseSeconds` (SKIP LOCKED: replicas never take the
   * same target, so each target's batches go out in order), and the batch: the first waiting row when it is an
   * erasure, else the run of statement rows up to MAX_BATCH_STATEMENTS ids.
   */
  async claim(
    uow: UnitOfWork,
    leaseSeconds: number,
  ): Promise<{ target: TargetRow; rows: PendingRow[] } | undefined> {
    const [target]: TargetRow[] = await uow.manager.query(
      `SELECT ${TARGET_COLUMNS} FROM consent.forwarding_target t
       WHERE t.enabled AND (t.lease_until IS NULL OR t.lease_until < now())
         AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= now())
         AND EXISTS (SELECT 1 FROM consent.forwarding_pending p WHERE p.target_id = t.id)
       ORDER BY t.last_delivered_at NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    if (!target) return undefined;
    await uow.manager.query(
      `UPDATE consent.forwarding_target SET lease_until = now() + make_interval(secs => $2) WHERE id = $1`,
      [target.id, leaseSeconds],
    );
    const waiting: PendingRow[] = await uow.manager.query(
      `SELECT id::text, kind, erasure_id, statement_ids, enqueued_at FROM consent.forwarding_pending
       WHERE target_id = $1 ORDER BY id LIMIT 100`,
      [target.id],
    );
    const rows: PendingRow[] = [];
    let ids = 0;
    for (const row of waiting) {
      if (row.kind === 'erasure') {
        if (rows.length === 0) rows.push(row);
        break;
      }
      if (rows.length > 0 && ids + row.statement_ids.length > MAX_BATCH_STATEMENTS) break;
      rows.push(row);
      ids += row.statement_ids.length;
    }
    return { target, rows };
  }

  /** A delivered batch: its rows leave the queue, what was sent is kept by data subject, the target's state resets. */
  async delivered(
    uow: UnitOfWork,
    targetId: string,
    batchIds: string[],
    sent: { statementId: string; subjectIfiHashes: string[] }[],
  ): Promise<{ erasureId: string; statements: number }[]> {
    const [done]: [{ kind: string; erasure_id: string | null; statement_ids: string[] }[], number] =
      await uow.manager.query(
        `DELETE FROM consent.forwarding_pending WHERE target_id = $1 AND id = ANY($2::bigint[])
         RETURNING kind, erasure_id, statement_ids`,
        [targetId, batchIds],
      );
    const pairs = sent.flatMap((s) => s.subjectIfiHashes.map((h) => [h, s.statementId] as const));
    if (pairs.length > 0) {
      await uow.manager.query(
        `INSERT INTO consent.forwarding_sent (target_id, ifi_hash, statement_id)
         SELECT $1, h, s FROM unnest($2::text[], $3::text[]) AS x(h, s) ON CONFLICT DO NOTHING`,
        [targetId, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
    }
    await uow.manager.query(
      `UPDATE consent.forwarding_target SET attempts = 0, next_attempt_at = NULL, lease_until = NULL,
         last_delivered_at = now(), delivered_statements = delivered_statements + $2 WHERE id = $1`,
      [targetId, sent.length],
    );
    return done.flatMap((b) =>
      b.kind === 'erasure' && b.erasure_id
        ? [{ erasureId: b.erasure_id, statements: b.statement_ids.length }]
        : [],
    );
  }

  /** A failed attempt: retried after `retryInMs`, or (`dead`) moved to the dead letters. */
  async failed(
    uow: UnitOfWork,
    targetId: string,
    batchIds: string[],
    error: string,
    retryInMs: number,
    dead: boolean,
  ): Promise<void> {
    if (dead) {
      await uow.manager.query(
        `WITH gone AS (
           DELETE FROM consent.forwarding_pending WHERE target_id = $1 AND id = ANY($2::bigint[])
           RETURNING kind, erasure_id, statement_ids, enqueued_at)
         INSERT INTO consent.forwarding_dead_letter (id, target_id, kind, erasure_id, statement_ids, attempts,
           last_error, enqueued_at)
         SELECT gen_random_uuid(), $1, g.kind, g.erasure_id, g.statement_ids, t.attempts + 1, $3, g.enqueued_at
         FROM gone g, consent.forwarding_target t WHERE t.id = $1`,
        [targetId, batchIds, error],
      );
    }
    await uow.manager.query(
      `UPDATE consent.forwarding_target SET lease_until = NULL, last_error = $2, last_error_at = now(),
         attempts = CASE WHEN $3 THEN 0 ELSE attempts + 1 END,
         next_attempt_at = CASE WHEN $3 THEN NULL ELSE now() + make_interval(secs => $4::double precision / 1000) END
       WHERE id = $1`,
      [targetId, error, dead, retryInMs],
    );
  }

  async listDeadLetters(uow: UnitOfWork, targetId: string): Promise<DeadLetterRow[]> {
    return uow.manager.query(
      `SELECT id, kind, erasure_id, statement_ids, attempts, last_error, enqueued_at, dead_at
       FROM consent.forwarding_dead_letter WHERE target_id = $1 ORDER BY dead_at, id`,
      [targetId],
    );
  }

  async removeDeadLetter(uow: UnitOfWork, targetId: string, id: string): Promise<DeadLetterRow | undefined> {
    const [row] = returned<DeadLetterRow>(
      await uow.manager.query(
        `DELETE FROM consent.forwarding_dead_letter WHERE target_id = $1 AND id = $2
         RETURNING id, kind, erasure_id, statement_ids, attempts, last_error, enqueued_at, dead_at`,
        [targetId, id],
      ),
    );
    return row;
  }

  /** A dead letter queued again, at the end of its target's queue. */
  async requeue(uow: UnitOfWork, targetId: string, dead: DeadLetterRow): Promise<void> {
    await uow.manager.query(
      `INSERT INTO consent.forwarding_pending (target_id, kind, erasure_id, statement_ids, enqueued_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [targetId, dead.kind, dead.erasure_id, dead.statement_ids, dead.enqueued_at],
    );
  }

  /**
   * An erasure that completed: for each target of the tenant that received statements about the person, a batch
   * to void them there (or a notice), and the record of what was sent about them deleted.
   */
  async stageErasure(
    uow: UnitOfWork,
    tenantId: string,
    erasureId: string,
    ifiHashes: string[],
  ): Promise<number> {
    if (ifiHashes.length === 0) return 0;
    const staged = returned<unknown>(
      await uow.manager.query(
        `WITH sent AS (
         SELECT s.target_id, array_agg(DISTINCT s.statement_id ORDER BY s.statement_id) AS ids
         FROM consent.forwarding_sent s JOIN consent.forwarding_target t ON t.id = s.target_id
         WHERE t.tenant_id = $1 AND s.ifi_hash = ANY($2::text[]) GROUP BY s.target_id),
       forgotten AS (
         DELETE FROM consent.forwarding_sent f USING sent
         WHERE f.target_id = sent.target_id AND f.statement_id = ANY(sent.ids))
       INSERT INTO consent.forwarding_pending (target_id, kind, message_id, erasure_id, statement_ids)
       SELECT target_id, 'erasure', 'erasure:' || $3, $3::uuid, ids FROM sent
       ON CONFLICT (target_id, message_id) DO NOTHING RETURNING id`,
        [tenantId, ifiHashes, erasureId],
      ),
    );
    return staged.length;
  }
}
