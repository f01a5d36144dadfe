// A learner's consent: the requests of the tenant's `consent` policies, their grants and objections, and a
// receipt for each change. The learner acts, or — while they are a minor — a guardian linked to them
// (ConsentAgency.actsForLearner decides); every query is bounded by the tenant and the learner.
import { randomUUID } from 'node:crypto';

import {
  BadRequestError,
  ConflictError,
  type ConsentReceiptV1,
  type ConsentRequestV1,
  type GrantBodyV1,
  NotFoundError,
  type PolicyScopeV1,
  type PolicyViewV1,
  type PrincipalV1,
} from '@custos/contracts';
import { UnitsOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { ChangeLog, receiptChanged } from '../change-log/index.js';
import { ConsentAgency, type LearnerAgent } from '../people/index.js';
import { canObjectTo, grantScopeErrors, PoliciesService, receiptOf } from '../policies/index.js';
import { GrantRepository } from './grant.repository.js';

const NO_POLICY = 'no such policy';

@Injectable()
export class GrantsService {
  constructor(
    private readonly grants: GrantRepository,
    private readonly policies: PoliciesService,
    private readonly units: UnitsOfWork,
    private readonly changes: ChangeLog,
    private readonly agency: ConsentAgency,
  ) {}

  /** The tenant's current `consent` policies, each with the learner's live grant of it, if any. */
  async consentRequests(principal: PrincipalV1, learnerId?: string): Promise<ConsentRequestV1[]> {
    const me = await this.agency.viewsForLearner(principal, learnerId);
    const [policies, grants] = await Promise.all([
      this.policies.currentPolicies(me.tenantId, 'consent'),
      this.grants.grantsOf(me.tenantId, me.learnerId),
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

  async grant(principal: PrincipalV1, body: GrantBodyV1, learnerId?: string): Promise<ConsentReceiptV1> {
    const me = await this.agency.actsForLearner(principal, learnerId);
    const policy = await this.policies.currentVersion(me.tenantId, body.policyId);
    if (!policy) throw new NotFoundError(NO_POLICY);
    if (policy.lawfulBasis !== 'consent') {
      throw new BadRequestError('policyId: this policy does not ask for consent', [
        { path: 'policyId', message: `the policy rests on ${policy.lawfulBasis}, not consent` },
      ]);
    }
    const scope = body.scope ?? {};
    const errors = grantScopeErrors(policy.scope, scope);
    if (errors.length > 0) throw new BadRequestError(`${errors[0]!.path}: wider than the policy`, errors);
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    return this.units.run(async (uow) => {
      // Judged by the database's clock, as the access views judge expiry: a grant that would be expired when
      // stored gives nothing, so it is refused rather than receipted as "granted".
      if (!(await this.grants.inFuture(uow, expiresAt))) {
        throw new BadRequestError('expiresAt: must be in the future', [
          { path: 'expiresAt', message: 'must be later than now' },
        ]);
      }
      await this.grants.lockLearner(uow, me.tenantId, me.learnerId);
      if (await this.grants.hasActiveGrant(uow, me.tenantId, me.learnerId, policy.id)) {
        throw new ConflictError(
          'you already hold an active grant for this policy; revoke it and grant again to change its scope or expiry',
        );
      }
      const { record, now } = await this.grants.insertGrant(uow, me.tenantId, me.learnerId, {
        id: randomUUID(),
        policyId: policy.id,
        policyVersion: policy.version,
        scope,
        expiresAt,
      });
      const receipt = grantReceipt(me, policy, record, now, 'granted');
      const stored = await this.grants.storeReceipt(uow, me.tenantId, me.learnerId, receipt);
      await this.changes.consentChanged(uow, me.actor, receiptChanged(stored));
      return stored;
    });
  }

  /** Revokes the learner's grant; revoking it again changes nothing and answers the revocation's receipt. */
  async revoke(principal: PrincipalV1, grantId: string, learnerId?: string): Promise<ConsentReceiptV1> {
    const me = await this.agency.actsForLearner(principal, learnerId);
    const receipt = await this.units.run(async (uow) => {
      const revoked = await this.grants.revokeGrant(uow, me.tenantId, me.learnerId, grantId);
      if (!revoked) return null;
      if (!revoked.changed) {
        const first = await this.grants.firstReceipt(
          uow,
          me.tenantId,
          me.learnerId,
          revoked.record.id,
          'revoked',
        );
        if (first) return first;
      }
      const { record, now } = revoked;
      const policy = await this.policies.version(me.tenantId, record.policyId, record.policyVersion);
      if (!policy) throw new Error('the policy version of a grant is missing');
      const stored = await this.grants.storeReceipt(
        uow,
        me.tenantId,
        me.learnerId,
        grantReceipt(me, policy, record, now, 'revoked'),
      );
      // Revoking again gets a receipt but changes nothing, so it is not announced again.
      if (revoked.changed) await this.changes.consentChanged(uow, me.actor, receiptChanged(stored));
      return stored;
    });
    if (!receipt) throw new NotFoundError('no such grant');
    return receipt;
  }

  async object(principal: PrincipalV1, policyId: string, learnerId?: string): Promise<ConsentReceiptV1> {
    const me = await this.agency.actsForLearner(principal, learnerId);
    const policy = await this.policies.currentVersion(me.tenantId, policyId);
    if (!policy) throw new NotFoundError(NO_POLICY);
    if (!canObjectTo(policy.lawfulBasis)) {
      throw new BadRequestError('policyId: cannot object to this policy', [
        { path: 'policyId', message: `a policy resting on ${policy.lawfulBasis} cannot be objected to` },
      ]);
    }
    return this.units.run(async (uow) => {
      const { record, now } = await this.grants.insertObjection(
        uow,
        me.tenantId,
        me.learnerId,
        randomUUID(),
        policy.id,
      );
      const receipt = objectionReceipt(me, policy, record, now, 'objected');
      const stored = await this.grants.storeReceipt(uow, me.tenantId, me.learnerId, receipt);
      await this.changes.consentChanged(uow, me.actor, receiptChanged(stored));
      return stored;
    });
  }

  /** Withdraws the learner's objection; withdrawing it again changes nothing and answers the withdrawal's receipt. */
  async withdrawObjection(
    principal: PrincipalV1,
    objectionId: string,
    learnerId?: string,
  ): Promise<ConsentReceiptV1> {
    const me = await this.agency.actsForLearner(principal, learnerId);
    const receipt = await this.units.run(async (uow) => {
      const withdrawn = await this.grants.withdrawObjection(uow, me.tenantId, me.learnerId, objectionId);
      if (!withdrawn) return null;
      if (!withdrawn.changed) {
        const first = await this.grants.firstReceipt(
          uow,
          me.tenantId,
          me.learnerId,
          withdrawn.record.id,
          'objection-withdrawn',
        );
        if (first) return first;
      }
      const { record, now } = withdrawn;
      const policy = await this.policies.currentVersion(me.tenantId, record.policyId);
      if (!policy) throw new Error('the policy of an objection is missing');
      const stored = await this.grants.storeReceipt(
        uow,
        me.tenantId,
        me.learnerId,
        objectionReceipt(me, policy, record, now, 'objection-withdrawn'),
      );
      // Withdrawing again gets a receipt but changes nothing, so it is not announced again.
      if (withdrawn.changed) await this.changes.consentChanged(uow, me.actor, receiptChanged(stored));
      return stored;
    });
    if (!receipt) throw new NotFoundError('no such objection');
    return receipt;
  }

  /** The signed-in person's own receipts (their subject-access answer): selected in SQL by tenant and person. */
  async receipts(principal: PrincipalV1): Promise<ConsentReceiptV1[]> {
    const me = await this.agency.viewsForLearner(principal);
    return this.grants.receiptsOf(me.tenantId, me.learnerId);
  }

  async receipt(principal: PrincipalV1, receiptId: string, learnerId?: string): Promise<ConsentReceiptV1> {
    const me = await this.agency.viewsForLearner(principal, learnerId);
    const receipt = await this.grants.receipt(me.tenantId, me.learnerId, receiptId);
    if (!receipt) throw new NotFoundError('no such receipt');
    return receipt;
  }
}

/** The receipt of a grant change: the grant's own scope over the policy's, and its expiry. */
function grantReceipt(
  agent: LearnerAgent,
  policy: PolicyViewV1,
  grant: { id: string; scope: Partial<PolicyScopeV1>; expiresAt: Date | null },
  now: Date,
  status: 'granted' | 'revoked',
): ConsentReceiptV1 {
  return receiptOf({
    receiptId: randomUUID(),
    timestamp: now,
    personId: agent.learnerId,
    actedBy: agent.actedBy,
    policy,
    record: { type: 'grant', id: grant.id },
    scope: { ...policy.scope, ...grant.scope },
    expiry: grant.expiresAt,
    status,
  });
}

/** The receipt of an objection change: it concerns the whole policy and never expires. */
function objectionReceipt(
  agent: LearnerAgent,
  policy: PolicyViewV1,
  objection: { id: string },
  now: Date,
  status: 'objected' | 'objection-withdrawn',
): ConsentReceiptV1 {
  return receiptOf({
    receiptId: randomUUID(),
    timestamp: now,
    personId: agent.learnerId,
    actedBy: agent.actedBy,
    policy,
    record: { type: 'objection', id: objection.id },
    scope: policy.scope,
    expiry: null,
    status,
  });
}
