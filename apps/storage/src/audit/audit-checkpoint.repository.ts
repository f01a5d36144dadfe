// Signed checkpoints (storage.audit_checkpoint), through TypeORM. Writers hold the tenant's sequencer lock
// (AuditSequencerRepository.lock), so several storage replicas never keep two checkpoints of one head.
import type { AuditCheckpointV1 } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager, LessThan } from 'typeorm';

import { STORAGE_DB } from '../core/index.js';
import { AuditCheckpointEntity } from '../db/entities/audit-checkpoint.entity.js';

// `seq` is a bigint, which TypeORM hands over as text (it does not fit a JS number); the database orders it.
const fromEntity = (c: AuditCheckpointEntity): AuditCheckpointV1 => ({
  tenantId: c.tenantId,
  seq: c.seq,
  hash: c.hash,
  at: c.at.toISOString(),
  kind: c.kind,
  ...(c.treeSize !== null && { treeSize: c.treeSize }),
  ...(c.rootHash !== null && { rootHash: c.rootHash }),
  publicKeyId: c.publicKeyId,
  signature: c.signature,
});

export interface CheckpointPosition {
  seq: string;
  kind: string;
}

@Injectable()
export class AuditCheckpointRepository {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  private checkpoints(manager: EntityManager = this.db.manager) {
    return manager.getRepository(AuditCheckpointEntity);
  }

  /** False when that checkpoint exists already (the same head signed by another replica). */
  async insert(uow: UnitOfWork, checkpoint: AuditCheckpointV1): Promise<boolean> {
    const inserted = await this.checkpoints(uow.manager)
      .createQueryBuilder()
      .insert()
      .values({ ...checkpoint, at: new Date(checkpoint.at) })
      .orIgnore()
      .returning(['seq'])
      .execute();
    return (inserted.raw as unknown[]).length > 0;
  }

  /** The `seq` of the tenant's newest checkpoint of any kind; 0 when none. */
  async latestSeq(uow: UnitOfWork, tenantId: string): Promise<bigint> {
    const row = await this.checkpoints(uow.manager)
      .createQueryBuilder('c')
      .select('max(c.seq)::text', 'seq')
      .where({ tenantId })
      .getRawOne<{ seq: string | null }>();
    return BigInt(row?.seq ?? 0);
  }

  /** Where verification starts: the newest retention-start checkpoint, if the log was ever pruned. */
  async retentionStart(tenantId: string, uow?: UnitOfWork): Promise<AuditCheckpointV1 | null> {
    const found = await this.checkpoints(uow?.manager).findOne({
      where: { tenantId, kind: 'retention-start' },
      order: { seq: 'DESC' },
    });
    return found ? fromEntity(found) : null;
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
    const query = this.checkpoints(uow?.manager).createQueryBuilder('c').where({ tenantId });
    // A row comparison: the page's position is the pair (seq, kind), the order of the primary key's tail.
    if (after) {
      query.andWhere(`(c.seq, c.kind) ${order === 'asc' ? '>' : '<'} (:seq::bigint, :kind::text)`, {
        seq: after.seq,
        kind: after.kind,
      });
    }
    const rows = await query
      .orderBy('c.seq', direction)
      .addOrderBy('c.kind', direction)
      .limit(limit)
      .getMany();
    return rows.map(fromEntity);
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

  /** The checkpoints signed in [from, to), in chain order, at most `limit`. */
  async signedBetween(
    tenantId: string,
    from: string,
    to: string,
    limit: number,
    uow?: UnitOfWork,
  ): Promise<AuditCheckpointV1[]> {
    const rows = await this.checkpoints(uow?.manager)
      .createQueryBuilder('c')
      .where({ tenantId })
      .andWhere('c.at >= :from AND c.at < :to', { from, to })
      .orderBy('c.seq', 'ASC')
      .addOrderBy('c.kind', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(fromEntity);
  }

  /** Drops the checkpoints of pruned records; the retention-start checkpoint at `seq` stays. */
  async deleteBefore(uow: UnitOfWork, tenantId: string, seq: bigint): Promise<void> {
    await this.checkpoints(uow.manager).delete({ tenantId, seq: LessThan(seq.toString()) });
  }

  /** Tenants whose chain has moved since their newest checkpoint (or that have none yet). */
  async tenantsDue(): Promise<string[]> {
    // Raw SQL (ADR 0008): a correlated max over another table (audit_head), which the builder would obscure.
    const rows: { tenant_id: string }[] = await this.db.query(
      `SELECT h.tenant_id FROM storage.audit_head h
        WHERE h.seq > COALESCE((SELECT max(c.seq) FROM storage.audit_checkpoint c WHERE c.tenant_id = h.tenant_id), 0)
        ORDER BY h.tenant_id`,
    );
    return rows.map((r) => r.tenant_id);
  }
}
