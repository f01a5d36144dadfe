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
import { type AuditHead, fromRow, HEAD_COLUMNS, headOf, type HeadRow } from './audit.repository.js';

/** A stored node of the tree: the complete subtree (level, index), its hash in hex. */
export interface StoredNode {
  level: number;
  index: number;
  hash: string;
}

export interface PendingRow {
  id: string;
  record: PendingAuditRecord;
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

const PENDING_COLUMNS =
  'p.id::text AS id, p.tenant_id, NULL::text AS seq, p.at, p.principal_id, p.action, p.query, p.decision, p.count, ' +
  'p.reason, NULL::text AS prev_hash, NULL::text AS hash, p.request_id, p.principal_kind, p.resource, ' +
  'p.returned_ids, p.returned_digest, p.basis, p.learner_keys, p.event_id';

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
      `SELECT ${fn}(hashtextextended('custos.audit.sequencer:' || $1, 0))${wait ? ' IS NULL' : ''} AS locked`,
      [tenantId],
    );
    // pg_advisory_xact_lock returns void (NULL): having returned, it holds the lock.
    return wait ? true : row!.locked === true;
  }

  /** The tenant's head, created at genesis on its first record. */
  async head(uow: UnitOfWork, tenantId: string): Promise<AuditHead> {
    const select = () =>
      preparedQuery<HeadRow>(uow, `SELECT ${HEAD_COLUMNS} FROM storage.audit_head WHERE tenant_id = $1`, [
        tenantId,
      ]);
    let [row] = await select();
    if (!row) {
      await uow.manager.query(
        `INSERT INTO storage.audit_head (tenant_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (tenant_id) DO NOTHING`,
        [tenantId, GENESIS_HASH],
      );
      [row] = await select();
    }
    return headOf(row!);
  }

  /** The oldest pending records of the tenant, in the order they were written. */
  async pending(uow: UnitOfWork, tenantId: string, limit: number): Promise<PendingRow[]> {
    const rows = await preparedQuery<HeadlessRow & { id: string }>(
      uow,
      `SELECT ${PENDING_COLUMNS} FROM storage.audit_pending p WHERE p.tenant_id = $1 ORDER BY p.id LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map((row) => {
      const { seq: _seq, prevHash: _prev, hash: _hash, ...record } = fromRow(row);
      return { id: row.id, record };
    });
  }

  /** Of these event ids, those whose record is in the chain already (a redelivered event written twice). */
  async eventsInChain(uow: UnitOfWork, tenantId: string, eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows: { event_id: string }[] = await uow.manager.query(
      `SELECT event_id FROM storage.audit_record WHERE tenant_id = $1 AND event_id = ANY($2::text[])`,
      [tenantId, eventIds],
    );
    return new Set(rows.map((r) => r.event_id));
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
   * and removes what was sequenced (and `dropped`: events already in the chain). Five statements, whatever the
   * batch size.
   */
  async commit(
    uow: UnitOfWork,
    tenantId: string,
    placements: readonly Placement[],
    dropped: readonly string[],
    nodes: readonly StoredNode[],
    head: SignedHead,
  ): Promise<void> {
    if (placements.length > 0) {
      await preparedQuery(
        uow,
        `INSERT INTO storage.audit_record
           (tenant_id, seq, at, principal_id, action, query, decision, count, reason, prev_hash, hash,
            request_id, principal_kind, resource, returned_ids, returned_digest, basis, learner_keys, event_id)
         SELECT p.tenant_id, x.seq, p.at, p.principal_id, p.action, p.query, p.decision, p.count, p.reason,
                x.prev_hash, x.hash, p.request_id, p.principal_kind, p.resource, p.returned_ids, p.returned_digest,
                p.basis, p.learner_keys, p.event_id
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS x(id, seq, prev_hash, hash)
           JOIN storage.audit_pending p ON p.id = x.id`,
        [
          placements.map((p) => p.id),
          placements.map((p) => p.seq.toString()),
          placements.map((p) => p.prevHash),
          placements.map((p) => p.hash),
        ],
      );
    }
    if (nodes.length > 0) {
      await preparedQuery(
        uow,
        `INSERT INTO storage.audit_tree_node (tenant_id, level, idx, hash)
         SELECT $1, w.level, w.idx, decode(w.hash, 'hex')
           FROM unnest($2::smallint[], $3::bigint[], $4::text[]) AS w(level, idx, hash)`,
        [tenantId, nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash)],
      );
    }
    await preparedQuery(
      uow,
      `UPDATE storage.audit_head
          SET seq = $2, hash = $3, tree_base = $4, tree_size = $5, root_hash = $6, signed_at = $7,
              public_key_id = $8, signature = $9
        WHERE tenant_id = $1`,
      [
        tenantId,
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
    const removed = [...placements.map((p) => p.id), ...dropped];
    if (removed.length > 0) {
      await uow.manager.query(`DELETE FROM storage.audit_pending WHERE id = ANY($1::bigint[])`, [removed]);
    }
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

type HeadlessRow = Parameters<typeof fromRow>[0];
