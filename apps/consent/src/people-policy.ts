// Who may manage people and groups. Deliberately a small explicit rule until it moves into the
// CASL ability factory of @custos/authz: a person holding the `admin` role, in their own tenant
// (the tenant bound is enforced by every query, which takes the principal's tenant).
import { ForbiddenError, type PrincipalV1 } from '@custos/contracts';

export function canAdministerPeople(principal: PrincipalV1): boolean {
  return principal.kind === 'person' && principal.roles.includes('admin');
}

export function requirePeopleAdmin(principal: PrincipalV1): void {
  if (!canAdministerPeople(principal)) {
    throw new ForbiddenError('managing people and groups needs the admin role');
  }
}
