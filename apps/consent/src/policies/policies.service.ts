// Institution policies (admins of a tenant) and a learner's grants, objections and receipts. Who may do what
// is decided by the CASL ability (admin: `manage` on `Policy`) or by the principal being the learner
// themself; every query is bounded by the tenant, so another tenant's policy is a 404.
import { randomUUID } from 'node:crypto';

import { defineAbilityFor, policiesOf } from '@custos/authz';
import {
  BadRequestError,
  type ConsentReceiptV1,
  type ConsentRequestV1,
  ForbiddenError,
  type GrantBodyV1,
  type GranteeV1,
  NotFoundError,
  type PersonPrincipalV1,
  type PolicyBodyV1,
  type PolicyCountsV1,
  type PolicyScopeV1,
  type PolicyViewV1,
  type PrincipalV1,
} from '@custos/contracts';
import { Injectable } from '@nestjs/common';

import { adminActor, learnerActor } from '../change-log/index.js';
import {
  canObjectTo,
  grantScopeErrors,
  institutionPolicyOf,
  normalizeScope,
  receiptOf,
} from './consent-scope.js';
import { PolicyRepository } from './policy.repository.js';

const NO_POLICY = 'no such policy';

@Injectable()
export class PoliciesService {
  constructor(private readonly policies: PolicyRepository) {}

