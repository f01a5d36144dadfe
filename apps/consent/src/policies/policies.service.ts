// Institution policies (admins of a tenant): who may do what is decided by the CASL ability (admin: `manage` on
// `Policy`); every query is bounded by the tenant, so another tenant's policy is a 404.
import { randomUUID } from 'node:crypto';

import { abilityWithoutPolicies, policiesOf, processingRecordsOf } from '@custos/authz';
import {
  BadRequestError,
  ForbiddenError,
  type GranteeV1,
  NotFoundError,
  type PolicyBodyV1,
  type PolicyCountsV1,
  type PolicyViewV1,
  type PrincipalV1,
} from '@custos/contracts';
import { type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { type Actor, adminActor, ChangeLog, policyChanged } from '../change-log/index.js';
import { institutionPolicyOf, normalizeScope } from './consent-scope.js';
import { PolicyRepository } from './policy.repository.js';

const NO_POLICY = 'no such policy';

@Injectable()
export class PoliciesService {
  constructor(
    private readonly policies: PolicyRepository,
    private readonly units: UnitsOfWork,
    private readonly changes: ChangeLog,
  ) {}

  /** The current versions of the policies whose grantee is this principal, for its ability. */
  async applicableTo(principal: PrincipalV1) {
    return (await this.applicableViews(principal)).map(institutionPolicyOf);
  }

  /** The tenant's access version (ADR 0011); read it before `applicableViews` when the rules are to be kept. */
  async accessVersion(tenantId: string): Promise<string> {
    return this.policies.accessVersion(tenantId);
  }

  /** The same policies as the admin API shows them (with purpose and grantee), for explaining decisions. */
  async applicableViews(principal: PrincipalV1): Promise<PolicyViewV1[]> {
    return this.policies.applicable(
      principal.tenantId,
      principal.kind === 'credential'
        ? { credentialId: principal.credentialId, roles: [], groupIds: [] }
        : { personId: principal.personId, roles: principal.roles, groupIds: principal.groupIds },
    );
  }

  /** The tenant's current policies (of one lawful basis, if given), for other features' reads; no admin check. */
  async currentPolicies(tenantId: string, lawfulBasis?: string): Promise<PolicyViewV1[]> {
    return this.policies.listCurrent(tenantId, lawfulBasis);
  }

  /** The current version of the tenant's policy, for other features' reads; no admin check. */
  async currentVersion(tenantId: string, id: string): Promise<PolicyViewV1 | null> {
    return this.policies.current(tenantId, id);
  }

  /** Any version of the tenant's policy (a grant names the version it was given for); no admin check. */
  async version(tenantId: string, id: string, version: number): Promise<PolicyViewV1 | null> {
    return this.policies.version(tenantId, id, version);
  }

  async list(principal: PrincipalV1): Promise<PolicyViewV1[]> {
    requirePolicyAdmin(principal);
    return this.policies.listCurrent(principal.tenantId);
  }

  /** The current policies, for the tenant's records of processing (its admins and auditors, CASL). */
  async forProcessingRecords(principal: PrincipalV1): Promise<PolicyViewV1[]> {
    if (!abilityWithoutPolicies(principal).can('read', processingRecordsOf(principal.tenantId))) {
      throw new ForbiddenError('the records of processing are for the admins and auditors of the tenant');
    }
    return this.policies.listCurrent(principal.tenantId);
  }

  /** The current policies of a tenant, for the operator's `custos records-of-processing` (who holds the database). */
  currentOf(tenantId: string): Promise<PolicyViewV1[]> {
    return this.policies.listCurrent(tenantId);
  }

  async create(principal: PrincipalV1, body: PolicyBodyV1): Promise<PolicyViewV1> {
    requirePolicyAdmin(principal);
    await this.requireGrantee(principal.tenantId, body.grantee);
    const { tenantId } = principal;
    const actor = adminActor(principal);
    return this.units.run(async (uow) => {
      await this.policies.ensureTenant(uow, tenantId);
      const policy = await this.policies.insertVersion(
        uow,
        randomUUID(),
        1,
        tenantId,
        normalize(body),
        actor.id,
      );
      await this.announce(uow, actor, policy);
      return policy;
    });
  }

  async update(principal: PrincipalV1, id: string, body: PolicyBodyV1): Promise<PolicyViewV1> {
    requirePolicyAdmin(principal);
    await this.requireGrantee(principal.tenantId, body.grantee);
    const { tenantId } = principal;
    const actor = adminActor(principal);
    const policy = await this.units.run(async (uow) => {
      const superseded = await this.policies.supersede(uow, tenantId, id);
      if (superseded === null) return null;
      const next = await this.policies.insertVersion(
        uow,
        id,
        superseded + 1,
        tenantId,
        normalize(body),
        actor.id,
      );
      await this.announce(uow, actor, next);
      return next;
    });
    if (!policy) throw new NotFoundError(NO_POLICY);
    return policy;
  }

  /** A policy change's `consent.changed` event and its record, which also says whom it is for and on what basis. */
  private async announce(uow: UnitOfWork, actor: Actor, policy: PolicyViewV1): Promise<void> {
    await this.changes.consentChanged(uow, actor, policyChanged(policy), {
      grantee: policy.grantee,
      lawfulBasis: policy.lawfulBasis,
      purposeCode: policy.purpose.code,
    });
  }

  /**
   * A policy naming a credential, group or person that the tenant does not have would silently give nothing
   * (or, once such an id appeared, give access nobody chose): refused with a 400 naming `grantee.id`. The
   * contract already restricts a role grantee to the person roles.
   */
  private async requireGrantee(tenantId: string, grantee: GranteeV1): Promise<void> {
    if (grantee.kind === 'role') return;
    if (!(await this.policies.granteeExists(tenantId, { kind: grantee.kind, id: grantee.id }))) {
      const message =
        grantee.kind === 'credential'
          ? 'no such credential in this tenant, or it is revoked'
          : `no such ${grantee.kind} in this tenant`;
      throw new BadRequestError(`grantee.id: ${message}`, [{ path: 'grantee.id', message }]);
    }
  }

  /** Active grants and standing objections per current policy: counts only (the repository counts in SQL). */
  async counts(principal: PrincipalV1): Promise<PolicyCountsV1[]> {
    requirePolicyAdmin(principal);
    return this.policies.counts(principal.tenantId);
  }

  async history(principal: PrincipalV1, id: string): Promise<PolicyViewV1[]> {
    requirePolicyAdmin(principal);
    const versions = await this.policies.history(principal.tenantId, id);
    if (versions.length === 0) throw new NotFoundError(NO_POLICY);
    return versions;
  }
}

function requirePolicyAdmin(principal: PrincipalV1): void {
  if (!abilityWithoutPolicies(principal).can('manage', policiesOf(principal.tenantId))) {
    throw new ForbiddenError('managing institution policies needs the admin role');
  }
}

const normalize = (body: PolicyBodyV1): PolicyBodyV1 => ({ ...body, scope: normalizeScope(body.scope) });
