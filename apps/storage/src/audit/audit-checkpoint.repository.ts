// The SQL of signed checkpoints (storage.audit_checkpoint). Writers hold the tenant's audit_head row lock
// (AuditRepository.lockHead), so several storage replicas never sign two checkpoints of one head.
import type { AuditCheckpointV1 } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { STORAGE_DB } from '../core/index.js';

interface CheckpointRow {
  tenant_id: string;
  seq: string;
  hash: string;
  at: Date;
  kind: AuditCheckpointV1['kind'];
  public_key_id: string;
  signature: string;
}

// `seq` goes out as text (a bigint does not fit a JS number); ORDER BY must therefore name the column `c.seq`,
// as a bare `seq` would sort the text alias (10 before 9).
const COLUMNS = 'c.tenant_id, c.seq::text AS seq, c.hash, c.at, c.kind, c.public_key_id, c.signature';

const fromRow = (r: CheckpointRow): AuditCheckpointV1 => ({
  tenantId: r.tenant_id,
  seq: r.seq,
  hash: r.hash,
  at: new Date(r.at).toISOString(),
  kind: r.kind,
  publicKeyId: r.public_key_id,
  signature: r.signature,
});

export interface CheckpointPosition {
  seq: string;
  kind: string;
}

@Injectable()
export class AuditCheckpointRepository {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  /** False when that checkpoint exists already (the same head signed by another replica). */
  async insert(uow: UnitOfWork, checkpoint: AuditCheckpointV1): Promise<boolean> {
    const rows: unknown[] = await uow.manager.query(
      `INSERT INTO storage.audit_checkpoint (tenant_id, seq, hash, at, kind, public_key_id, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING seq`,
      [
        checkpoint.tenantId,
        checkpoint.seq,
        checkpoint.hash,
        checkpoint.at,
        checkpoint.kind,
        checkpoint.publicKeyId,
        checkpoint.signature,
      ],
    );
    return rows.length > 0;
  }

  /** The `seq` of the tenant's newest checkpoint of any kind; 0 when none. */
  async latestSeq(uow: UnitOfWork, tenantId: string): Promise<bigint> {
    const [row]: { seq: string | null }[] = await uow.manager.query(
      `SELECT max(seq)::text AS seq FROM storage.audit_checkpoint WHERE tenant_id = $1`,
      [tenantId],
    );
    return BigInt(row?.seq ?? 0);
  }

  /** Where verification starts: the newest retention-start checkpoint, if the log was ever pruned. */
  async retentionStart(tenantId: string, uow?: UnitOfWork): Promise<AuditCheckpointV1 | null> {
    const [row]: CheckpointRow[] = await (uow?.manager ?? this.db).query(
      `SELECT ${COLUMNS} FROM storage.audit_checkpoint c
        WHERE c.tenant_id = $1 AND c.kind = 'retention-start' ORDER BY c.seq DESC LIMIT 1`,
      [tenantId],
    );
    return row ? fromRow(row) : null;
  }

  /** A page of the tenant's checkpoints in (seq, kind) order, after `after` in that order. */
  async page(
    tenantId: string,
    order: 'asc' | 'desc',
    after: CheckpointPosition | undefined,
    limit: number,
    uow?: UnitOfWork,
  ): Promise<AuditCheckpointV1[]> {
    const direction = order === 'asc' ? 'ASC' : 'DESC';
    const past = after ? `AND (c.seq, c.kind) ${order === 'asc' ? '>' : '<'} ($3::bigint, $4::text)` : '';
    const rows: CheckpointRow[] = await (uow?.manager ?? this.db).query(
      `SELECT ${COLUMNS} FROM storage.audit_checkpoint c WHERE c.tenant_id = $1 ${past}
        ORDER BY c.seq ${direction}, c.kind ${direction} LIMIT $2`,
      after ? [tenantId, limit, after.seq, after.kind] : [tenantId, limit],
    );
    return rows.map(fromRow);
  }

  /** Every checkpoint of the tenant in chain order, a page at a time. */
  async *all(tenantId: string, pageSize: number, uow?: UnitOfWork): AsyncGenerator<AuditCheckpointV1> {
    let after: CheckpointPosition | undefined;
    for (;;) {
      const page = await this.page(tenantId, 'asc', after, pageSize, uow);
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1]!;
    }
  }

  /** Drops the checkpoints of pruned records; the retention-start checkpoint at `seq` stays. */
  async deleteBefore(uow: UnitOfWork, tenantId: string, seq: bigint): Promise<void> {
    await uow.manager.query(`DELETE FROM storage.audit_checkpoint WHERE tenant_id = $1 AND seq < $2`, [
      tenantId,
      seq.toString(),
    ]);
  }

  /** Tenants whose chain has moved since their newest checkpoint (or that have none yet). */
  async tenantsDue(): Promise<string[]> {
    const rows: { tenant_id: string }[] = await this.db.query(
      `SELECT h.tenant_id FROM storage.audit_head h
        WHERE h.seq > COALESCE((SELECT max(c.seq) FROM storage.audit_checkpoint c WHERE c.tenant_id = h.tenant_id), 0)
        ORDER BY h.tenant_id`,
    );
    return rows.map((r) => r.tenant_id);
  }
}
