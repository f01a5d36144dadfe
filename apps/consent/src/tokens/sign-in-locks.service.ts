// A tenant admin lifts a sign-in lockout of one of the tenant's people or credentials (sign-in-throttle.ts).
// Who may is decided by the CASL administration policy; the lifting is a change, recorded in the tenant's chain.
import { abilityWithoutPolicies, signInsOf } from '@custos/authz';
import { ForbiddenError, NotFoundError, type PrincipalV1, type UnlockSignInV1 } from '@custos/contracts';
import { UnitsOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { adminActor, type Change, ChangeLog } from '../change-log/index.js';
import {
  credentialSubject,
  personSubject,
  SignInThrottle,
  type ThrottleSubject,
} from './sign-in-throttle.js';
import { SignInTargetRepository } from './sign-in-target.repository.js';

@Injectable()
export class SignInLocks {
  constructor(
    private readonly targets: SignInTargetRepository,
    private readonly throttle: SignInThrottle,
    private readonly changes: ChangeLog,
    private readonly units: UnitsOfWork,
  ) {}

  async unlock(principal: PrincipalV1, target: UnlockSignInV1['target']): Promise<{ wasLocked: boolean }> {
    const { tenantId } = principal;
    if (!abilityWithoutPolicies(principal).can('manage', signInsOf(tenantId))) {
      throw new ForbiddenError('lifting a sign-in lockout needs the admin role');
    }
    let subject: ThrottleSubject;
    let change: Omit<Change, 'query'> & { query: Record<string, unknown> };
    if ('personId' in target) {
      const person = await this.targets.person(tenantId, target.personId);
      if (!person) throw new NotFoundError('no such person');
      subject = personSubject(tenantId, person.username);
      change = {
        action: 'login.unlock',
        resource: 'person',
        query: { personId: person.id },
        personIds: [person.id],
      };
    } else {
      const credential = await this.targets.credential(tenantId, target.credentialId);
      if (!credential) throw new NotFoundError('no such credential');
      subject = credentialSubject(credential.key, tenantId);
      change = { action: 'login.unlock', resource: 'credential', query: { credentialId: credential.id } };
    }
    return this.units.run(async (uow) => {
      const wasLocked = await this.throttle.unlock(subject, uow);
      await this.changes.record(uow, tenantId, adminActor(principal), {
        ...change,
        query: { ...change.query, wasLocked },
      });
      return { wasLocked };
    });
  }
}
