// The records of processing of a tenant (GDPR Art. 30(1); docs/privacy-operations.md "Records of processing"):
// one activity per current institution policy (its purpose, lawful basis, recipients, categories of data, the
// retention rules that reach its records), the tenant's retention rules, and the safeguards Custos applies to all
// of them. Built from the policies (consent) and retention rules (storage) as they are when asked; no learner data.
import { z } from 'zod';

import { GranteeV1, LawfulBasisV1, PolicyScopeV1, PurposeV1 } from './policies.js';
import { PrincipalV1 } from './principal.js';
import { RetentionRuleV1 } from './retention.js';

/** GET /api/v1/records-of-processing, and the parts' requests for what it is built from. */
export const RecordsOfProcessingRequestV1 = z.object({ principal: PrincipalV1 });
export type RecordsOfProcessingRequestV1 = z.infer<typeof RecordsOfProcessingRequestV1>;

export const ProcessingActivityV1 = z.object({
  policyId: z.uuid(),
  version: z.number().int().positive(),
  /** When this version of the policy took effect. */
  since: z.string(),
  purpose: PurposeV1,
  lawfulBasis: LawfulBasisV1,
  /** What the learner can do about it: give (and withdraw) consent, object, or nothing (another basis). */
  learnerChoice: z.enum(['consent', 'objection', 'none']),
  /** Who receives the data: a role, a group, a person or an xAPI client (by id). */
  recipients: z.array(GranteeV1),
  /** Whose data: learners whose xAPI statements fall in `categories.scope`. */
  dataSubjects: z.string(),
  categories: z.object({
    /** Which statements: the policy's scope (an absent part does not restrict). */
    scope: PolicyScopeV1,
    /** The parts of those statements the recipients see. */
    disclosed: z.array(z.string()),
    /** The parts removed before the recipients see them (the policy's redaction). */
    removed: z.array(z.string()),
  }),
  /** The ids of the tenant's retention rules that can reach statements in the scope; empty: none does. */
  retentionRuleIds: z.array(z.uuid()),
});
export type ProcessingActivityV1 = z.infer<typeof ProcessingActivityV1>;

export const SafeguardV1 = z.object({ id: z.string(), text: z.string() });
export type SafeguardV1 = z.infer<typeof SafeguardV1>;

export const RecordsOfProcessingV1 = z.object({
  tenantId: z.string(),
  generatedAt: z.string(),
  activities: z.array(ProcessingActivityV1),
  retentionRules: z.array(RetentionRuleV1),
  safeguards: z.array(SafeguardV1),
});
export type RecordsOfProcessingV1 = z.infer<typeof RecordsOfProcessingV1>;
