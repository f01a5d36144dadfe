// The read sources a statement read sends storage so its audit record can name which of them allowed what it
// returned (DESIGN "Audit", basis): each xAPI scope, self access, each institution policy — the very sources
// explain evaluates (`statementReadSources` of @custos/authz), from the rules and policies consent returned.
import { basisOfReadSource, basisRequirement, statementReadSources } from '@custos/authz';
import type { GetAbilityReplyV1, PrincipalV1, ReadBasisSourceV1 } from '@custos/contracts';

export function readBasisSourcesOf(
  principal: PrincipalV1,
  policies: GetAbilityReplyV1['policies'] = [],
): ReadBasisSourceV1[] {
  return statementReadSources(principal, { policies }, { scopeFilters: false }).map(({ source, filter }) => ({
    basis: basisOfReadSource(source),
    filter,
    ...(source.kind === 'policy' && basisRequirement(source.lawfulBasis) === 'active-grant'
      ? { grantsOfPolicy: source.policyId }
      : {}),
  }));
}
