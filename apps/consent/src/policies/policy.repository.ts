// SQL over consent.policy, consent_grant, objection and consent_receipt. Every query is bounded by the tenant
// (and, for a learner's records, by the person), so another tenant's or person's row is never read or changed.
import {
  BadRequestError,
  ConflictError,
  type ConsentChangedV1,
  type ConsentReceiptV1,
  type GrantScopeV1,
  type PolicyBodyV1,
  type PolicyCountsV1,
  type PolicyViewV1,
} from '@custos/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { type Actor, ChangeLog, consentChange, policyChanged, receiptChanged } from '../change-log/index.js';
import { CONSENT_DB } from '../db/data-source.js';

interface PolicyRow {
  id: string;
  version: number;
  tenant_id: string;
  grantee_kind: PolicyViewV1['grantee']['kind'];
  grantee_id: string;
  purpose_code: string;
  purpose_text: string;
  lawful_basis: PolicyViewV1['lawfulBasis'];
  scope: PolicyViewV1['scope'];
  redact_fields: string[];
  created_at: Date;
  created_by: string;
  superseded_at: Date | null;
}

const POLICY_COLUMNS = `p.id, p.version, p.tenant_id, p.grantee_kind, p.grantee_id, p.purpose_code, p.purpose_text,
  p.lawful_basis, p.scope, p.redact_fields, p.created_at, p.created_by, p.superseded_at`;

const viewOf = (r: PolicyRow): PolicyViewV1 => ({
  id: r.id,
  version: r.version,
  tenantId: r.tenant_id,
  grantee: { kind: r.grantee_kind, id: r.grantee_id },
  purpose: { code: r.purpose_code, text: r.purpose_text },
  lawfulBasis: r.lawful_basis,
  scope: r.scope,
  redactFields: r.redact_fields,
  createdAt: r.created_at.toISOString(),
  createdBy: r.created_by,
  supersededAt: r.superseded_at ? r.superseded_at.toISOString() : null,
});

export interface GranteeKeys {
  credentialId?: string;
  personId?: string;
  roles: readonly string[];
  groupIds: readonly string[];
}

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

/** A change to a learner's consent record, written together with its receipt. */
export type ReceiptOf<T> = (record: T, now: Date) => Promise<ConsentReceiptV1>;

/** Stages a `consent.changed` event and the change's audit record (with `details`) in the change's transaction. */
type Announce = (event: ConsentChangedV1, details?: Record<string, unknown>) => Promise<void>;

@Injectable()
export class PolicyRepository {
  constructor(
    @Inject(CONSENT_DB) private readonly db: DataSource,
    private readonly changes: ChangeLog,
  ) {}

  /**
   * One transaction for a change, its `consent.changed` event and its audit record by `actor` (both written to
   * consent.outbox within it); they are published once the transaction has committed, so a rolled-back change
   * is never announced nor recorded.
   */
  private announcing<T>(
    actor: Actor,
    work: (m: EntityManager, announce: Announce) => Promise<T>,
  ): Promise<T> {
    return this.changes.run((tx) =>
      work(tx.manager, async (event, details) => {
        await tx.stage('consent.v1.consent.changed', event);
        await tx.record(event.tenantId, actor, consentChange(event, details));
      }),
    );
  }

  /** A new policy, created by `actor` (its `createdBy`). */
  async insert(id: string, tenantId: string, body: PolicyBodyV1, actor: Actor): Promise<PolicyViewV1> {
    return this.announcing(actor, async (m, announce) => {
      await m.query(`INSERT INTO consent.tenant (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING`, [
        tenantId,
      ]);
      const policy = await insertVersion(m, id, 1, tenantId, body, actor.id);
      await announce(policyChanged(policy), policyDetails(policy));
      return policy;
    });
  }

