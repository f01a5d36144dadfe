import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { type Actor, ChangeLog } from '../change-log/index.js';
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
  constructor(
    @Inject(CONSENT_DB) private readonly db: DataSource,
    private readonly changes: ChangeLog,
  ) {}

  async ensureTenant(id: string, name: string): Promise<void> {
    await this.db.query(`INSERT INTO consent.tenant (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [
      id,
      name,
    ]);
  }

  /** A new credential, created by `actor`, and the record of it (its id and scopes; never key or secret). */
  async insert(
    c: Omit<CredentialRecord, 'createdAt' | 'revokedAt'>,
    actor: Actor,
  ): Promise<CredentialRecord> {
    return this.changes.run(async ({ manager, record }) => {
      const [row]: CredentialRow[] = await manager.query(
        `INSERT INTO consent.credential (id, tenant_id, key, secret_hash, name, scopes)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [c.id, c.tenantId, c.key, c.secretHash, c.name, c.scopes],
      );
      await record(c.tenantId, actor, {
        action: 'credential.create',
        resource: 'credential',
        query: { credentialId: c.id, scopes: c.scopes },
      });
      return fromRow(row!);
    });
  }

  async findByKey(key: string): Promise<CredentialRecord | null> {
    const [row]: CredentialRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM consent.credential WHERE key = $1`,
      [key],
    );
    return row ? fromRow(row) : null;
  }

  /** A credential of the tenant by id, revoked or not. */
  async findById(tenantId: string, id: string): Promise<CredentialRecord | null> {
    const [row]: CredentialRow[] = await this.db.query(
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

  /** Revokes as `actor` and records it; false when no active credential has that key. */
  async revoke(key: string, actor: Actor): Promise<boolean> {
    return this.changes.run(async ({ manager, record }) => {
      // TypeORM answers an UPDATE with [rows, rowCount].
      const [rows]: [{ id: string; tenant_id: string }[], number] = await manager.query(
        `UPDATE consent.credential SET revoked_at = now() WHERE key = $1 AND revoked_at IS NULL
         RETURNING id, tenant_id`,
        [key],
      );
      const [revoked] = rows;
      if (!revoked) return false;
      await record(revoked.tenant_id, actor, {
        action: 'credential.revoke',
        resource: 'credential',
        query: { credentialId: revoked.id },
      });
      return true;
    });
  }

  /**
   * Revokes the tenant's credential `id` as `actor` and records it; the credential as it now is (a credential
   * revoked before is answered as it is, and not recorded again), or null when the tenant has none with that id.
   */
  async revokeById(tenantId: string, id: string, actor: Actor): Promise<CredentialRecord | null> {
    return this.changes.run(async ({ manager, record }) => {
      const [rows]: [CredentialRow[], number] = await manager.query(
        `UPDATE consent.credential SET revoked_at = now()
          WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
        [tenantId, id],
      );
      const [revoked] = rows;
      if (!revoked) {
        const [row]: CredentialRow[] = await manager.query(
          `SELECT ${COLUMNS} FROM consent.credential WHERE tenant_id = $1 AND id = $2`,
          [tenantId, id],
        );
        return row ? fromRow(row) : null;
      }
      await record(tenantId, actor, {
        action: 'credential.revoke',
        resource: 'credential',
        query: { credentialId: id },
      });
      return fromRow(revoked);
    });
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
