// consent.policy through TypeORM: its versions, and which are current. Every query is bounded by the tenant, so
// another tenant's policy is never read or changed. Writes take the unit of work of the service making the change.
import {
  HOLD_DAYS_DEFAULT,
  type PolicyBodyV1,
  type PolicyCountsV1,
  type PolicyViewV1,
  WRITE_WITHOUT_BASIS_DEFAULT,
} from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, type EntityManager, type FindOptionsWhere, In, IsNull } from 'typeorm';

import { CONSENT_DB } from '../db/data-source.js';
import { AccessVersionEntity } from '../db/entities/access-version.entity.js';
import { ConsentGrantEntity } from '../db/entities/consent-grant.entity.js';
import { CredentialEntity } from '../db/entities/credential.entity.js';
import { PeopleGroupEntity } from '../db/entities/people-group.entity.js';
import { PersonEntity } from '../db/entities/person.entity.js';
import { PolicyEntity } from '../db/entities/policy.entity.js';
import { TenantEntity } from '../db/entities/tenant.entity.js';

const viewOf = (p: PolicyEntity): PolicyViewV1 => ({
  id: p.id,
  version: p.version,
  tenantId: p.tenantId,
  grantee: { kind: p.granteeKind, id: p.granteeId },
  purpose: { code: p.purposeCode, text: p.purposeText },
  lawfulBasis: p.lawfulBasis,
  scope: p.scope,
  redactFields: p.redactFields,
  onWriteWithoutBasis: p.onWriteWithoutBasis,
  holdDays: p.holdDays,
  createdAt: p.createdAt.toISOString(),
  createdBy: p.createdBy,
  supersededAt: p.supersededAt ? p.supersededAt.toISOString() : null,
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

  private policies(manager: EntityManager = this.db.manager) {
    return manager.getRepository(PolicyEntity);
  }

  async ensureTenant(uow: UnitOfWork, tenantId: string): Promise<void> {
    await uow.manager
      .getRepository(TenantEntity)
      .createQueryBuilder()
      .insert()
      .values({ id: tenantId, name: tenantId })
      .orIgnore()
      .execute();
  }

  /**
   * Supersedes the current version of the tenant's policy, and the grants given for it; that version's number, or
   * null when the tenant has no such policy.
   */
  async supersede(uow: UnitOfWork, tenantId: string, id: string): Promise<number | null> {
    const updated = await this.policies(uow.manager)
      .createQueryBuilder()
      .update()
      .set({ supersededAt: () => 'now()' })
      .where({ tenantId, id, supersededAt: IsNull() })
      .returning(['version'])
      .execute();
    const [current] = updated.raw as { version: number }[];
    if (!current) return null;
    // Grants were given for the superseded version: they stop counting now (the grant view reads this
    // column instead of joining consent.policy, see migration 1795000000900).
    await uow.manager
      .getRepository(ConsentGrantEntity)
      .update(
        { tenantId, policyId: id, policySupersededAt: IsNull() },
        { policySupersededAt: () => 'now()' },
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
    const repo = this.policies(uow.manager);
    // insert() fills created_at, the database's default, into the entity from its RETURNING.
    const policy = repo.create({
      id,
      version,
      tenantId,
      granteeKind: body.grantee.kind,
      granteeId: body.grantee.id,
      purposeCode: body.purpose.code,
      purposeText: body.purpose.text,
      lawfulBasis: body.lawfulBasis,
      scope: body.scope,
      redactFields: body.redactFields,
      onWriteWithoutBasis: body.onWriteWithoutBasis ?? WRITE_WITHOUT_BASIS_DEFAULT,
      holdDays: body.holdDays ?? HOLD_DAYS_DEFAULT,
      createdBy,
      supersededAt: null,
    });
    await repo.insert(policy);
    return viewOf(policy);
  }

  async listCurrent(tenantId: string, lawfulBasis?: string): Promise<PolicyViewV1[]> {
    const rows = await this.policies().find({
      where: {
        tenantId,
        supersededAt: IsNull(),
        ...(lawfulBasis === undefined ? {} : { lawfulBasis: lawfulBasis as PolicyEntity['lawfulBasis'] }),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(viewOf);
  }

  /**
   * Per current policy of the tenant, how many grants are active (unrevoked, unexpired, for the current version:
   * as consent.active_grant_subject judges them) and how many objections stand. Counted in SQL: the admin sees
   * numbers, and no learner's row ever leaves the database for them.
   */
  async counts(tenantId: string): Promise<PolicyCountsV1[]> {
    // Raw SQL (ADR 0008): two correlated counts per policy, which the query builder would only obscure.
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
    const found = await this.policies().findOneBy({ tenantId, id, supersededAt: IsNull() });
    return found ? viewOf(found) : null;
  }

  async history(tenantId: string, id: string): Promise<PolicyViewV1[]> {
    const rows = await this.policies().find({ where: { tenantId, id }, order: { version: 'ASC' } });
    return rows.map(viewOf);
  }

  /**
   * The tenant's access version (ADR 0011): bumped by a trigger with every change to its policies; 0 before the
   * first. Read it before the policies it versions, so rules built from them are never newer than it claims (a
   * change committed in between makes the version look stale, and the reader fetches again; never the reverse).
   */
  async accessVersion(tenantId: string): Promise<string> {
    const row = await this.db.manager.getRepository(AccessVersionEntity).findOneBy({ tenantId });
    return row?.version ?? '0';
  }

  /** The current policies whose grantee is this credential, or this person, one of their roles or groups. */
  async applicable(tenantId: string, k: GranteeKeys): Promise<PolicyViewV1[]> {
    const current = { tenantId, supersededAt: IsNull() };
    // Only the keys the caller has: a grantee kind without one matches nothing.
    const where: FindOptionsWhere<PolicyEntity>[] = [
      ...(k.credentialId !== undefined
        ? [{ ...current, granteeKind: 'credential' as const, granteeId: k.credentialId }]
        : []),
      ...(k.personId !== undefined
        ? [{ ...current, granteeKind: 'person' as const, granteeId: k.personId }]
        : []),
      ...(k.roles.length ? [{ ...current, granteeKind: 'role' as const, granteeId: In([...k.roles]) }] : []),
      ...(k.groupIds.length
        ? [{ ...current, granteeKind: 'group' as const, granteeId: In([...k.groupIds]) }]
        : []),
    ];
    if (where.length === 0) return [];
    const rows = await this.policies().find({ where, order: { id: 'ASC' } });
    return rows.map(viewOf);
  }

  /**
   * Whether the credential (not revoked), group or person exists in the tenant. Nothing deletes any of them, so
   * the answer still holds when the policy is written.
   */
  async granteeExists(tenantId: string, grantee: { kind: 'credential' | 'group' | 'person'; id: string }) {
    const m = this.db.manager;
    const where = { tenantId, id: grantee.id };
    if (grantee.kind === 'credential') return m.existsBy(CredentialEntity, { ...where, revokedAt: IsNull() });
    return m.existsBy(grantee.kind === 'group' ? PeopleGroupEntity : PersonEntity, where);
  }

  /** Any version of the policy (a grant names the version it was given for). */
  async version(tenantId: string, id: string, version: number): Promise<PolicyViewV1 | null> {
    const found = await this.policies().findOneBy({ tenantId, id, version });
    return found ? viewOf(found) : null;
  }
}
