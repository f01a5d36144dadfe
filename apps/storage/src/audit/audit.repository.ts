// The audit chain's SQL: records written by requests (pending, ADR 0010), the chain as the sequencer left it.
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { STORAGE_DB } from '../core/index.js';
import { preparedQuery } from '../db/prepared-query.js';
import type { AuditRecordContent } from './audit-chain.js';
import type { PendingAuditRecord } from './audit-record.js';

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

/** The columns a pending record shares with a chained one: all but its place in the chain. */
export type RecordContentRow = Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'>;

/** A record's content from its row, pending or chained. */
export const contentOf = (r: RecordContentRow): PendingAuditRecord => ({
  tenantId: r.tenant_id,
  at: new Date(r.at).toISOString(),
  principalId: r.principal_id,
  action: r.action,
  query: r.query,
  decision: r.decision,
  count: r.count,
  reason: r.reason,
  requestId: optional(r.request_id),
  principalKind: optional(r.principal_kind),
  resource: optional(r.resource),
  returnedIds: optional(r.returned_ids),
  returnedDigest: optional(r.returned_digest),
  basis: optional(r.basis),
  learnerKeys: optional(r.learner_keys),
  eventId: optional(r.event_id),
});

/** A chained record from its row: its content and its place. */
export const fromRow = (r: AuditRow): StoredAuditRecord => ({
  ...contentOf(r),
  seq: String(r.seq),
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** A tenant's chain head and the Merkle tree over it (storage.audit_head). */
export interface AuditHead {
  seq: bigint;
  hash: string;
  /** Leaf i of the tree is the record `treeBase + i + 1`. */
  treeBase: bigint;
  treeSize: bigint;
  rootHash: string | null;
  /** The newest signed tree head, when the tree has one. */
  signed: { at: string; publicKeyId: string; signature: string } | null;
}

export interface HeadRow {
  seq: string;
  hash: string;
  tree_base: string;
  tree_size: string;
  root_hash: string | null;
  signed_at: Date | null;
  public_key_id: string | null;
  signature: string | null;
}

export const HEAD_COLUMNS =
  'seq::text AS seq, hash, tree_base::text AS tree_base, tree_size::text AS tree_size, root_hash, signed_at, ' +
  'public_key_id, signature';

export const headOf = (r: HeadRow): AuditHead => ({
  seq: BigInt(r.seq),
  hash: r.hash,
  treeBase: BigInt(r.tree_base),
  treeSize: BigInt(r.tree_size),
  rootHash: r.root_hash,
  signed:
    r.signed_at && r.public_key_id && r.signature
      ? { at: new Date(r.signed_at).toISOString(), publicKeyId: r.public_key_id, signature: r.signature }
      : null,
});

@Injectable()
export class AuditRepository {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  /**
   * Writes a record in the caller's transaction, to be sequenced into the chain once committed (ADR 0010): no
   * lock, so a tenant's requests no longer wait for one another. A record of an event already pending is not
   * written twice.
   */
  async insertPending(uow: UnitOfWork, records: readonly PendingAuditRecord[]): Promise<void> {
    // In the order given: the sequencer chains pending records in insertion order.
    const rows = records.map((record, ord) => ({
      ord,
      tenant_id: record.tenantId,
      at: record.at,
      principal_id: record.principalId,
      action: record.action,
      query: record.query,
      decision: record.decision,
      count: record.count,
      reason: record.reason,
      request_id: record.requestId ?? null,
      principal_kind: record.principalKind ?? null,
      resource: record.resource ?? null,
      returned_ids: record.returnedIds ?? null,
      returned_digest: record.returnedDigest ?? null,
      basis: record.basis ?? null,
      learner_keys: record.learnerKeys ?? null,
      event_id: record.eventId ?? null,
    }));
    await preparedQuery(
      uow,
      `INSERT INTO storage.audit_pending
         (tenant_id, at, principal_id, action, query, decision, count, reason,
          request_id, principal_kind, resource, returned_ids, returned_digest, basis, learner_keys, event_id)
       SELECT r.tenant_id, r.at, r.principal_id, r.action, r.query, r.decision, r.count, r.reason,
              r.request_id, r.principal_kind, r.resource, r.returned_ids, r.returned_digest, r.basis,
              r.learner_keys, r.event_id
         FROM jsonb_to_recordset($1::jsonb) AS r(
              ord int, tenant_id text, at timestamptz, principal_id text, action text, query jsonb, decision text,
              count int, reason text, request_id text, principal_kind text, resource text, returned_ids jsonb,
              returned_digest text, basis jsonb, learner_keys text[], event_id text)
        ORDER BY r.ord
       ON CONFLICT (tenant_id, event_id) WHERE event_id IS NOT NULL DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  /** Whether the record made from an event is in the chain already. */
  async hasEvent(tenantId: string, eventId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM storage.audit_record WHERE tenant_id = $1 AND event_id = $2`,
      [tenantId, eventId],
    );
    return rows.length > 0;
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

  /**
   * Where the period [from, to) lies in the chain: the first record written at or after `from` and the last written
   * before `to` (null when none was), and the first written at or after `to` (null when none was yet). Answered from
   * the index on (tenant_id, at).
   */
  async periodRange(
    tenantId: string,
    from: string,
    to: string,
    uow?: UnitOfWork,
  ): Promise<{ first: bigint | null; last: bigint | null; next: bigint | null }> {
    const [row]: { first: string | null; last: string | null; next: string | null }[] = await (
      uow?.manager ?? this.db
    ).query(
      `SELECT (SELECT min(seq) FROM storage.audit_record WHERE tenant_id = $1 AND at >= $2 AND at < $3)::text AS first,
              (SELECT max(seq) FROM storage.audit_record WHERE tenant_id = $1 AND at >= $2 AND at < $3)::text AS last,
              (SELECT min(seq) FROM storage.audit_record WHERE tenant_id = $1 AND at >= $3)::text AS next`,
      [tenantId, from, to],
    );
    const big = (v: string | null | undefined): bigint | null => (v ? BigInt(v) : null);
    return { first: big(row?.first), last: big(row?.last), next: big(row?.next) };
  }

  async head(tenantId: string, uow?: UnitOfWork): Promise<AuditHead | null> {
    const [head]: HeadRow[] = await (uow?.manager ?? this.db).query(
      `SELECT ${HEAD_COLUMNS} FROM storage.audit_head WHERE tenant_id = $1`,
      [tenantId],
    );
    return head ? headOf(head) : null;
  }
}
