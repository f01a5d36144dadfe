// Explaining access (GET /api/v1/explain: who may read one statement, by which rule) and a learner's effective
// access (GET /api/v1/me/effective-access: who may read what of their data today, and why). Neither carries
// statement content.
import { z } from 'zod';

import { LawfulBasisV1, PolicyScopeV1, PolicyViewV1, PurposeV1 } from './policies.js';
import { PrincipalV1 } from './principal.js';
import { AuditContextV1 } from './statements.js';

// Statement ids are any UUID (xAPI Data §2.4.1), not only RFC 9562 variants; principal ids are asked for
// with the same lenient syntax, so a well-formed but unknown one is a 404, never a 400.
const StatementId = z.guid();
const AccessFilterJson = z.unknown();

/** query.v1.statements.explain: `principal` asks about `principalId` (default: themself). */
export const ExplainStatementV1 = z.object({
  principal: PrincipalV1,
  statementId: StatementId,
  principalId: z.guid().optional(),
});
export type ExplainStatementV1 = z.infer<typeof ExplainStatementV1>;

const PolicyRef = {
  policyId: z.uuid(),
  version: z.number().int().positive(),
  purpose: PurposeV1,
  lawfulBasis: LawfulBasisV1,
};

/** A rule that lets the principal read the statement. */
export const AllowedByV1 = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scope'), scope: z.string() }),
  z.object({ kind: z.literal('self') }),
  z.object({
    kind: z.literal('policy'),
    ...PolicyRef,
    redactFields: z.array(z.string()),
    /** `consent` policies: the learner grants that cover this statement. */
    grantIds: z.array(z.uuid()).optional(),
  }),
]);
export type AllowedByV1 = z.infer<typeof AllowedByV1>;

/**
 * A policy of the principal that does not let it read the statement: the statement is outside its scope, no
 * data subject holds an active grant covering it (`consent`), or one objected (the objectable bases).
 */
export const NotAllowedByV1 = z.object({
  ...PolicyRef,
  reason: z.enum(['out-of-scope', 'no-active-grant', 'objected']),
  objectionIds: z.array(z.uuid()).optional(),
});
export type NotAllowedByV1 = z.infer<typeof NotAllowedByV1>;

/** A policy named without its outcome (see `ExplanationV1.withheld`). */
export const WithheldPolicyV1 = z.object(PolicyRef);
export type WithheldPolicyV1 = z.infer<typeof WithheldPolicyV1>;

export const ExplanationV1 = z.object({
  statementId: z.string(),
  /**
   * `full`: for whoever may have any statement of the tenant explained (an admin, a credential with `all`).
   * `data-subject`: for a learner asking about a statement about them — it names only their own grants and
   * objections, and never says how another data subject's grant or objection decided a policy.
   */
  view: z.enum(['full', 'data-subject']),
  /** `active: false`: a revoked credential or a disabled person, which reads nothing. */
  principal: z.object({ kind: z.enum(['credential', 'person']), id: z.string(), active: z.boolean() }),
  decision: z.enum(['allowed', 'denied']),
  /** A voided statement is read only through voidedStatementId (xAPI Communication §2.1.3). */
  voided: z.boolean(),
  allowedBy: z.array(AllowedByV1),
  notAllowedBy: z.array(NotAllowedByV1),
  /**
   * Parts the principal would not see: what every rule in `allowedBy` redacts; empty when `allowedBy` is empty
   * or some rule in it reads the statement whole.
   */
  redactedFields: z.array(z.string()),
  /**
   * `data-subject` view only: the principal's policies whose outcome on this statement rests on the grant or
   * objection of another data subject of it; neither listed in `allowedBy` nor in `notAllowedBy`.
   */
  withheld: z.array(WithheldPolicyV1).optional(),
});
export type ExplanationV1 = z.infer<typeof ExplanationV1>;

/** consent.v1.principals.resolve: a credential or person id of the asker's tenant, as a full principal. */
export const ResolvePrincipalV1 = z.object({ principal: PrincipalV1, principalId: z.guid() });
export type ResolvePrincipalV1 = z.infer<typeof ResolvePrincipalV1>;

export const ResolvePrincipalReplyV1 = z.object({
  principal: PrincipalV1,
  /** False for a revoked credential or a disabled person. */
  active: z.boolean(),
  /** The current versions of the policies whose grantee the principal is. */
  policies: z.array(PolicyViewV1),
});
export type ResolvePrincipalReplyV1 = z.infer<typeof ResolvePrincipalReplyV1>;

