// Who may manage people and groups: decided by the CASL ability (@custos/authz administration
// policy), scoped to the principal's own tenant, which every query also takes.
import { abilityWithoutPolicies, peopleOf } from '@custos/authz';
import { ForbiddenError, type PrincipalV1 } from '@custos/contracts';

export function requirePeopleAdmin(principal: PrincipalV1): void {
  if (!abilityWithoutPolicies(principal).can('manage', peopleOf(principal.tenantId))) {
    throw new ForbiddenError('managing people and groups needs the admin role');
  }
}

/** The tenant's settings (its age of digital consent) are the admin's, as its people are. */
export function requireSettingsAdmin(principal: PrincipalV1): void {
  if (!abilityWithoutPolicies(principal).can('manage', peopleOf(principal.tenantId))) {
    throw new ForbiddenError("the tenant's settings need the admin role");
  }
}