  /** Supersedes the current version and inserts the next one; `null` when the tenant has no such policy. */
  async newVersion(
    tenantId: string,
    id: string,
    body: PolicyBodyV1,
    actor: Actor,
  ): Promise<PolicyViewV1 | null> {
    return this.announcing(actor, async (m, announce) => {
      const rows = await m.query<[{ version: number }[], number]>(
        `UPDATE consent.policy SET superseded_at = now()
          WHERE tenant_id = $1 AND id = $2 AND superseded_at IS NULL RETURNING version`,
        [tenantId, id],
      );
      const [current] = rows[0];
      if (!current) return null;
      // Grants were given for the superseded version: they stop counting now (the grant view reads this
      // column instead of joining consent.policy, see migration 1795000000900).
      await m.query(
        `UPDATE consent.consent_grant SET policy_superseded_at = now()
          WHERE tenant_id = $1 AND policy_id = $2 AND policy_superseded_at IS NULL`,
        [tenantId, id],
      );
      const policy = await insertVersion(m, id, current.version + 1, tenantId, body, actor.id);
      await announce(policyChanged(policy), policyDetails(policy));
      return policy;
    });
  }

  async listCurrent(tenantId: string, lawfulBasis?: string): Promise<PolicyViewV1[]> {
    const rows = await this.db.query<PolicyRow[]>(
      `SELECT ${POLICY_COLUMNS} FROM consent.policy p
        WHERE p.tenant_id = $1 AND p.superseded_at IS NULL AND ($2::text IS NULL OR p.lawful_basis = $2)
        ORDER BY p.created_at, p.id`,
      [tenantId, lawfulBasis ?? null],
    );
    return rows.map(viewOf);
  }

  /**
   * Per current policy of the tenant, how many grants are active (unrevoked, unexpired, for the current version:
   * as consent.active_grant_subject judges them) and how many objections stand. Counted in SQL: the admin sees
   * numbers, and no learner's row ever leaves the database for them.
   */
  async counts(tenantId: string): Promise<PolicyCountsV1[]> {
    const rows = await this.db.query<
      { policy_id: string; active_grants: number; standing_objections: number }[]
    >(
      `SELECT p.id AS policy_id,
              (SELECT count(*) FROM consent.consent_grant g
                WHERE g.tenant_id = p.tenant_id AND g.policy_id = p.id AND g.policy_version = p.version
                  AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > now()))::int AS active_grants,
              (SELECT count(*) FROM consent.objection o
                WHERE o.tenant_id = p.tenant_id AND o.policy_id = p.id AND o.withdrawn_at IS NULL)::int
                AS standing_objections
         FROM consent.policy p
        WHERE p.tenant_id = $1 AND p.superseded_at IS NULL
        ORDER BY p.created_at, p.id`,
      [tenantId],
    );
    return rows.map((r) => ({
      policyId: r.policy_id,
      activeGrants: r.active_grants,
      standingObjections: r.standing_objections,
    }));
  }

  async current(tenantId: string, id: string): Promise<PolicyViewV1 | null> {
    const [row] = await this.db.query<PolicyRow[]>(
      `SELECT ${POLICY_COLUMNS} FROM consent.policy p WHERE p.tenant_id = $1 AND p.id = $2 AND p.superseded_at IS NULL`,
      [tenantId, id],
    );
    return row ? viewOf(row) : null;
  }

  async history(tenantId: string, id: string): Promise<PolicyViewV1[]> {
    const rows = await this.db.query<PolicyRow[]>(
      `SELECT ${POLICY_COLUMNS} FROM consent.policy p WHERE p.tenant_id = $1 AND p.id = $2 ORDER BY p.version`,
      [tenantId, id],
    );
    return rows.map(viewOf);
  }

