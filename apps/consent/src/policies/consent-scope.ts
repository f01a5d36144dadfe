// Pure rules of institution policies and learner consent: what a grant may narrow, who may object, and the
// consent receipt (ISO/IEC TS 27560 fields) each change hands back. No I/O here.
import type { InstitutionPolicy } from '@custos/authz';
import type {
  ConsentReceiptV1,
  GrantScopeV1,
  LawfulBasisV1,
  PolicyScopeV1,
  PolicyViewV1,
} from '@custos/contracts';

export interface FieldError {
  path: string;
  message: string;
}

/** Only these bases let a learner object (GDPR Art. 21 covers Art. 6(1)(e) and (f); contract by our choice). */
export const canObjectTo = (basis: LawfulBasisV1): boolean =>
  basis === 'legitimate-interest' || basis === 'contract' || basis === 'public-task';

/**
 * Why `grant` is wider than `policy` (empty when it is equal or narrower): every verb must be one of the
 * policy's verbs, every activity prefix must start with one of the policy's prefixes.
 */
export function grantScopeErrors(policy: PolicyScopeV1, grant: GrantScopeV1): FieldError[] {
  const errors: FieldError[] = [];
  const policyVerbs = policy.verbs;
  if (policyVerbs) {
    grant.verbs?.forEach((verb, i) => {
      if (!policyVerbs.includes(verb)) {
        errors.push({ path: `scope.verbs[${i}]`, message: 'not a verb of the policy' });
      }
    });
  }
  const policyPrefixes = policy.activityPrefixes;
  if (policyPrefixes) {
    grant.activityPrefixes?.forEach((prefix, i) => {
      if (!policyPrefixes.some((p) => prefix.startsWith(p))) {
        errors.push({
          path: `scope.activityPrefixes[${i}]`,
          message: 'not within an activity prefix of the policy',
        });
      }
    });
  }
  return errors;
}

/** A scope with its instants written as `Date#toISOString`, so string comparison is time order everywhere. */
export function normalizeScope(scope: PolicyScopeV1): PolicyScopeV1 {
  return {
    ...scope,
    ...(scope.storedFrom !== undefined && { storedFrom: new Date(scope.storedFrom).toISOString() }),
    ...(scope.storedUntil !== undefined && { storedUntil: new Date(scope.storedUntil).toISOString() }),
  };
}

/** The current version of a policy as the ability factory takes it. */
export const institutionPolicyOf = (p: PolicyViewV1): InstitutionPolicy => ({
  id: p.id,
  version: p.version,
  tenantId: p.tenantId,
  lawfulBasis: p.lawfulBasis,
  scope: p.scope,
  redactFields: p.redactFields,
});

export function receiptOf(input: {
  receiptId: string;
  timestamp: Date;
  personId: string;
  actedBy: NonNullable<ConsentReceiptV1['actedBy']>;
  policy: PolicyViewV1;
  record: ConsentReceiptV1['record'];
  scope: PolicyScopeV1;
  expiry: Date | null;
  status: ConsentReceiptV1['status'];
}): ConsentReceiptV1 {
  const { policy } = input;
  return {
    receiptId: input.receiptId,
    timestamp: input.timestamp.toISOString(),
    controller: { tenantId: policy.tenantId },
    dataSubject: { personId: input.personId },
    recipient: policy.grantee,
    purpose: policy.purpose,
    lawfulBasis: policy.lawfulBasis,
    policy: { id: policy.id, version: policy.version },
    record: input.record,
    scope: input.scope,
    expiry: input.expiry ? input.expiry.toISOString() : null,
    status: input.status,
    actedBy: input.actedBy,
  };
}
