// The SQL of the audit sequencer (ADR 0010): the per-tenant advisory lock, pending records, the Merkle tree's
// stored nodes and the head. Raw SQL (ADR 0008): advisory locks, unnest-based multi-row inserts and a row-value
// IN over the tree's key have no query-builder form that would stay readable.
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { STORAGE_DB } from '../core/index.js';
import { preparedQuery } from '../db/prepared-query.js';
import { GENESIS_HASH } from './audit-chain.js';
import type { PendingAuditRecord } from './audit-record.js';
import {
  type AuditHead,
  contentOf,
  HEAD_COLUMNS,
  headOf,
  type HeadRow,
  type RecordContentRow,
} from './audit.repository.js';

/** A stored node of the tree: the complete subtree (level, index), its hash in hex. */
export interface StoredNode {
  level: number;
  index: number;
  hash: string;
}

export interface PendingRow {
  id: string;
  record: PendingAuditRecord;
  /** The record of the same event is in the chain already (a redelivered event, written twice). */
  inChain: boolean;
}

/** A pending record's place in the chain, as the sequencer computed it. */
export interface Placement {
  id: string;
  seq: bigint;
  prevHash: string;
  hash: string;
}

/** The head a batch leaves; signed, except while the tree is still catching up with an older chain. */
export interface SignedHead {
  seq: bigint;
  hash: string;
  treeBase: bigint;
  treeSize: bigint;
  rootHash: string;
  signedAt?: string;
  publicKeyId?: string;
  signature?: string;
}

/** A pending record's columns (those of a chained record but its place), and whether its event is chained. */
const PENDING_COLUMNS =
  'p.id::text AS id, p.tenant_id, p.at, p.principal_id, p.action, p.query, p.decision, p.count, p.reason, ' +
  'p.request_id, p.principal_kind, p.resource, p.returned_ids, p.returned_digest, p.basis, p.learner_keys, ' +
  'p.event_id, (p.event_id IS NOT NULL AND EXISTS (SELECT 1 FROM storage.audit_record r' +
  ' WHERE r.tenant_id = p.tenant_id AND r.event_id = p.event_id)) AS in_chain';

@Injectable()
export class AuditSequencerRepository {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  /**
   * The tenant's sequencer lock, held until the transaction ends: one sequencer per tenant at a time across every
   * storage replica. `wait: false` answers false at once when another holds it.
   */
  async lock(uow: UnitOfWork, tenantId: string, wait: boolean): Promise<boolean> {
    const fn = wait ? 'pg_advisory_xact_lock' : 'pg_try_advisory_xact_lock';
    const [row] = await preparedQuery<{ locked: boolean | string }>(
      uow,
      `SELECT ${fn}(storage.audit_sequencer_lock_key($1))${wait ? ' IS NULL' : ''} AS locked`,
      [tenantId],
    );
    // pg_advisory_xact_lock returns void (NULL): having returned, it holds the lock.
    return wait ? true : row!.locked === true;
  }

  /**
   * The sequencer's start of a batch, one round trip (migration 1798002000000): the tenant's lock (as `lock`),
   * then its head, created at genesis on its first record. Undefined when `wait` is false and another holds the
   * lock.
   */
  async begin(uow: UnitOfWork, tenantId: string, wait: boolean): Promise<AuditHead | undefined> {
    const [row] = await preparedQuery<HeadRow>(
      uow,
      `SELECT ${HEAD_COLUMNS} FROM storage.audit_sequencer_begin($1, $2, $3)`,
      [tenantId, wait, GENESIS_HASH],
    );
    return row && headOf(row);
  }