  /** The current policies whose grantee is this credential, or this person, one of their roles or groups. */
  async applicable(tenantId: string, k: GranteeKeys): Promise<PolicyViewV1[]> {
    const rows = await this.db.query<PolicyRow[]>(
      `SELECT ${POLICY_COLUMNS} FROM consent.policy p
        WHERE p.tenant_id = $1 AND p.superseded_at IS NULL AND (
          (p.grantee_kind = 'credential' AND p.grantee_id = $2) OR
          (p.grantee_kind = 'person' AND p.grantee_id = $3) OR
          (p.grantee_kind = 'role' AND p.grantee_id = ANY($4::text[])) OR
          (p.grantee_kind = 'group' AND p.grantee_id = ANY($5::text[])))
        ORDER BY p.id`,
      [tenantId, k.credentialId ?? null, k.personId ?? null, [...k.roles], [...k.groupIds]],
    );
    return rows.map(viewOf);
  }

  /** The learner's unrevoked grants (expired ones included), newest first. */
  async grantsOf(tenantId: string, personId: string): Promise<GrantRecord[]> {
    const rows = await this.db.query<GrantRow[]>(
      `SELECT id, policy_id, policy_version, scope, expires_at, revoked_at FROM consent.consent_grant
        WHERE tenant_id = $1 AND person_id = $2 AND revoked_at IS NULL ORDER BY granted_at DESC`,
      [tenantId, personId],
    );
    return rows.map(grantOf);
  }

  async insertGrant(
    tenantId: string,
    personId: string,
    grant: Omit<GrantRecord, 'revokedAt'>,
    receipt: ReceiptOf<GrantRecord>,
    actor: Actor,
  ): Promise<ConsentReceiptV1> {
    return this.announcing(actor, async (m, announce) => {
      // Judged by the database's clock, as the access views judge expiry: a grant that would be expired when
      // stored gives nothing, so it is refused rather than receipted as "granted".
      const [{ future }] = await m.query<[{ future: boolean }]>(
        `SELECT $1::timestamptz IS NULL OR $1::timestamptz > now() AS future`,
        [grant.expiresAt],
      );
      if (!future) {
        throw new BadRequestError('expiresAt: must be in the future', [
          { path: 'expiresAt', message: 'must be later than now' },
        ]);
      }
      await lockLearner(m, tenantId, personId);
      if (await hasActiveGrant(m, tenantId, personId, grant.policyId)) {
        throw new ConflictError(
          'you already hold an active grant for this policy; revoke it and grant again to change its scope or expiry',
        );
      }
      const [row] = await m.query<(GrantRow & { now: Date })[]>(
        `INSERT INTO consent.consent_grant (id, tenant_id, policy_id, policy_version, person_id, scope, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, policy_id, policy_version, scope, expires_at, revoked_at, now() AS now`,
        [grant.id, tenantId, grant.policyId, grant.policyVersion, personId, grant.scope, grant.expiresAt],
      );
      const stored = await storeReceipt(m, tenantId, personId, await receipt(grantOf(row!), row!.now));
      await announce(receiptChanged(stored));
      return stored;
    });
  }

  /** Revokes the learner's grant (idempotent); `null` when the learner has no such grant. */
  async revokeGrant(
    tenantId: string,
    personId: string,
    grantId: string,
    receipt: ReceiptOf<GrantRecord>,
    actor: Actor,
  ): Promise<ConsentReceiptV1 | null> {
    return this.announcing(actor, async (m, announce) => {
      // now() is this transaction's start time: revoked_at equals it only when this statement set it.
      const [rows] = await m.query<[(GrantRow & { now: Date; changed: boolean })[], number]>(
        `UPDATE consent.consent_grant SET revoked_at = coalesce(revoked_at, now())
          WHERE tenant_id = $1 AND person_id = $2 AND id = $3
          RETURNING id, policy_id, policy_version, scope, expires_at, revoked_at, now() AS now,
            revoked_at = now() AS changed`,
        [tenantId, personId, grantId],
      );
      const [updated] = rows;
      if (!updated) return null;
      // Revoking a revoked grant changes nothing: the answer is the receipt of the revocation (idempotent).
      if (!updated.changed) {
        const first = await firstReceipt(m, tenantId, personId, updated.id, 'revoked');
        if (first) return first;
      }
      const stored = await storeReceipt(m, tenantId, personId, await receipt(grantOf(updated), updated.now));
      // Revoking again gets a receipt but changes nothing, so it is not announced again.
      if (updated.changed) await announce(receiptChanged(stored));
      return stored;
    });
  }