  /** The current versions of the policies whose grantee is this principal, for its ability. */
  async applicableTo(principal: PrincipalV1) {
    return (await this.applicableViews(principal)).map(institutionPolicyOf);
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

  async list(principal: PrincipalV1): Promise<PolicyViewV1[]> {
    requirePolicyAdmin(principal);
    return this.policies.listCurrent(principal.tenantId);
  }

  async create(principal: PrincipalV1, body: PolicyBodyV1): Promise<PolicyViewV1> {
    requirePolicyAdmin(principal);
    await this.requireGrantee(principal.tenantId, body.grantee);
    return this.policies.insert(randomUUID(), principal.tenantId, normalize(body), adminActor(principal));
  }

  async update(principal: PrincipalV1, id: string, body: PolicyBodyV1): Promise<PolicyViewV1> {
    requirePolicyAdmin(principal);
    await this.requireGrantee(principal.tenantId, body.grantee);
    const policy = await this.policies.newVersion(
      principal.tenantId,
      id,
      normalize(body),
      adminActor(principal),
    );
    if (!policy) throw new NotFoundError(NO_POLICY);
    return policy;
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

  /** The tenant's current `consent` policies, each with the learner's live grant of it, if any. */
  async consentRequests(principal: PrincipalV1): Promise<ConsentRequestV1[]> {
    const me = learner(principal);
    const [policies, grants] = await Promise.all([
      this.policies.listCurrent(me.tenantId, 'consent'),
      this.policies.grantsOf(me.tenantId, me.personId),
    ]);
    return policies.map((policy) => {
      const grant = grants.find((g) => g.policyId === policy.id && g.policyVersion === policy.version);
      return {
        policy,
        grant: grant
          ? { id: grant.id, expiresAt: grant.expiresAt?.toISOString() ?? null, scope: grant.scope }
          : null,
      };
    });
  }

  async grant(principal: PrincipalV1, body: GrantBodyV1): Promise<ConsentReceiptV1> {
    const me = learner(principal);
    const policy = await this.policies.current(me.tenantId, body.policyId);
    if (!policy) throw new NotFoundError(NO_POLICY);
    if (policy.lawfulBasis !== 'consent') {
      throw new BadRequestError('policyId: this policy does not ask for consent', [
        { path: 'policyId', message: `the policy rests on ${policy.lawfulBasis}, not consent` },
      ]);
    }
    const scope = body.scope ?? {};
    const errors = grantScopeErrors(policy.scope, scope);
    if (errors.length > 0) throw new BadRequestError(`${errors[0]!.path}: wider than the policy`, errors);
    return this.policies.insertGrant(
      me.tenantId,
      me.personId,
      {
        id: randomUUID(),
        policyId: policy.id,
        policyVersion: policy.version,
        scope,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
      },
      async (g, now) => grantReceipt(me.personId, policy, g, now, 'granted'),
      learnerActor(me),
    );
  }

  async revoke(principal: PrincipalV1, grantId: string): Promise<ConsentReceiptV1> {
    const me = learner(principal);
    const receipt = await this.policies.revokeGrant(
      me.tenantId,
      me.personId,
      grantId,
      async (g, now) => {
        const policy = await this.policies.version(me.tenantId, g.policyId, g.policyVersion);
        if (!policy) throw new Error('the policy version of a grant is missing');
        return grantReceipt(me.personId, policy, g, now, 'revoked');
      },
      learnerActor(me),
    );
    if (!receipt) throw new NotFoundError('no such grant');
    return receipt;
  }

  async object(principal: PrincipalV1, policyId: string): Promise<ConsentReceiptV1> {
    const me = learner(principal);
    const policy = await this.policies.current(me.tenantId, policyId);
    if (!policy) throw new NotFoundError(NO_POLICY);
    if (!canObjectTo(policy.lawfulBasis)) {
      throw new BadRequestError('policyId: cannot object to this policy', [
        { path: 'policyId', message: `a policy resting on ${policy.lawfulBasis} cannot be objected to` },
      ]);
    }
    return this.policies.insertObjection(
      me.tenantId,
      me.personId,
      randomUUID(),
      policy.id,
      async (o, now) => objectionReceipt(me.personId, policy, o, now, 'objected'),
      learnerActor(me),
    );
  }

  async withdrawObjection(principal: PrincipalV1, objectionId: string): Promise<ConsentReceiptV1> {
    const me = learner(principal);
    const receipt = await this.policies.withdrawObjection(
      me.tenantId,
      me.personId,
      objectionId,
      async (o, now) => {
        const policy = await this.policies.current(me.tenantId, o.policyId);
        if (!policy) throw new Error('the policy of an objection is missing');
        return objectionReceipt(me.personId, policy, o, now, 'objection-withdrawn');
      },
      learnerActor(me),
    );
    if (!receipt) throw new NotFoundError('no such objection');
    return receipt;
  }

  async receipt(principal: PrincipalV1, receiptId: string): Promise<ConsentReceiptV1> {
    const me = learner(principal);
    const receipt = await this.policies.receipt(me.tenantId, me.personId, receiptId);
    if (!receipt) throw new NotFoundError('no such receipt');
    return receipt;
  }
}

function requirePolicyAdmin(principal: PrincipalV1): void {
  if (!defineAbilityFor(principal).can('manage', policiesOf(principal.tenantId))) {
    throw new ForbiddenError('managing institution policies needs the admin role');
  }
}

function learner(principal: PrincipalV1): PersonPrincipalV1 {
  if (principal.kind !== 'person') {
    throw new ForbiddenError('only a signed-in person manages their consent; use a Bearer token');
  }
  return principal;
}

const normalize = (body: PolicyBodyV1): PolicyBodyV1 => ({ ...body, scope: normalizeScope(body.scope) });

/** The receipt of a grant change: the grant's own scope over the policy's, and its expiry. */
function grantReceipt(
  personId: string,
  policy: PolicyViewV1,
  grant: { id: string; scope: Partial<PolicyScopeV1>; expiresAt: Date | null },
  now: Date,
  status: 'granted' | 'revoked',
): ConsentReceiptV1 {
  return receiptOf({
    receiptId: randomUUID(),
    timestamp: now,
    personId,
    policy,
    record: { type: 'grant', id: grant.id },
    scope: { ...policy.scope, ...grant.scope },
    expiry: grant.expiresAt,
    status,
  });
}

/** The receipt of an objection change: it concerns the whole policy and never expires. */
function objectionReceipt(
  personId: string,
  policy: PolicyViewV1,
  objection: { id: string },
  now: Date,
  status: 'objected' | 'objection-withdrawn',
): ConsentReceiptV1 {
  return receiptOf({
    receiptId: randomUUID(),
    timestamp: now,
    personId,
    policy,
    record: { type: 'objection', id: objection.id },
    scope: policy.scope,
    expiry: null,
    status,
  });
}
