// The audit chain's SQL. Appends serialise per tenant on the audit_head row lock, which gives
// one strict order even with many storage replicas writing at once.
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { STORAGE_DB } from '../core/index.js';
import { type AuditRecordContent, GENESIS_HASH } from './audit-chain.js';

export type StoredAuditRecord = AuditRecordContent & { hash: string };

export interface AuditRow {
  tenant_id: string;
  seq: string;
  at: Date;
  principal_id: string;
  action: string;
  query: Record<string, unknown>;
  decision: string;
  count: number;
  reason: string | null;
  prev_hash: string;
  hash: string;
  request_id: string | null;
  principal_kind: string | null;
  resource: string | null;
  returned_ids: string[] | null;
  returned_digest: string | null;
  basis: Record<string, unknown>[] | null;
  learner_keys: string[] | null;
  event_id: string | null;
}

/** The columns of a record in chain order of reading; one list for every SELECT. */
export const AUDIT_COLUMNS =
  'r.tenant_id, r.seq::text AS seq, r.at, r.principal_id, r.action, r.query, r.decision, r.count, r.reason, ' +
  'r.prev_hash, r.hash, r.request_id, r.principal_kind, r.resource, r.returned_ids, r.returned_digest, r.basis, ' +
  'r.learner_keys, r.event_id';

/** NULL columns become absent fields: the canonical form (and so the hash) leaves them out. */
const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

export const fromRow = (r: AuditRow): StoredAuditRecord => ({
  tenantId: r.tenant_id,
  seq: String(r.seq),
  at: new Date(r.at).toISOString(),
  principalId: r.principal_id,
  action: r.action,
  query: r.query,
  decision: r.decision,
  count: r.count,
  reason: r.reason,
  prevHash: r.prev_hash,
  hash: r.hash,
  requestId: optional(r.request_id),
  principalKind: optional(r.principal_kind),
  resource: optional(r.resource),
  returnedIds: optional(r.returned_ids),
  returnedDigest: optional(r.returned_digest),
  basis: optional(r.basis),
  learnerKeys: optional(r.learner_keys),
  eventId: optional(r.event_id),
});

@Injectable()
export class AuditRepository {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  /** Locks the tenant's chain head for the rest of the transaction and returns it. */
  async lockHead(uow: UnitOfWork, tenantId: string): Promise<{ seq: bigint; hash: string }> {
    const select = () =>
      uow.manager.query<{ seq: string; hash: string }[]>(
        `SELECT seq::text AS seq, hash FROM storage.audit_head WHERE tenant_id = $1 FOR UPDATE`,
        [tenantId],
      );
    let [head] = await select();
    if (!head) {
      // A tenant's first record: create its head (a concurrent first append may win; then we wait on its lock).
      await uow.manager.query(
        `INSERT INTO storage.audit_head (tenant_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (tenant_id) DO NOTHING`,
        [tenantId, GENESIS_HASH],
      );
      [head] = await select();
    }
    return { seq: BigInt(head!.seq), hash: head!.hash };
  }

  /**
   * Inserts the record and moves the head in ONE statement: the head stays locked until commit, and every
   * round trip made while holding it is a round trip every other reader of the tenant waits for.
   */
  async append(uow: UnitOfWork, record: StoredAuditRecord): Promise<void> {
    await uow.manager.query(
      `WITH appended AS (
         INSERT INTO storage.audit_record
           (tenant_id, seq, at, principal_id, action, query, decision, count, reason, prev_hash, hash,
            request_id, principal_kind, resource, returned_ids, returned_digest, basis, learner_keys, event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         RETURNING tenant_id, seq, hash)
       UPDATE storage.audit_head h SET seq = a.seq, hash = a.hash FROM appended a WHERE h.tenant_id = a.tenant_id`,
      [
        record.tenantId,
        record.seq,
        record.at,
        record.principalId,
        record.action,
        JSON.stringify(record.query),
        record.decision,
        record.count,
        record.reason,
        record.prevHash,
        record.hash,
        record.requestId ?? null,
        record.principalKind ?? null,
        record.resource ?? null,
        record.returnedIds ? JSON.stringify(record.returnedIds) : null,
        record.returnedDigest ?? null,
        record.basis ? JSON.stringify(record.basis) : null,
        record.learnerKeys ?? null,
        record.eventId ?? null,
      ],
    );
  }

  /** The record made from an event, if there is one (the caller holds the tenant's head lock). */
  async byEvent(
    uow: UnitOfWork,
    tenantId: string,
    eventId: string,
  ): Promise<{ seq: string; hash: string } | null> {
    const [row]: { seq: string; hash: string }[] = await uow.manager.query(
      `SELECT seq::text AS seq, hash FROM storage.audit_record WHERE tenant_id = $1 AND event_id = $2`,
      [tenantId, eventId],
    );
    return row ?? null;
  }

  /** Records in chain order, a page at a time, so verifying a long chain needs little memory. */
  async page(
    tenantId: string,
    afterSeq: bigint,
    size: number,
    uow?: UnitOfWork,
  ): Promise<StoredAuditRecord[]> {
    const rows: AuditRow[] = await (uow?.manager ?? this.db).query(
      `SELECT ${AUDIT_COLUMNS}
         FROM storage.audit_record r WHERE r.tenant_id = $1 AND r.seq > $2 ORDER BY r.seq LIMIT $3`,
      [tenantId, afterSeq.toString(), size],
    );
    return rows.map(fromRow);
  }

  async head(tenantId: string, uow?: UnitOfWork): Promise<{ seq: bigint; hash: string } | null> {
    const [head]: { seq: string; hash: string }[] = await (uow?.manager ?? this.db).query(
      `SELECT seq::text AS seq, hash FROM storage.audit_head WHERE tenant_id = $1`,
      [tenantId],
    );
    return head ? { seq: BigInt(head.seq), hash: head.hash } : null;
  }
}
