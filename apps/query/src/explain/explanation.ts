// The answer of GET /api/v1/explain, from the read sources of the principal (@custos/authz) and what storage
// found when it evaluated each of them against the statement row. Pure: no I/O, no statement content.
//
// Two views (docs/access-model.md, "Explain one decision"). The full view, for a tenant-wide right, names every
// grant and objection. The data-subject view, for a learner asking about a statement about them, follows the rule
// of their access log: nothing about another learner's grants, objections or decisions. Storage already lists
// only the learner's own records; here, a policy whose outcome another data subject's grant or objection could
// have decided is named without its outcome (`withheld`), so what the learner is told is a function of the
// policies, the statement and their own records alone — besides the overall decision, which is theirs to know.
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
  WithheldPolicyV1,
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
  view: ExplanationV1['view'];
}

export function explanationOf(input: ExplanationInput): ExplanationV1 {
  const { sources, evaluated, view } = input;
  const allowedBy: AllowedByV1[] = [];
  const notAllowedBy: NotAllowedByV1[] = [];
  const withheld: WithheldPolicyV1[] = [];
  const allowing: ReadSource[] = [];
  let allowed = false;
  sources.forEach(({ source }, i) => {
    const result = evaluated.sources[i];
    if (result === undefined) throw new Error('storage answered fewer sources than it was asked');
    allowed ||= result.allowed;
    if (view === 'data-subject' && source.kind === 'policy' && restsOnOthers(source, result, evaluated)) {
      withheld.push(policyRef(source, input.policies));
    } else if (result.allowed) {
      allowing.push(source);
      allowedBy.push(allowedByOf(source, result, input.policies));
    } else if (source.kind === 'policy') {
      notAllowedBy.push(notAllowedByOf(source, result, input.policies));
    }
  });
  return {
    statementId: input.statementId,
    view,
    principal: input.principal,
    decision: allowed ? 'allowed' : 'denied',
    voided: evaluated.voided,
    allowedBy,
    notAllowedBy,
    redactedFields: redactedFieldsOfSources(allowing),
    ...(view === 'data-subject' && { withheld }),
  };
}

/**
 * Whether another data subject's grant or objection could have decided this policy on the statement, as far as
 * the asking learner can tell (their own records, and whether the statement is about anyone else; never the
 * others' records). Out of scope, a legal obligation, the learner's own covering grant or own objection decide
 * it whatever anyone else did.
 */
function restsOnOthers(source: PolicySource, result: SourceResult, evaluated: Evaluated): boolean {
  if (result.inScope !== true) return false;
  switch (basisRequirement(source.lawfulBasis)) {
    case 'nothing':
      return false;
    case 'active-grant':
      if ((result.grantIds ?? []).length > 0) return false;
      break;
    case 'no-objection':
      if ((result.objectionIds ?? []).length > 0) return false;
      break;
  }
  // Not told whether there are others: assume there are (fail closed).
  return evaluated.otherSubjects !== false;
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
