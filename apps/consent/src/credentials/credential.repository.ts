// consent.credential and consent.tenant through TypeORM. Writes take the unit of work of the service making the change.
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';

import { CONSENT_DB } from '../db/data-source.js';
import { CredentialEntity } from '../db/entities/credential.entity.js';
import { TenantEntity } from '../db/entities/tenant.entity.js';
import { THROTTLE_COLUMNS, type ThrottleRow } from '../tokens/index.js';

export interface CredentialRecord {
  id: string;
  tenantId: string;
  key: string;
  secretHash: string;
  name: string;
  scopes: string[];
  /** The policy whose purpose it writes for; null: unbound. */
  writePolicyId: string | null;
  createdAt: string;
  revokedAt: string | null;
}

const fromEntity = (c: CredentialEntity): CredentialRecord => ({
  id: c.id,
  tenantId: c.tenantId,
  key: c.key,
  secretHash: c.secretHash,
  name: c.name,
  scopes: c.scopes,
  writePolicyId: c.writePolicyId,
  createdAt: c.createdAt.toISOString(),
  revokedAt: c.revokedAt ? c.revokedAt.toISOString() : null,
});

/** consent.credential's columns as findByKeyWithThrottle names them (all null when no credential has the key). */
interface CredentialColumns {
  c_id: string;
  c_tenant_id: string;
  c_key: string;
  c_secret_hash: string;
  c_name: string;
  c_scopes: string[];
  c_write_policy_id: string | null;
  c_created_at: Date;
  c_revoked_at: Date | null;
}

@Injectable()
export class CredentialRepository {
  constructor(@Inject(CONSENT_DB) private readonly db: DataSource) {}

  private credentials(manager: EntityManager = this.db.manager) {
    return manager.getRepository(CredentialEntity);
  }

  async ensureTenant(id: string, name: string): Promise<void> {
    await this.db
      .getRepository(TenantEntity)
      .createQueryBuilder()
      .insert()
      .values({ id, name })
      .orIgnore()
      .execute();
  }

  async insert(
    uow: UnitOfWork,
    c: Omit<CredentialRecord, 'createdAt' | 'revokedAt'>,
  ): Promise<CredentialRecord> {
    const repo = this.credentials(uow.manager);
    // insert() fills the database's defaults (created_at, revoked_at) into the entity from its RETURNING.
    const entity = repo.create({ ...c, revokedAt: null });
    await repo.insert(entity);
    return fromEntity(entity);
  }

  /**
   * The credential with this key and the sign-in throttle's rows of `subjects`, in one statement: an HTTP Basic
   * request whose secret was verified before needs both, and nothing else from the database (one round trip, not
   * two). Both are read afresh on every request, so a revocation or a back-off counts for the next one.
   */
  async findByKeyWithThrottle(
    key: string,
    subjects: string[],
  ): Promise<{ credential: CredentialRecord | null; throttle: ThrottleRow[] }> {
    const rows = await this.db.query<(ThrottleRow & CredentialColumns)[]>(
      `SELECT c.id AS c_id, c.tenant_id AS c_tenant_id, c.key AS c_key, c.secret_hash AS c_secret_hash,
              c.name AS c_name, c.scopes AS c_scopes,
              c.write_policy_id AS c_write_policy_id, c.created_at AS c_created_at, c.revoked_at AS c_revoked_at,
              ${THROTTLE_COLUMNS}
         FROM (SELECT 1) one
         LEFT JOIN consent.credential c ON c.key = $1
         LEFT JOIN consent.sign_in_throttle t ON t.subject = ANY($2::text[])
        ORDER BY t.subject`,
      [key, subjects],
    );
    const c = rows[0]!;
    return {
      credential:
        c.c_id === null
          ? null
          : {
              id: c.c_id,
              tenantId: c.c_tenant_id,
              key: c.c_key,
              secretHash: c.c_secret_hash,
              name: c.c_name,
              scopes: c.c_scopes,
              writePolicyId: c.c_write_policy_id,
              createdAt: c.c_created_at.toISOString(),
              revokedAt: c.c_revoked_at ? c.c_revoked_at.toISOString() : null,
            },
      throttle: rows.filter((r) => r.subject !== null),
    };
  }

  async findByKey(key: string): Promise<CredentialRecord | null> {
    const found = await this.credentials().findOneBy({ key });
    return found ? fromEntity(found) : null;
  }

  /** A credential of the tenant by id, revoked or not (read in `uow` when given). */
  async findById(tenantId: string, id: string, uow?: UnitOfWork): Promise<CredentialRecord | null> {
    const found = await this.credentials(uow?.manager).findOneBy({ tenantId, id });
    return found ? fromEntity(found) : null;
  }

  async list(tenantId?: string): Promise<CredentialRecord[]> {
    const rows = tenantId
      ? await this.credentials().find({ where: { tenantId }, order: { createdAt: 'ASC' } })
      : await this.credentials().find({ order: { tenantId: 'ASC', createdAt: 'ASC' } });
    return rows.map(fromEntity);
  }

  /** Revokes the active credential with this key; which one it was, or null when none has that key. */
  async revoke(uow: UnitOfWork, key: string): Promise<{ id: string; tenantId: string } | null> {
    const repo = this.credentials(uow.manager);
    const { affected } = await repo.update({ key, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    if (!affected) return null;
    // Keys are unique; read back in the same transaction, which holds the row's lock since the UPDATE.
    const { id, tenantId } = await repo.findOneOrFail({
      where: { key },
      select: { id: true, tenantId: true },
    });
    return { id, tenantId };
  }

  /** Revokes the tenant's active credential `id`; the credential as it now is, or null when none was active. */
  async revokeById(uow: UnitOfWork, tenantId: string, id: string): Promise<CredentialRecord | null> {
    const repo = this.credentials(uow.manager);
    const { affected } = await repo.update(
      { tenantId, id, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
    if (!affected) return null;
    // Read back in the same transaction, which holds the row's lock since the UPDATE.
    return fromEntity(await repo.findOneByOrFail({ tenantId, id }));
  }

  /** Binds the tenant's credential `id` to a policy's purpose (null: unbinds); the credential as it now is. */
  async bind(
    uow: UnitOfWork,
    tenantId: string,
    id: string,
    writePolicyId: string | null,
  ): Promise<CredentialRecord | null> {
    const repo = this.credentials(uow.manager);
    const { affected } = await repo.update({ tenantId, id }, { writePolicyId });
    if (!affected) return null;
    return fromEntity(await repo.findOneByOrFail({ tenantId, id }));
  }

  /** Whether the tenant has a current policy `policyId` (a credential may be bound to it). */
  async policyExists(tenantId: string, policyId: string, uow?: UnitOfWork): Promise<boolean> {
    const rows = await (uow?.manager ?? this.db.manager).query<unknown[]>(
      `SELECT 1 FROM consent.policy WHERE tenant_id = $1 AND id = $2 AND superseded_at IS NULL`,
      [tenantId, policyId],
    );
    return rows.length > 0;
  }

  async count(): Promise<number> {
    return this.credentials().count();
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
