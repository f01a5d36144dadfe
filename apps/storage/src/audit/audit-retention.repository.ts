// The SQL of pruning the audit log (docs/audit.md "Retention"): which records are old enough, and removing them.
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { STORAGE_DB } from '../core/index.js';

@Injectable()
export class AuditRetentionRepository {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  /** The newest record written before `cutoff`, if any: pruning removes it and every record before it. */
  async lastRecordBefore(
    tenantId: string,
    cutoff: Date,
    uow?: UnitOfWork,
  ): Promise<{ seq: bigint; hash: string } | null> {
    // max(seq) over the (tenant_id, at) index reads only the old records, not the recent ones before them.
    const [row]: { seq: string; hash: string }[] = await (uow?.manager ?? this.db).query(
      `SELECT r.seq::text AS seq, r.hash FROM storage.audit_record r
        WHERE r.tenant_id = $1
          AND r.seq = (SELECT max(o.seq) FROM storage.audit_record o WHERE o.tenant_id = $1 AND o.at < $2)`,
      [tenantId, cutoff],
    );
    return row ? { seq: BigInt(row.seq), hash: row.hash } : null;
  }

  /** The hash of record `seq` as it is now (the caller holds the tenant's head lock). */
  async hashOf(uow: UnitOfWork, tenantId: string, seq: bigint): Promise<string | null> {
    const [row]: { hash: string }[] = await uow.manager.query(
      `SELECT hash FROM storage.audit_record WHERE tenant_id = $1 AND seq = $2`,
      [tenantId, seq.toString()],
    );
    return row?.hash ?? null;
  }

  /** Removes records up to and including `seq`; returns how many. */
  async deleteThrough(uow: UnitOfWork, tenantId: string, seq: bigint): Promise<number> {
    const [, count]: [unknown, number] = await uow.manager.query(
      `DELETE FROM storage.audit_record WHERE tenant_id = $1 AND seq <= $2`,
      [tenantId, seq.toString()],
    );
    return count;
  }

  /** Tenants holding records written before `cutoff`. */
  async tenantsWithRecordsBefore(cutoff: Date): Promise<string[]> {
    const rows: { tenant_id: string }[] = await this.db.query(
      `SELECT h.tenant_id FROM storage.audit_head h
        WHERE EXISTS (SELECT 1 FROM storage.audit_record r WHERE r.tenant_id = h.tenant_id AND r.at < $1)
        ORDER BY h.tenant_id`,
      [cutoff],
    );
    return rows.map((r) => r.tenant_id);
  }
}
