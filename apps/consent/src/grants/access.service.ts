// Explaining access: resolving the principal an admin or learner asks about (GET /api/v1/explain), and a
// learner's own effective access (GET /api/v1/me/effective-access). Every look-up is bounded by the asker's
// tenant, so another tenant's principal is a 404.
import {
  type EffectiveAccessEntryV1,
  ForbiddenError,
  NotFoundError,
  type PrincipalV1,
  type ResolvePrincipalReplyV1,
} from '@custos/contracts';
import { Injectable } from '@nestjs/common';

import { CredentialsService } from '../credentials/index.js';
import { PeopleService } from '../people/index.js';
import { PoliciesService } from '../policies/index.js';
import { effectiveAccessOf } from './effective-access.js';
import { EffectiveAccessRepository } from './effective-access.repository.js';

@Injectable()
export class AccessService {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly people: PeopleService,
    private readonly policies: PoliciesService,
    private readonly records: EffectiveAccessRepository,
  ) {}

  /**
   * A credential or person id of the asker's tenant as the full principal its reads are decided for, with the
   * policies whose grantee it is. Whether the asker may be told anything is decided by the caller (query and
   * storage: the asker's `explain` rule on the statement); this only resolves.
   */
  async resolve(asker: PrincipalV1, principalId: string): Promise<ResolvePrincipalReplyV1> {
    const found =
      (await this.credentials.principalOf(asker.tenantId, principalId)) ??
      (await this.people.principalOf(asker.tenantId, principalId));
    if (!found) throw new NotFoundError('no such principal');
    return { ...found, policies: await this.policies.applicableViews(found.principal) };
  }

  /** Who may read what of the signed-in learner's statements today, and why. */
  async effectiveAccess(asker: PrincipalV1): Promise<EffectiveAccessEntryV1[]> {
    if (asker.kind !== 'person' || !asker.roles.includes('learner')) {
      throw new ForbiddenError('effective access is shown to a signed-in learner about themself');
    }
    const { tenantId, personId } = asker;
    const [credentials, policies, grants, objections, links] = await Promise.all([
      this.credentials.list(tenantId),
      this.policies.currentPolicies(tenantId),
      this.records.grantsOf(tenantId, personId),
      this.records.objectionsOf(tenantId, personId),
      this.records.linksOf(tenantId, personId),
    ]);
    const granteeIds = (kind: 'group' | 'person') =>
      policies.filter((p) => p.grantee.kind === kind).map((p) => p.grantee.id);
    const names = await this.records.granteeNames(tenantId, granteeIds('group'), granteeIds('person'));
    return effectiveAccessOf({
      links,
      credentials: credentials.map((c) => ({
        id: c.id,
        name: c.name,
        scopes: c.scopes,
        revoked: c.revokedAt !== null,
      })),
      policies,
      grants,
      objections,
      groupNames: names.groups,
      usernames: names.people,
    });
  }
}
