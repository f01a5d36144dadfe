// SQL over consent.credential. Writes take the unit of work of the service making the change.
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { CONSENT_DB } from '../db/data-source.js';

export interface CredentialRecord {
  id: string;
  tenantId: string;
  key: string;
  secretHash: string;
  name: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
}

interface CredentialRow {
  id: string;
  tenant_id: string;
  key: string;
  secret_hash: string;
  name: string;
  scopes: string[];
  created_at: Date;
  revoked_at: Date | null;
}

const fromRow = (r: CredentialRow): CredentialRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  key: r.key,
  secretHash: r.secret_hash,
  name: r.name,
  scopes: r.scopes,
  createdAt: new Date(r.created_at).toISOString(),
  revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
});

const COLUMNS = 'id, tenant_id, key, secret_hash, name, scopes, created_at, revoked_at';

@Injectable()
export class CredentialRepository {
  constructor(@Inject(CONSENT_DB) private readonly db: DataSource) {}

  async ensureTenant(id: string, name: string): Promise<void> {
    await this.db.query(`INSERT INTO consent.tenant (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [
      id,
      name,
    ]);
  }

  async insert(
    uow: UnitOfWork,
    c: Omit<CredentialRecord, 'createdAt' | 'revokedAt'>,
  ): Promise<CredentialRecord> {
    const [row]: CredentialRow[] = await uow.manager.query(
      `INSERT INTO consent.credential (id, tenant_id, key, secret_hash, name, scopes)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [c.id, c.tenantId, c.key, c.secretHash, c.name, c.scopes],
    );
    return fromRow(row!);
  }

  async findByKey(key: string): Promise<CredentialRecord | null> {
    const [row]: CredentialRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM consent.credential WHERE key = $1`,
      [key],
    );
    return row ? fromRow(row) : null;
  }

  /** A credential of the tenant by id, revoked or not (read in `uow` when given). */
  async findById(tenantId: string, id: string, uow?: UnitOfWork): Promise<CredentialRecord | null> {
    const [row]: CredentialRow[] = await (uow?.manager ?? this.db).query(
      `SELECT ${COLUMNS} FROM consent.credential WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return row ? fromRow(row) : null;
  }

  async list(tenantId?: string): Promise<CredentialRecord[]> {
    const rows: CredentialRow[] = tenantId
      ? await this.db.query(
          `SELECT ${COLUMNS} FROM consent.credential WHERE tenant_id = $1 ORDER BY created_at`,
          [tenantId],
        )
      : await this.db.query(`SELECT ${COLUMNS} FROM consent.credential ORDER BY tenant_id, created_at`);
    return rows.map(fromRow);
  }

  /** Revokes the active credential with this key; which one it was, or null when none has that key. */
  async revoke(uow: UnitOfWork, key: string): Promise<{ id: string; tenantId: string } | null> {
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [rows]: [{ id: string; tenant_id: string }[], number] = await uow.manager.query(
      `UPDATE consent.credential SET revoked_at = now() WHERE key = $1 AND revoked_at IS NULL
       RETURNING id, tenant_id`,
      [key],
    );
    const [revoked] = rows;
    return revoked ? { id: revoked.id, tenantId: revoked.tenant_id } : null;
  }

  /** Revokes the tenant's active credential `id`; the credential as it now is, or null when none was active. */
  async revokeById(uow: UnitOfWork, tenantId: string, id: string): Promise<CredentialRecord | null> {
    const [rows]: [CredentialRow[], number] = await uow.manager.query(
      `UPDATE consent.credential SET revoked_at = now()
        WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
      [tenantId, id],
    );
    const [revoked] = rows;
    return revoked ? fromRow(revoked) : null;
  }

  async count(): Promise<number> {
    const [row]: { n: string }[] = await this.db.query(`SELECT count(*)::text AS n FROM consent.credential`);
    return Number(row!.n);
  }

  /**
   * Runs `work` while holding a database-wide advisory lock, so that two consent replicas
   * starting together do not both create the first credential.
   */
  async withBootstrapLock<T>(work: () => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext('custos.consent.bootstrap'))`);
      return await work();
    } finally {
      await runner
        .query(`SELECT pg_advisory_unlock(hashtext('custos.consent.bootstrap'))`)
        .catch(() => undefined);
      await runner.release();
    }
  }
}
