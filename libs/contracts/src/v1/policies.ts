// Institution policies (admin API) and a learner's grants, objections and consent receipts (learner API).
// The HTTP bodies are parsed with these same schemas at the gateway, so a bad field is a 400 naming it.
import { REDACTABLE_STATEMENT_FIELDS } from '@custos/xapi';
import { z } from 'zod';

import { PersonRole, PrincipalV1 } from './principal.js';

export const LawfulBasisV1 = z.enum([
  'consent',
  'legitimate-interest',
  'contract',
  'public-task',
  'legal-obligation',
]);
export type LawfulBasisV1 = z.infer<typeof LawfulBasisV1>;

const Iri = z.string().min(1).max(2048);
const Instant = z.iso.datetime({ offset: true });

/** What a policy covers; an absent part does not restrict. */
export const PolicyScopeV1 = z.strictObject({
  /** The statement's object is an Activity whose id starts with one of these. */
  activityPrefixes: z.array(Iri).min(1).max(100).optional(),
  verbs: z.array(Iri).min(1).max(100).optional(),
  registrations: z.array(z.uuid()).min(1).max(100).optional(),
  /** Stored at or after (inclusive). */
  storedFrom: Instant.optional(),
  /** Stored before (exclusive). */
  storedUntil: Instant.optional(),
  /**
   * Per kind of context activity, IRI prefixes: the statement's own `context.contextActivities.<kind>` holds an
   * Activity whose id starts with one of them. Several kinds: each must hold.
   */
  contextActivities: z
    .strictObject({
      parent: z.array(Iri).min(1).max(100).optional(),
      grouping: z.array(Iri).min(1).max(100).optional(),
      category: z.array(Iri).min(1).max(100).optional(),
      other: z.array(Iri).min(1).max(100).optional(),
    })
    .refine((c) => Object.keys(c).length > 0, 'must name at least one of parent, grouping, category, other')
    .optional(),
});

/**
 * A scope as an admin writes it. A time window must be a window: `storedUntil` after `storedFrom` (an empty or
 * reversed one covers nothing, which is no policy anyone meant to write). Views keep the plain shape, so a
 * policy stored before this rule is still shown.
 */
export const PolicyScopeBodyV1 = PolicyScopeV1.superRefine((scope, ctx) => {
  const { storedFrom, storedUntil } = scope;
  if (
    storedFrom !== undefined &&
    storedUntil !== undefined &&
    Date.parse(storedUntil) <= Date.parse(storedFrom)
  ) {
    ctx.addIssue({ code: 'custom', path: ['storedUntil'], message: 'must be later than storedFrom' });
  }
});
export type PolicyScopeV1 = z.infer<typeof PolicyScopeV1>;

export const GranteeV1 = z.strictObject({
  kind: z.enum(['credential', 'role', 'group', 'person']),
  /** A credential id, a role name, a group id or a person id. */
  id: z.string().min(1).max(200),
});
export type GranteeV1 = z.infer<typeof GranteeV1>;

/**
 * A grantee as an admin writes it: a role is one of the person roles, anything else the uuid of a credential,
 * group or person (consent then checks that it exists in the tenant).
 */
export const GranteeBodyV1 = GranteeV1.superRefine((grantee, ctx) => {
  const ok =
    grantee.kind === 'role'
      ? PersonRole.safeParse(grantee.id).success
      : z.uuid().safeParse(grantee.id).success;
  if (!ok) {
    ctx.addIssue({
      code: 'custom',
      path: ['id'],
      message:
        grantee.kind === 'role'
          ? `must be one of ${PersonRole.options.join(', ')}`
          : `must be the id (a uuid) of a ${grantee.kind}`,
    });
  }
});

export const PurposeV1 = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1-100 letters, digits, ".", "_", ":" or "-"'),
  text: z.string().trim().min(1).max(2000),
});
export type PurposeV1 = z.infer<typeof PurposeV1>;

/**
 * What storage does with a statement that a credential bound to this policy's purpose writes about a learner who
 * has no basis under it (no active grant of a consent policy, an objection to a legitimate-interest one):
 * refuse the whole batch, hold it encrypted and unreadable until a grant arrives (or drop it after `holdDays`),
 * or store it with the learner's identifiers pseudonymised (docs/privacy-operations.md "Write purposes").
 */
export const WriteWithoutBasisV1 = z.enum(['reject', 'hold', 'pseudonymise']);
export type WriteWithoutBasisV1 = z.infer<typeof WriteWithoutBasisV1>;

export const WRITE_WITHOUT_BASIS_DEFAULT: WriteWithoutBasisV1 = 'reject';

/** How long a held statement waits for a grant before it is dropped. */
export const HoldDaysV1 = z.number().int().min(1).max(366);
export const HOLD_DAYS_DEFAULT = 30;

export const PolicyBodyV1 = z.strictObject({
  grantee: GranteeBodyV1,
  purpose: PurposeV1,
  lawfulBasis: LawfulBasisV1,
  scope: PolicyScopeBodyV1.default({}),
  /** Statement parts the grantee never sees (dotted paths from `REDACTABLE_STATEMENT_FIELDS`). */
  redactFields: z
    .array(z.enum(REDACTABLE_STATEMENT_FIELDS))
    .max(REDACTABLE_STATEMENT_FIELDS.length)
    .refine((f) => new Set(f).size === f.length, 'must not repeat a field')
    .default([]),
  /** Absent: `reject` (WRITE_WITHOUT_BASIS_DEFAULT). */
  onWriteWithoutBasis: WriteWithoutBasisV1.optional(),
  /** Absent: 30 (HOLD_DAYS_DEFAULT). */
  holdDays: HoldDaysV1.optional(),
});
export type PolicyBodyV1 = z.infer<typeof PolicyBodyV1>;