  async insertObjection(
    tenantId: string,
    personId: string,
    id: string,
    policyId: string,
    receipt: ReceiptOf<ObjectionRecord>,
    actor: Actor,
  ): Promise<ConsentReceiptV1> {
    return this.announcing(actor, async (m, announce) => {
      const [row] = await m
        .query<(ObjectionRow & { now: Date })[]>(
          `INSERT INTO consent.objection (id, tenant_id, policy_id, person_id) VALUES ($1, $2, $3, $4)
           RETURNING id, policy_id, withdrawn_at, now() AS now`,
          [id, tenantId, policyId, personId],
        )
        .catch(standingObjectionConflict);
      const stored = await storeReceipt(m, tenantId, personId, await receipt(objectionOf(row!), row!.now));
      await announce(receiptChanged(stored));
      return stored;
    });
  }

  /** Withdraws the learner's objection (idempotent); `null` when the learner has no such objection. */
  async withdrawObjection(
    tenantId: string,
    personId: string,
    objectionId: string,
    receipt: ReceiptOf<ObjectionRecord>,
    actor: Actor,
  ): Promise<ConsentReceiptV1 | null> {
    return this.announcing(actor, async (m, announce) => {
      // now() is this transaction's start time: withdrawn_at equals it only when this statement set it.
      const [rows] = await m.query<[(ObjectionRow & { now: Date; changed: boolean })[], number]>(
        `UPDATE consent.objection SET withdrawn_at = coalesce(withdrawn_at, now())
          WHERE tenant_id = $1 AND person_id = $2 AND id = $3
          RETURNING id, policy_id, withdrawn_at, now() AS now, withdrawn_at = now() AS changed`,
        [tenantId, personId, objectionId],
      );
      const [updated] = rows;
      if (!updated) return null;
      // Withdrawing a withdrawn objection changes nothing: the answer is the receipt of the withdrawal.
      if (!updated.changed) {
        const first = await firstReceipt(m, tenantId, personId, updated.id, 'objection-withdrawn');
        if (first) return first;
      }
      const stored = await storeReceipt(
        m,
        tenantId,
        personId,
        await receipt(objectionOf(updated), updated.now),
      );
      // Withdrawing again gets a receipt but changes nothing, so it is not announced again.
      if (updated.changed) await announce(receiptChanged(stored));
      return stored;
    });
  }

  /**
   * Whether the credential (not revoked), group or person exists in the tenant. Nothing deletes any of them, so
   * the answer still holds when the policy is written.
   */
  async granteeExists(tenantId: string, grantee: { kind: 'credential' | 'group' | 'person'; id: string }) {
    const sql = {
      credential: `SELECT 1 FROM consent.credential WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL`,
      group: `SELECT 1 FROM consent.people_group WHERE tenant_id = $1 AND id = $2`,
      person: `SELECT 1 FROM consent.person WHERE tenant_id = $1 AND id = $2`,
    }[grantee.kind];
    const rows = await this.db.query<unknown[]>(sql, [tenantId, grantee.id]);
    return rows.length > 0;
  }

  /** Any version of the policy (a grant names the version it was given for). */
  async version(tenantId: string, id: string, version: number): Promise<PolicyViewV1 | null> {
    const [row] = await this.db.query<PolicyRow[]>(
      `SELECT ${POLICY_COLUMNS} FROM consent.policy p WHERE p.tenant_id = $1 AND p.id = $2 AND p.version = $3`,
      [tenantId, id, version],
    );
    return row ? viewOf(row) : null;
  }