/** One read source as storage evaluates it: its access filters and the consent records to name. */
export const ExplainSourceV1 = z.object({
  filter: AccessFilterJson,
  /** Policies: the scope without the lawful basis. */
  scopeFilter: AccessFilterJson.optional(),
  /** List the active grants of this policy that cover the statement. */
  grantsOfPolicy: z.uuid().optional(),
  /** List the objections to this policy by a data subject of the statement. */
  objectionsOfPolicy: z.uuid().optional(),
});
export type ExplainSourceV1 = z.infer<typeof ExplainSourceV1>;

/** storage.v1.statements.explain: evaluates every source against one statement, in one query, audited. */
export const EvaluateStatementAccessV1 = z.object({
  tenantId: z.string().min(1),
  statementId: StatementId,
  /** Which statements the asker may have explained; the statement must match it or the answer is null. */
  askerFilter: AccessFilterJson,
  sources: z.array(ExplainSourceV1).max(1000),
  /**
   * A data subject's explanation: list only the grants and objections held through these identifiers (the
   * asker's), and say whether the statement has other data subjects. Absent: list every one.
   */
  ownIfiHashes: z.array(z.string()).max(1000).optional(),
  audit: AuditContextV1,
});
export type EvaluateStatementAccessV1 = z.infer<typeof EvaluateStatementAccessV1>;

export const EvaluateStatementAccessReplyV1 = z.object({
  /** Null when the tenant has no such statement or the asker may not have it explained. */
  statement: z
    .object({
      voided: z.boolean(),
      /** With `ownIfiHashes`: the statement has a data subject not among them. */
      otherSubjects: z.boolean().optional(),
      /** One per request source, in order. */
      sources: z.array(
        z.object({
          allowed: z.boolean(),
          inScope: z.boolean().optional(),
          grantIds: z.array(z.string()).optional(),
          objectionIds: z.array(z.string()).optional(),
        }),
      ),
    })
    .nullable(),
});
export type EvaluateStatementAccessReplyV1 = z.infer<typeof EvaluateStatementAccessReplyV1>;

/** Who an effective-access entry is about. */
export const AccessHolderV1 = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('self'),
    /**
     * Whoever reads as the learner: the identifiers linked to them (each belongs to no other person of the
     * tenant), as Agent identifiers (an mbox without its derived mbox_sha1sum), with when each was linked.
     */
    identifiers: z
      .array(z.object({ agent: z.record(z.string(), z.unknown()), linkedAt: z.string() }))
      .optional(),
  }),
  z.object({
    kind: z.literal('credential'),
    id: z.string(),
    name: z.string().optional(),
    scopes: z.array(z.string()),
  }),
  z.object({ kind: z.literal('role'), role: z.string() }),
  z.object({ kind: z.literal('group'), id: z.string(), name: z.string().optional() }),
  z.object({ kind: z.literal('person'), id: z.string(), username: z.string().optional() }),
]);
export type AccessHolderV1 = z.infer<typeof AccessHolderV1>;

/** Why an entry is active or not, in one word. */
export const AccessBecauseV1 = z.enum([
  'self-access',
  'no-linked-agent',
  'xapi-scope',
  'legal-obligation',
  'no-objection',
  'objected',
  'granted',
  'no-grant',
  'grant-expired',
  'grant-for-older-version',
  'credential-revoked',
]);
export type AccessBecauseV1 = z.infer<typeof AccessBecauseV1>;

/** One way the learner's statements can be read today. */
export const EffectiveAccessEntryV1 = z.object({
  who: AccessHolderV1,
  what: z.object({
    /**
     * `all`: every statement about the learner; `written-by-them`: those the credential itself wrote; a scope:
     * the statements about the learner it covers (a part left out does not restrict).
     */
    statements: z.union([z.literal('all'), z.literal('written-by-them'), PolicyScopeV1]),
    redactedFields: z.array(z.string()),
  }),
  why: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('self-access') }),
    z.object({ kind: z.literal('xapi-scope'), scope: z.string() }),
    z.object({ kind: z.literal('policy'), ...PolicyRef }),
  ]),
  status: z.enum(['active', 'inactive']),
  because: AccessBecauseV1,
  grantId: z.uuid().optional(),
  expiresAt: z.string().nullable().optional(),
  objectionId: z.uuid().optional(),
});
export type EffectiveAccessEntryV1 = z.infer<typeof EffectiveAccessEntryV1>;

/** consent.v1.access.effective: the signed-in learner's own effective access. */
export const GetEffectiveAccessV1 = z.object({ principal: PrincipalV1 });
export type GetEffectiveAccessV1 = z.infer<typeof GetEffectiveAccessV1>;

export const EffectiveAccessReplyV1 = z.object({ entries: z.array(EffectiveAccessEntryV1) });
export type EffectiveAccessReplyV1 = z.infer<typeof EffectiveAccessReplyV1>;
