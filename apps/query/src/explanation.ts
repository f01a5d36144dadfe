// The answer of GET /api/v1/explain, from the read sources of the principal (@custos/authz) and what storage
// found when it evaluated each of them against the statement row. Pure: no I/O, no statement content.
import {
  basisRequirement,
  type ReadSource,
  redactedFieldsOfSources,
  type StatementReadSource,
} from '@custos/authz';
import type {
  AllowedByV1,
  EvaluateStatementAccessReplyV1,
  ExplainSourceV1,
  ExplanationV1,
  NotAllowedByV1,
  PolicyViewV1,
} from '@custos/contracts';

type Evaluated = NonNullable<EvaluateStatementAccessReplyV1['statement']>;
type SourceResult = Evaluated['sources'][number];
type PolicySource = Extract<ReadSource, { kind: 'policy' }>;

/** What storage evaluates for each source: its filters, and for policies the consent records to name. */
export function explainSourcesOf(sources: readonly StatementReadSource[]): ExplainSourceV1[] {
  return sources.map(({ source, filter, scopeFilter }) => {
    if (source.kind !== 'policy') return { filter };
    const requirement = basisRequirement(source.lawfulBasis);
    return {
      filter,
      ...(scopeFilter !== undefined && { scopeFilter }),
      ...(requirement === 'active-grant' && { grantsOfPolicy: source.policyId }),
      ...(requirement === 'no-objection' && { objectionsOfPolicy: source.policyId }),
    };
  });
}

export interface ExplanationInput {
  statementId: string;
  principal: ExplanationV1['principal'];
  sources: readonly StatementReadSource[];
  /** The principal's policies as consent lists them (for their purpose). */
  policies: readonly PolicyViewV1[];
  evaluated: Evaluated;
}

export function explanationOf(input: ExplanationInput): ExplanationV1 {
  const { sources, evaluated } = input;
  const allowedBy: AllowedByV1[] = [];
  const notAllowedBy: NotAllowedByV1[] = [];
  const allowing: ReadSource[] = [];
  sources.forEach(({ source }, i) => {
    const result = evaluated.sources[i];
    if (result === undefined) throw new Error('storage answered fewer sources than it was asked');
    if (result.allowed) {
      allowing.push(source);
      allowedBy.push(allowedByOf(source, result, input.policies));
    } else if (source.kind === 'policy') {
      notAllowedBy.push(notAllowedByOf(source, result, input.policies));
    }
  });
  return {
    statementId: input.statementId,
    principal: input.principal,
    decision: allowedBy.length > 0 ? 'allowed' : 'denied',
    voided: evaluated.voided,
    allowedBy,
    notAllowedBy,
    redactedFields: redactedFieldsOfSources(allowing),
  };
}

function policyRef(source: PolicySource, policies: readonly PolicyViewV1[]) {
  const view = policies.find((p) => p.id === source.policyId && p.version === source.version);
  if (!view) throw new Error('a read source names a policy consent did not list');
  return {
    policyId: source.policyId,
    version: source.version,
    purpose: view.purpose,
    lawfulBasis: view.lawfulBasis,
  };
}

function allowedByOf(
  source: ReadSource,
  result: SourceResult,
  policies: readonly PolicyViewV1[],
): AllowedByV1 {
  switch (source.kind) {
    case 'scope':
      return { kind: 'scope', scope: source.scope };
    case 'self':
      return { kind: 'self' };
    case 'policy':
      return {
        kind: 'policy',
        ...policyRef(source, policies),
        redactFields: [...source.redactFields],
        ...(result.grantIds !== undefined && { grantIds: result.grantIds }),
      };
  }
}

// In scope but not allowed can only be the lawful basis: no covering grant, or an objection.
function notAllowedByOf(
  source: PolicySource,
  result: SourceResult,
  policies: readonly PolicyViewV1[],
): NotAllowedByV1 {
  const ref = policyRef(source, policies);
  if (result.inScope !== true) return { ...ref, reason: 'out-of-scope' };
  switch (basisRequirement(source.lawfulBasis)) {
    case 'active-grant':
      return { ...ref, reason: 'no-active-grant' };
    case 'no-objection':
      return { ...ref, reason: 'objected', objectionIds: result.objectionIds ?? [] };
    case 'nothing':
      // A legal-obligation policy allows everything in its scope; reaching here means the two disagree.
      throw new Error('a legal-obligation policy in scope did not allow');
  }
}