  async receipt(tenantId: string, personId: string, id: string): Promise<ConsentReceiptV1 | null> {
    const [row] = await this.db.query<{ receipt: ConsentReceiptV1 }[]>(
      `SELECT receipt FROM consent.consent_receipt WHERE tenant_id = $1 AND person_id = $2 AND id = $3`,
      [tenantId, personId, id],
    );
    return row?.receipt ?? null;
  }
}

/** What a policy change's record says beyond the `consent.changed` event: whom it is for, on what basis. */
const policyDetails = (policy: PolicyViewV1): Record<string, unknown> => ({
  grantee: policy.grantee,
  lawfulBasis: policy.lawfulBasis,
  purposeCode: policy.purpose.code,
});

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

async function insertVersion(
  m: EntityManager,
  id: string,
  version: number,
  tenantId: string,
  body: PolicyBodyV1,
  createdBy: string,
): Promise<PolicyViewV1> {
  const [row] = await m.query<PolicyRow[]>(
    `INSERT INTO consent.policy AS p (id, version, tenant_id, grantee_kind, grantee_id, purpose_code, purpose_text,
       lawful_basis, scope, redact_fields, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${POLICY_COLUMNS}`,
    [
      id,
      version,
      tenantId,
      body.grantee.kind,
      body.grantee.id,
      body.purpose.code,
      body.purpose.text,
      body.lawfulBasis,
      body.scope,
      body.redactFields,
      createdBy,
    ],
  );
  return viewOf(row!);
}

async function storeReceipt(
  m: EntityManager,
  tenantId: string,
  personId: string,
  receipt: ConsentReceiptV1,
): Promise<ConsentReceiptV1> {
  await m.query(
    `INSERT INTO consent.consent_receipt (id, tenant_id, person_id, created_at, receipt) VALUES ($1, $2, $3, $4, $5)`,
    [receipt.receiptId, tenantId, personId, receipt.timestamp, receipt],
  );
  return receipt;
}

/**
 * Serialises the consent changes of one learner (row lock on their person row until the transaction ends), so a
 * check of their grants and the insert that follows cannot interleave with another request of theirs. A lock
 * rather than a unique index: whether a grant is active depends on now() (expiry) and on the policy's current
 * version, which no index predicate can express.
 */
async function lockLearner(m: EntityManager, tenantId: string, personId: string): Promise<void> {
  await m.query(`SELECT 1 FROM consent.person WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE`, [
    tenantId,
    personId,
  ]);
}

/** An unrevoked, unexpired grant of the learner for the policy's current version (as consent.active_grant_subject). */
async function hasActiveGrant(
  m: EntityManager,
  tenantId: string,
  personId: string,
  policyId: string,
): Promise<boolean> {
  const rows = await m.query<unknown[]>(
    `SELECT 1 FROM consent.consent_grant g
       JOIN consent.policy p ON p.id = g.policy_id AND p.version = g.policy_version AND p.superseded_at IS NULL
      WHERE g.tenant_id = $1 AND g.person_id = $2 AND g.policy_id = $3
        AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > now())
      LIMIT 1`,
    [tenantId, personId, policyId],
  );
  return rows.length > 0;
}

/** The first receipt with this status for the grant or objection, if one was stored. */
async function firstReceipt(
  m: EntityManager,
  tenantId: string,
  personId: string,
  recordId: string,
  status: ConsentReceiptV1['status'],
): Promise<ConsentReceiptV1 | null> {
  const [row] = await m.query<{ receipt: ConsentReceiptV1 }[]>(
    `SELECT receipt FROM consent.consent_receipt
      WHERE tenant_id = $1 AND person_id = $2 AND receipt->'record'->>'id' = $3 AND receipt->>'status' = $4
      ORDER BY created_at, id LIMIT 1`,
    [tenantId, personId, recordId, status],
  );
  return row?.receipt ?? null;
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
