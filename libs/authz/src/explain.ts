// DESIGN "Access model", explain (GET /api/v1/explain): the statement read rules of a principal,
// split by where they come from — each xAPI scope, self access, each institution policy — each compiled to its
// own access filter from the very same rule builders as `rulesFor`. Evaluating each filter against one
// statement row (in SQL, as reads do) says which sources allow it; none means denied (default deny).
import { subject } from '@casl/ability';
import { isRedactableStatementField } from '@custos/xapi';

import { abilityWithoutPolicies, abilityWithPolicies, type AccessContext } from './ability.factory.js';
import type { AccessPrincipal } from './ability.types.js';
import type { StatementSubject } from './actions.js';
import { type AccessFilter, accessFilterFor } from './access-filter.js';
import type { LawfulBasis } from './policies/institution.policy.js';
import { redactedFieldsOf } from './redaction.js';
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

/** One read source and the statements it grants. */
export interface StatementReadSource {
  readonly source: ReadSource;
  readonly filter: AccessFilter;
  /**
   * Policies only: the statements the policy's scope covers, its lawful basis left out. A statement in scope
   * that `filter` does not grant is missing a grant (`consent`) or objected to (the objectable bases).
   */
  readonly scopeFilter?: AccessFilter;
}

/**
 * Every source that grants `principal` reading some statements, with the statements it grants. Their union is
 * what `rulesFor(principal, context)` grants (checked by explain.spec.ts).
 *
 * @throws Error as `rulesFor` does.
 */
export function statementReadSources(
  principal: AccessPrincipal,
  context: AccessContext = {},
  { scopeFilters = true }: { scopeFilters?: boolean } = {},
): StatementReadSource[] {
  const filterOf = (p: AccessPrincipal, c: AccessContext = {}) =>
    accessFilterFor(abilityWithPolicies(p, c.policies ?? []), 'read', 'Statement');
  const sources: { source: ReadSource; filter: AccessFilter | null; scopeFilter?: AccessFilter | null }[] =
    [];
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
      // `legal-obligation` adds no condition to the scope: the same rule without the basis. Only explain needs
      // it; a read's audit basis (one ability less per policy on every read) does not.
      ...(scopeFilters && {
        scopeFilter: filterOf(bare, { policies: [{ ...policy, lawfulBasis: 'legal-obligation' }] }),
      }),
    });
  }
  return sources.flatMap(({ source, filter, scopeFilter }) =>
    filter === null ? [] : [{ source, filter, ...(scopeFilter ? { scopeFilter } : {}) }],
  );
}

/**
 * The statement parts a reader does not see when exactly these sources allow a statement: none when one of
 * them reads it whole (scope, self access, a policy without redactions), else what every one of them redacts
 * (the rule of redaction.ts, applied to one statement). Nothing when no source allows it.
 */
export function redactedFieldsOfSources(allowing: readonly ReadSource[]): string[] {
  if (allowing.length === 0) return [];
  const redacting = allowing.flatMap((s) => (s.kind === 'policy' && s.redactFields.length > 0 ? [s] : []));
  if (redacting.length < allowing.length) return [];
  return redactedFieldsOf(
    {
      whole: null,
      partial: redacting.map((s) => ({
        fields: s.redactFields.filter(isRedactableStatementField),
        filter: { and: [] },
      })),
    },
    { whole: false, partial: redacting.map(() => true) },
  );
}

/**
 * Which explanation an asker gets (GET /api/v1/explain): `full` when their own right covers every statement of
 * the tenant (the admin role, a credential with scope `all`), `data-subject` when it comes only from being a
 * data subject of the statement (self access): such an asker is told nothing about another data subject's
 * grants, objections or decisions, as in their access log.
 */
export function explainViewOf(asker: AccessPrincipal): 'full' | 'data-subject' {
  const ability = abilityWithoutPolicies(asker);
  // A statement of the tenant about nobody in particular: only a tenant-wide right may have it explained.
  const aboutNobody = subject('Statement', {
    tenantId: asker.tenantId,
    authorityCredentialId: '',
    verbIri: 'v',
    objectActivityId: null,
    registration: null,
    stored: '2000-01-01T00:00:00.000Z',
    subjectIfiHashes: [],
  } satisfies StatementSubject);
  return ability.can('explain', aboutNobody) ? 'full' : 'data-subject';
}

/**
 * How much of its tenant's statements one xAPI scope lets a credential read: all of them, those the credential
 * wrote itself, or none — decided by the same rules as reads (for a learner's view of who reads their data).
 */
export function statementReadReach(scope: XapiScope): 'all' | 'own-writes' | 'none' {
  const ability = abilityWithoutPolicies({
    kind: 'credential',
    tenantId: 't',
    credentialId: 'c',
    scopes: [scope],
  });
  const writtenBy = (authorityCredentialId: string) =>
    subject('Statement', {
      tenantId: 't',
      authorityCredentialId,
      verbIri: 'v',
      objectActivityId: null,
      registration: null,
      stored: '2000-01-01T00:00:00.000Z',
      subjectIfiHashes: [],
    } satisfies StatementSubject);
  if (ability.can('read', writtenBy('another credential'))) return 'all';
  return ability.can('read', writtenBy('c')) ? 'own-writes' : 'none';
}
