// Who may make a learner's consent choices — grants, revocations, objections and their withdrawal, erasure
// requests: the one place that decides it (docs/privacy-operations.md "Guardians and minors", GDPR Art. 8). The
// rule itself is CASL's (libs/authz consent-agency.policy.ts); this service loads the facts it needs — whether the
// learner is a minor now, by the database's clock, and who their guardians are — and turns a refusal into a 403
// that says what to do, naming no learner to someone who may not act for them.
import { abilityWithoutPolicies, learnerConsentOf } from '@custos/authz';
import { ForbiddenError, type PersonPrincipalV1, type PrincipalV1 } from '@custos/contracts';
import { Injectable } from '@nestjs/common';

import { type Actor, guardianActor, learnerActor } from '../change-log/index.js';
import { GuardianRepository } from './guardian.repository.js';

/** Someone allowed to act for a learner, and how the change will name them. */
export interface LearnerAgent {
  tenantId: string;
  /** The learner whose consent changes (the receipt's data subject). */
  learnerId: string;
  /** Who acted, for the change's audit record. */
  actor: Actor;
  /** Who acted, for the receipt. */
  actedBy: { personId: string; as: 'self' | 'guardian' };
}

export const PERSON_ONLY = 'only a signed-in person manages consent; use a Bearer token';
export const MINOR_ALONE =
  'you are below the age of digital consent of your institution: a guardian linked to you makes your consent ' +
  'choices and erasure requests until you come of age';
export const NOT_THEIR_GUARDIAN = 'you may act only for the minors linked to you as their guardian';
export const OF_AGE =
  'this learner has come of age and makes their own consent choices; a guardian can no longer act for them';

@Injectable()
export class ConsentAgency {
  constructor(private readonly guardians: GuardianRepository) {}

  /**
   * Who acts, and for whom, when `principal` makes a consent choice for `learnerId` (themself when absent): the
   * learner alone once of age, a guardian linked to them while they are a minor.
   *
   * @throws ForbiddenError (403) when the principal may not act for that learner.
   */
  async actsForLearner(principal: PrincipalV1, learnerId?: string): Promise<LearnerAgent> {
    const me = person(principal);
    const target = learnerId ?? me.personId;
    const facts = await this.guardians.learnerFacts(me.tenantId, target);
    if (
      facts &&
      abilityWithoutPolicies(me).can('manage', learnerConsentOf({ tenantId: me.tenantId, ...facts }))
    ) {
      const self = target === me.personId;
      return {
        tenantId: me.tenantId,
        learnerId: target,
        actor: self ? learnerActor(me) : guardianActor(me, target),
        actedBy: { personId: me.personId, as: self ? 'self' : 'guardian' },
      };
    }
    if (target === me.personId) throw new ForbiddenError(MINOR_ALONE);
    // A linked guardian may be told the learner came of age; anyone else learns nothing about the learner.
    const linked = facts?.guardianIds.includes(me.personId) && me.roles.includes('guardian');
    throw new ForbiddenError(linked ? OF_AGE : NOT_THEIR_GUARDIAN);
  }

  /**
   * Whose consent `principal` may see for `learnerId`: their own always (a minor sees their choices, made by their
   * guardian); another learner's only while they could act for them.
   */
  async viewsForLearner(
    principal: PrincipalV1,
    learnerId?: string,
  ): Promise<{ tenantId: string; learnerId: string }> {
    const me = person(principal);
    if (learnerId === undefined || learnerId === me.personId) {
      return { tenantId: me.tenantId, learnerId: me.personId };
    }
    return this.actsForLearner(me, learnerId);
  }

  /** The learners linked to a guardian, each with whether the guardian acts for them today. */
  async wardsOf(principal: PrincipalV1) {
    const me = person(principal);
    if (!me.roles.includes('guardian')) throw new ForbiddenError('only a guardian has linked learners');
    return this.guardians.wardsOf(me.tenantId, me.personId);
  }
}

function person(principal: PrincipalV1): PersonPrincipalV1 {
  if (principal.kind !== 'person') throw new ForbiddenError(PERSON_ONLY);
  return principal;
}
