// DESIGN "Access model", explain (groundwork for GET /api/v1/explain): the statement read rules of a principal,
// split by where they come from — each xAPI scope, self access, each institution policy — each compiled to its
// own access filter from the very same rule builders as `rulesFor`. Evaluating each filter against one
// statement row (in SQL, as reads do) says which sources allow it; none means denied (default deny).
import { createMongoAbility } from '@casl/ability';

import { type AccessContext, rulesFor } from './ability.factory.js';
import type { AccessPrincipal, AppAbility } from './ability.types.js';
import { type AccessFilter, accessFilterFor } from './access-filter.js';
import type { LawfulBasis } from './policies/institution.policy.js';
import { parseScopes, type XapiScope } from './scopes.js';

/** Where a statement read permission comes from. */
export type ReadSource =
  | { readonly kind: 'scope'; readonly scope: XapiScope }
  | { readonly kind: 'self' }
  | {
      readonly kind: 'policy';
      readonly policyId: string;
      readonly version: number;
      readonly lawfulBasis: LawfulBasis;
      readonly redactFields: readonly string[];
    };

/**
 * Every source that grants `principal` reading some statements, with the statements it grants. Their union is
 * what `rulesFor(principal, context)` grants (checked by explain.spec.ts).
 *
 * @throws Error as `rulesFor` does.
 */
export function statementReadSources(
  principal: AccessPrincipal,
  context: AccessContext = {},
): { source: ReadSource; filter: AccessFilter }[] {
  const filterOf = (p: AccessPrincipal, c: AccessContext = {}) =>
    accessFilterFor(createMongoAbility<AppAbility>(rulesFor(p, c)), 'read', 'Statement');
  const sources: { source: ReadSource; filter: AccessFilter | null }[] = [];
  if (principal.kind === 'person') {
    sources.push({ source: { kind: 'self' }, filter: filterOf(principal) });
  } else {
    for (const scope of new Set(parseScopes(principal.scopes))) {
      sources.push({ source: { kind: 'scope', scope }, filter: filterOf({ ...principal, scopes: [scope] }) });
    }
  }
  // A policy alone: the same tenant, no scopes, no self access.
  const bare = {
    kind: 'credential' as const,
    tenantId: principal.tenantId,
    credentialId: 'explain',
    scopes: [],
  };
  for (const policy of context.policies ?? []) {
    sources.push({
      source: {
        kind: 'policy',
        policyId: policy.id,
        version: policy.version,
        lawfulBasis: policy.lawfulBasis,
        redactFields: policy.redactFields ?? [],
      },
      filter: filterOf(bare, { policies: [policy] }),
    });
  }
  return sources.filter((s): s is { source: ReadSource; filter: AccessFilter } => s.filter !== null);
}
