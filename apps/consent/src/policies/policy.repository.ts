// SQL over consent.policy: its versions, and which are current. Every query is bounded by the tenant, so another
// tenant's policy is never read or changed. Writes take the unit of work of the service making the change.
import type { PolicyBodyV1, PolicyCountsV1, PolicyViewV1 } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

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

@Injectable()
export class PolicyRepository {
  constructor(@Inject(CONSENT_DB) private readonly db: DataSource) {}

  async ensureTenant(uow: UnitOfWork, tenantId: string): Promise<void> {
    await uow.manager.query(
      `INSERT INTO consent.tenant (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING`,
      [tenantId],
    );
  }

  /**
   * Supersedes the current version of the tenant's policy, and the grants given for it; that version's number, or
   * null when the tenant has no such policy.
   */
  async supersede(uow: UnitOfWork, tenantId: string, id: string): Promise<number | null> {
    const rows = await uow.manager.query<[{ version: number }[], number]>(
      `UPDATE consent.policy SET superseded_at = now()
        WHERE tenant_id = $1 AND id = $2 AND superseded_at IS NULL RETURNING version`,
      [tenantId, id],
    );
    const [current] = rows[0];
    if (!current) return null;
    // Grants were given for the superseded version: they stop counting now (the grant view reads this
    // column instead of joining consent.policy, see migration 1795000000900).
    await uow.manager.query(
      `UPDATE consent.consent_grant SET policy_superseded_at = now()
        WHERE tenant_id = $1 AND policy_id = $2 AND policy_superseded_at IS NULL`,
      [tenantId, id],
    );
    return current.version;
  }

  async insertVersion(
    uow: UnitOfWork,
    id: string,
    version: number,
    tenantId: string,
    body: PolicyBodyV1,
    createdBy: string,
  ): Promise<PolicyViewV1> {
    const [row] = await uow.manager.query<PolicyRow[]>(
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
}
