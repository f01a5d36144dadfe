// consent.consent_grant, objection and consent_receipt. Reads and receipts go through TypeORM; the writes that
// answer with the transaction's now() (for the receipt) and whether they changed anything stay raw SQL. Every query is bounded by the tenant and the
// person, so another tenant's or learner's record is never read or changed. Writes take the unit of work of the
// service making the change.
import { ConflictError, type ConsentReceiptV1, type GrantScopeV1 } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, IsNull } from 'typeorm';

import { CONSENT_DB } from '../db/data-source.js';
import { ConsentGrantEntity } from '../db/entities/consent-grant.entity.js';
import { ConsentReceiptEntity } from '../db/entities/consent-receipt.entity.js';
import { PolicyEntity } from '../db/entities/policy.entity.js';

export interface GrantRecord {
  id: string;
  policyId: string;
  policyVersion: number;
  scope: GrantScopeV1;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface ObjectionRecord {
  id: string;
  policyId: string;
  withdrawnAt: Date | null;
}

/** A record as a statement left it, with the transaction's time (`now()`, for the receipt). */
export interface Written<T> {
  record: T;
  now: Date;
}

/** A revocation or withdrawal; `changed` is false when the record was revoked or withdrawn before. */
export interface Ended<T> extends Written<T> {
  changed: boolean;
}

interface GrantRow {
  id: string;
  policy_id: string;
  policy_version: number;
  scope: GrantScopeV1;
  expires_at: Date | null;
  revoked_at: Date | null;
}

interface ObjectionRow {
  id: string;
  policy_id: string;
  withdrawn_at: Date | null;
}

const grantOf = (r: GrantRow): GrantRecord => ({
  id: r.id,
  policyId: r.policy_id,
  policyVersion: r.policy_version,
  scope: r.scope,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

const objectionOf = (r: ObjectionRow): ObjectionRecord => ({
  id: r.id,
  policyId: r.policy_id,
  withdrawnAt: r.withdrawn_at,
});

@Injectable()
export class GrantRepository {
  constructor(@Inject(CONSENT_DB) private readonly db: DataSource) {}

  /** The learner's unrevoked grants (expired ones included), newest first. */
  async grantsOf(tenantId: string, personId: string): Promise<GrantRecord[]> {
    const rows = await this.db.getRepository(ConsentGrantEntity).find({
      select: {
        id: true,
        policyId: true,
        policyVersion: true,
        scope: true,
        expiresAt: true,
        revokedAt: true,
      },
      where: { tenantId, personId, revokedAt: IsNull() },
      order: { grantedAt: 'DESC' },
    });
    return rows.map(({ id, policyId, policyVersion, scope, expiresAt, revokedAt }) => ({
      id,
      policyId,
      policyVersion,
      scope,
      expiresAt,
      revokedAt,
    }));
  }

  /** Whether `at` is later than the database's clock (which the access views judge expiry by); null: never. */
  async inFuture(uow: UnitOfWork, at: Date | null): Promise<boolean> {
    // Raw SQL (ADR 0008): a question to the database's clock, no table.
    const [{ future }] = await uow.manager.query<[{ future: boolean }]>(
      `SELECT $1::timestamptz IS NULL OR $1::timestamptz > now() AS future`,
      [at],
    );
    return future;
  }

  /**
   * Serialises the consent changes of one learner (row lock on their person row until the unit of work ends), so
   * a check of their grants and the insert that follows cannot interleave with another request of theirs. A lock
   * rather than a unique index: whether a grant is active depends on now() (expiry) and on the policy's current
   * version, which no index predicate can express.
   */
  async lockLearner(uow: UnitOfWork, tenantId: string, personId: string): Promise<void> {
    // Raw SQL (ADR 0008): FOR NO KEY UPDATE, a lock mode the query builder does not name.
    await uow.manager.query(
      `SELECT 1 FROM consent.person WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE`,
      [tenantId, personId],
    );
  }

  /** An unrevoked, unexpired grant of the learner for the policy's current version (as consent.active_grant_subject). */
  async hasActiveGrant(
    uow: UnitOfWork,
    tenantId: string,
    personId: string,
    policyId: string,
  ): Promise<boolean> {
    return uow.manager
      .getRepository(ConsentGrantEntity)
      .createQueryBuilder('g')
      .innerJoin(
        PolicyEntity,
        'p',
        'p.id = g.policyId AND p.version = g.policyVersion AND p.supersededAt IS NULL',
      )
      .where({ tenantId, personId, policyId, revokedAt: IsNull() })
      .andWhere('(g.expiresAt IS NULL OR g.expiresAt > now())')
      .getExists();
  }

  async insertGrant(
    uow: UnitOfWork,
    tenantId: string,
    personId: string,
    grant: Omit<GrantRecord, 'revokedAt'>,
  ): Promise<Written<GrantRecord>> {
    // Raw SQL (ADR 0008) for the writes below: each answers with the transaction's now() for the receipt.
    const [row] = await uow.manager.query<(GrantRow & { now: Date })[]>(
      `INSERT INTO consent.consent_grant (id, tenant_id, policy_id, policy_version, person_id, scope, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, policy_id, policy_version, scope, expires_at, revoked_at, now() AS now`,
      [grant.id, tenantId, grant.policyId, grant.policyVersion, personId, grant.scope, grant.expiresAt],
    );
    return { record: grantOf(row!), now: row!.now };
  }

  /** Revokes the learner's grant, if not revoked before; null when the learner has no such grant. */
  async revokeGrant(
    uow: UnitOfWork,
    tenantId: string,
    personId: string,
    grantId: string,
  ): Promise<Ended<GrantRecord> | null> {
    // now() is this transaction's start time: revoked_at equals it only when this statement set it.
    const [rows] = await uow.manager.query<[(GrantRow & { now: Date; changed: boolean })[], number]>(
      `UPDATE consent.consent_grant SET revoked_at = coalesce(revoked_at, now())
        WHERE tenant_id = $1 AND person_id = $2 AND id = $3
        RETURNING id, policy_id, policy_version, scope, expires_at, revoked_at, now() AS now,
          revoked_at = now() AS changed`,
      [tenantId, personId, grantId],
    );
    const [updated] = rows;
    return updated ? { record: grantOf(updated), now: updated.now, changed: updated.changed } : null;
  }

  /** A standing objection; a second one to the same policy (unique index objection_standing_key) is a 409. */
  async insertObjection(
    uow: UnitOfWork,
    tenantId: string,
    personId: string,
    id: string,
    policyId: string,
  ): Promise<Written<ObjectionRecord>> {
    const [row] = await uow.manager
      .query<(ObjectionRow & { now: Date })[]>(
        `INSERT INTO consent.objection (id, tenant_id, policy_id, person_id) VALUES ($1, $2, $3, $4)
         RETURNING id, policy_id, withdrawn_at, now() AS now`,
        [id, tenantId, policyId, personId],
      )
      .catch(standingObjectionConflict);
    return { record: objectionOf(row!), now: row!.now };
  }

  /** Withdraws the learner's objection, if not withdrawn before; null when the learner has no such objection. */
  async withdrawObjection(
    uow: UnitOfWork,
    tenantId: string,
    personId: string,
    objectionId: string,
  ): Promise<Ended<ObjectionRecord> | null> {
    // now() is this transaction's start time: withdrawn_at equals it only when this statement set it.
    const [rows] = await uow.manager.query<[(ObjectionRow & { now: Date; changed: boolean })[], number]>(
      `UPDATE consent.objection SET withdrawn_at = coalesce(withdrawn_at, now())
        WHERE tenant_id = $1 AND person_id = $2 AND id = $3
        RETURNING id, policy_id, withdrawn_at, now() AS now, withdrawn_at = now() AS changed`,
      [tenantId, personId, objectionId],
    );
    const [updated] = rows;
    return updated ? { record: objectionOf(updated), now: updated.now, changed: updated.changed } : null;
  }

  async storeReceipt(
    uow: UnitOfWork,
    tenantId: string,
    personId: string,
    receipt: ConsentReceiptV1,
  ): Promise<ConsentReceiptV1> {
    await uow.manager.getRepository(ConsentReceiptEntity).insert({
      id: receipt.receiptId,
      tenantId,
      personId,
      createdAt: new Date(receipt.timestamp),
      receipt,
    });
    return receipt;
  }

  /** The first receipt with this status for the grant or objection, if one was stored. */
  async firstReceipt(
    uow: UnitOfWork,
    tenantId: string,
    personId: string,
    recordId: string,
    status: ConsentReceiptV1['status'],
  ): Promise<ConsentReceiptV1 | null> {
    const found = await uow.manager
      .getRepository(ConsentReceiptEntity)
      .createQueryBuilder('r')
      .select(['r.id', 'r.receipt'])
      .where({ tenantId, personId })
      .andWhere(`r.receipt->'record'->>'id' = :recordId AND r.receipt->>'status' = :status`, {
        recordId,
        status,
      })
      .orderBy('r.createdAt')
      .addOrderBy('r.id')
      .getOne();
    return found?.receipt ?? null;
  }

  /** Every receipt of the person, oldest first. */
  async receiptsOf(tenantId: string, personId: string): Promise<ConsentReceiptV1[]> {
    const found = await this.db.getRepository(ConsentReceiptEntity).find({
      select: { id: true, receipt: true },
      where: { tenantId, personId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return found.map((r) => r.receipt);
  }

  async receipt(tenantId: string, personId: string, id: string): Promise<ConsentReceiptV1 | null> {
    const found = await this.db
      .getRepository(ConsentReceiptEntity)
      .findOne({ select: { id: true, receipt: true }, where: { tenantId, personId, id } });
    return found?.receipt ?? null;
  }
}

/** A second standing objection to the same policy (the unique index objection_standing_key) is a 409. */
function standingObjectionConflict(err: unknown): never {
  const e = err as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  if (
    (e.driverError?.code ?? e.code) === '23505' &&
    (e.driverError?.constraint ?? e.constraint) === 'objection_standing_key'
  ) {
    throw new ConflictError(
      'you already object to this policy; withdraw that objection first if you want to object again',
    );
  }
  throw err;
}
