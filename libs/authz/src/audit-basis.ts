// DESIGN "Audit", the basis of a record: which parts of a principal's access let a request through — an xAPI
// scope, self access, a credential's own writes, an institution policy (with the learner grants it relied on)
// or a role. Derived from the very same rule builders as `rulesFor`, one part of the principal at a time.

import { abilityWithoutPolicies } from './ability.factory.js';
import type { AccessPrincipal } from './ability.types.js';
import type { Action, SubjectName } from './actions.js';
import { accessFilterFor } from './access-filter.js';
import type { ReadSource } from './explain.js';
import { statementReadReach } from './explain.js';
import { bindFilterFields, isFalseFilter } from './filter-bind.js';
import { parseScopes, type XapiScope } from './scopes.js';

/** One entry of an audit record's `basis` (docs/audit.md). */
export type AuditBasis =
  | { kind: 'scope'; scope: XapiScope }
  | { kind: 'self' }
  | { kind: 'own-writes' }
  | { kind: 'policy'; policyId: string; version: number; grantIds?: string[] }
  | { kind: 'role'; role: string };

/** A statement read source as the audit names it: `statements/read/mine` is the credential's own writes. */
export function basisOfReadSource(source: ReadSource): AuditBasis {
  switch (source.kind) {
    case 'scope':
      return statementReadReach(source.scope) === 'own-writes'
        ? { kind: 'own-writes' }
        : { kind: 'scope', scope: source.scope };
    case 'self':
      return { kind: 'self' };
    case 'policy':
      return { kind: 'policy', policyId: source.policyId, version: source.version };
  }
}

/**
 * The parts of the principal's own access (each xAPI scope of a credential; each role of a person, `learner`
 * being self access) that grant `action` on some `subjectName` — restricted to records whose fields `known`
 * have the given values (e.g. a document `kind`). Institution policies are not looked at: they are named by
 * {@link basisOfReadSource} where they apply.
 *
 * @throws Error as `rulesFor` does.
 */
export function ownAccessBasis(
  principal: AccessPrincipal,
  action: Action,
  subjectName: SubjectName,
  known: Readonly<Record<string, string | number | boolean>> = {},
): AuditBasis[] {
  const grants = (p: AccessPrincipal) => {
    const filter = accessFilterFor(abilityWithoutPolicies(p), action, subjectName);
    return filter !== null && !isFalseFilter(bindFilterFields(filter, known));
  };
  if (principal.kind === 'person') {
    return [...new Set(principal.roles)]
      .filter((role) => grants({ ...principal, roles: [role] }))
      .map((role): AuditBasis => (role === 'learner' ? { kind: 'self' } : { kind: 'role', role }));
  }
  return [...new Set(parseScopes(principal.scopes))]
    .filter((scope) => grants({ ...principal, scopes: [scope] }))
    .map((scope): AuditBasis =>
      subjectName === 'Statement' && action === 'read'
        ? basisOfReadSource({ kind: 'scope', scope })
        : { kind: 'scope', scope },
    );
}