  /** The oldest pending records of the tenant, in the order they were written. */
  async pending(uow: UnitOfWork, tenantId: string, limit: number): Promise<PendingRow[]> {
    const rows = await preparedQuery<RecordContentRow & { id: string; in_chain: boolean }>(
      uow,
      `SELECT ${PENDING_COLUMNS} FROM storage.audit_pending p WHERE p.tenant_id = $1 ORDER BY p.id LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map((row) => ({ id: row.id, record: contentOf(row), inChain: row.in_chain }));
  }

  /** The stored hashes of these nodes, by `level:index`; one query however many. */
  async nodes(
    tenantId: string,
    refs: readonly { level: number; index: number }[],
    uow?: UnitOfWork,
  ): Promise<Map<string, string>> {
    if (refs.length === 0) return new Map();
    const rows: { level: number; idx: string; hash: string }[] = await (uow?.manager ?? this.db).query(
      `SELECT n.level, n.idx::text AS idx, encode(n.hash, 'hex') AS hash
         FROM storage.audit_tree_node n
         JOIN unnest($2::smallint[], $3::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx
        WHERE n.tenant_id = $1`,
      [tenantId, refs.map((r) => r.level), refs.map((r) => r.index)],
    );
    return new Map(rows.map((r) => [`${r.level}:${r.idx}`, r.hash]));
  }

  /**
   * Moves pending records into the chain at their places, adds the tree's new nodes, moves and signs the head,
   * and removes what was sequenced (and `dropped`: events already in the chain). One SQL statement whatever the
   * batch size; its parts read one snapshot, so the records are copied from the pending rows it deletes.
   */
  async commit(
    uow: UnitOfWork,
    tenantId: string,
    placements: readonly Placement[],
    dropped: readonly string[],
    nodes: readonly StoredNode[],
    head: SignedHead,
  ): Promise<void> {
    await preparedQuery(
      uow,
      `WITH placed AS (
         INSERT INTO storage.audit_record
           (tenant_id, seq, at, principal_id, action, query, decision, count, reason, prev_hash, hash,
            request_id, principal_kind, resource, returned_ids, returned_digest, basis, learner_keys, event_id)
         SELECT p.tenant_id, x.seq, p.at, p.principal_id, p.action, p.query, p.decision, p.count, p.reason,
                x.prev_hash, x.hash, p.request_id, p.principal_kind, p.resource, p.returned_ids, p.returned_digest,
                p.basis, p.learner_keys, p.event_id
           FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[]) AS x(id, seq, prev_hash, hash)
           JOIN storage.audit_pending p ON p.id = x.id
       ), nodes AS (
         INSERT INTO storage.audit_tree_node (tenant_id, level, idx, hash)
         SELECT $1, w.level, w.idx, decode(w.hash, 'hex')
           FROM unnest($6::smallint[], $7::bigint[], $8::text[]) AS w(level, idx, hash)
       ), removed AS (
         DELETE FROM storage.audit_pending WHERE id = ANY($9::bigint[])
       )
       UPDATE storage.audit_head
          SET seq = $10, hash = $11, tree_base = $12, tree_size = $13, root_hash = $14, signed_at = $15,
              public_key_id = $16, signature = $17
        WHERE tenant_id = $1`,
      [
        tenantId,
        placements.map((p) => p.id),
        placements.map((p) => p.seq.toString()),
        placements.map((p) => p.prevHash),
        placements.map((p) => p.hash),
        nodes.map((n) => n.level),
        nodes.map((n) => n.index),
        nodes.map((n) => n.hash),
        [...placements.map((p) => p.id), ...dropped],
        head.seq.toString(),
        head.hash,
        head.treeBase.toString(),
        head.treeSize.toString(),
        head.rootHash,
        head.signedAt ?? null,
        head.publicKeyId ?? null,
        head.signature ?? null,
      ],
    );
  }

  /** Tenants with records waiting, or whose chain runs ahead of its tree (built before the tree existed). */
  async tenantsDue(): Promise<string[]> {
    const rows: { tenant_id: string }[] = await this.db.query(
      `SELECT DISTINCT tenant_id FROM storage.audit_pending
       UNION SELECT tenant_id FROM storage.audit_head WHERE seq > tree_base + tree_size`,
    );
    return rows.map((r) => r.tenant_id);
  }

  /**
   * How far sequencing is behind across tenants (for the metrics, at each scrape): records waiting, the age of the
   * oldest, and the age of the newest signed checkpoint (null before the first). Cheap: audit_pending is short.
   */
  async backlog(): Promise<{ pending: number; oldestAge: number; checkpointAge: number | null }> {
    const [row]: { pending: number; oldest_age: number | null; checkpoint_age: number | null }[] =
      await this.db.query(
        `SELECT (SELECT count(*) FROM storage.audit_pending)::int AS pending,
                (SELECT extract(epoch FROM now() - min(at)) FROM storage.audit_pending)::float8 AS oldest_age,
                (SELECT extract(epoch FROM now() - max(at)) FROM storage.audit_checkpoint)::float8 AS checkpoint_age`,
      );
    return {
      pending: row!.pending,
      oldestAge: Math.max(0, row!.oldest_age ?? 0),
      checkpointAge: row!.checkpoint_age === null ? null : Math.max(0, row!.checkpoint_age),
    };
  }

  /** How far sequencing is behind for a tenant: records waiting and the age of the oldest. */
  async lag(tenantId: string): Promise<{ pending: number; oldestAt: string | null }> {
    const [row]: { pending: string; oldest: Date | null }[] = await this.db.query(
      `SELECT count(*)::text AS pending, min(at) AS oldest FROM storage.audit_pending WHERE tenant_id = $1`,
      [tenantId],
    );
    return {
      pending: Number(row!.pending),
      oldestAt: row!.oldest ? new Date(row!.oldest).toISOString() : null,
    };
  }
}