export const PolicyViewV1 = z.object({
  id: z.uuid(),
  version: z.number().int().positive(),
  tenantId: z.string(),
  grantee: GranteeV1,
  purpose: PurposeV1,
  lawfulBasis: LawfulBasisV1,
  scope: PolicyScopeV1,
  redactFields: z.array(z.string()),
  onWriteWithoutBasis: WriteWithoutBasisV1,
  holdDays: HoldDaysV1,
  createdAt: z.string(),
  createdBy: z.string(),
  supersededAt: z.string().nullable(),
});
export type PolicyViewV1 = z.infer<typeof PolicyViewV1>;

/** A learner's grant may narrow the policy: fewer activity prefixes (or longer ones), fewer verbs. */
export const GrantScopeV1 = PolicyScopeV1.pick({ activityPrefixes: true, verbs: true });
export type GrantScopeV1 = z.infer<typeof GrantScopeV1>;

export const GrantBodyV1 = z.strictObject({
  policyId: z.uuid(),
  /** Must be in the future (by the database's clock, as expiry is judged): consent checks it when granting. */
  expiresAt: Instant.optional(),
  scope: GrantScopeV1.optional(),
});
export type GrantBodyV1 = z.infer<typeof GrantBodyV1>;

export const ObjectionBodyV1 = z.strictObject({ policyId: z.uuid() });
export type ObjectionBodyV1 = z.infer<typeof ObjectionBodyV1>;

/**
 * A consent receipt with the fields of ISO/IEC TS 27560 (consent record information structure): who
 * controls the data, whose data, who receives it, for what purpose and on what basis, over what, until when,
 * and the state the record is now in.
 */
export const ConsentReceiptV1 = z.object({
  receiptId: z.uuid(),
  timestamp: z.string(),
  controller: z.object({ tenantId: z.string() }),
  dataSubject: z.object({ personId: z.uuid() }),
  recipient: GranteeV1,
  purpose: PurposeV1,
  lawfulBasis: LawfulBasisV1,
  policy: z.object({ id: z.uuid(), version: z.number().int().positive() }),
  record: z.object({ type: z.enum(['grant', 'objection']), id: z.uuid() }),
  scope: PolicyScopeV1,
  expiry: z.string().nullable(),
  status: z.enum(['granted', 'revoked', 'objected', 'objection-withdrawn']),
  /**
   * Who made the change: the data subject themself (`self`), or a guardian acting for a learner who is a minor
   * (`guardian`, with the guardian's person id). Receipts from before guardians existed lack it: the learner acted.
   */
  actedBy: z.object({ personId: z.uuid(), as: z.enum(['self', 'guardian']) }).optional(),
});
export type ConsentReceiptV1 = z.infer<typeof ConsentReceiptV1>;

/** A policy asking the learner for consent, with the learner's current grant of it if any. */
export const ConsentRequestV1 = z.object({
  policy: PolicyViewV1,
  grant: z.object({ id: z.uuid(), expiresAt: z.string().nullable(), scope: GrantScopeV1 }).nullable(),
});
export type ConsentRequestV1 = z.infer<typeof ConsentRequestV1>;

const Asked = { principal: PrincipalV1 };

export const ListPoliciesV1 = z.object(Asked);
export const ListPoliciesReplyV1 = z.object({ policies: z.array(PolicyViewV1) });
export const CreatePolicyV1 = z.object({ ...Asked, policy: PolicyBodyV1 });
export const UpdatePolicyV1 = z.object({ ...Asked, policyId: z.uuid(), policy: PolicyBodyV1 });
export const PolicyReplyV1 = z.object({ policy: PolicyViewV1 });
export const PolicyHistoryV1 = z.object({ ...Asked, policyId: z.uuid() });
/**
 * How many learners stand behind each current policy: active grants (unrevoked, unexpired, for the current
 * version) and standing objections. Counts only — never who — for the admin's list of policies.
 */
export const PolicyCountsV1 = z.object({
  policyId: z.uuid(),
  activeGrants: z.number().int().nonnegative(),
  standingObjections: z.number().int().nonnegative(),
});
export type PolicyCountsV1 = z.infer<typeof PolicyCountsV1>;
export const ListPolicyCountsV1 = z.object(Asked);
export const ListPolicyCountsReplyV1 = z.object({ counts: z.array(PolicyCountsV1) });
/**
 * `learnerId`: the learner a guardian acts for (the /api/v1/guardian/learners/{id}/… routes); absent, the asker acts
 * for themself (/api/v1/me/…).
 */
const ForLearner = { learnerId: z.uuid().optional() };
export const ListConsentRequestsV1 = z.object({ ...Asked, ...ForLearner });
export const ListConsentRequestsReplyV1 = z.object({ requests: z.array(ConsentRequestV1) });
export const CreateGrantV1 = z.object({ ...Asked, ...ForLearner, grant: GrantBodyV1 });
export const RevokeGrantV1 = z.object({ ...Asked, ...ForLearner, grantId: z.uuid() });
export const CreateObjectionV1 = z.object({ ...Asked, ...ForLearner, objection: ObjectionBodyV1 });
export const WithdrawObjectionV1 = z.object({ ...Asked, ...ForLearner, objectionId: z.uuid() });
export const GetReceiptV1 = z.object({ ...Asked, ...ForLearner, receiptId: z.uuid() });
export const ReceiptReplyV1 = z.object({ receipt: ConsentReceiptV1 });
/** Every receipt of the signed-in learner, oldest first: the history of their grants, revocations and objections. */
export const ListReceiptsV1 = z.object(Asked);
export const ListReceiptsReplyV1 = z.object({ receipts: z.array(ConsentReceiptV1) });
