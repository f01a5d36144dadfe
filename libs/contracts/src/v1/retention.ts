// Retention of a tenant's statements (docs/privacy-operations.md "Retention", "Legal holds"): the rules an admin
// writes, the legal holds that exempt a person or a rule, and the report of a dry run or a run. The HTTP bodies
// are parsed with these same schemas at the gateway, so a bad field is a 400 naming it.
import { isIri } from '@custos/xapi';
import { z } from 'zod';

import { PrincipalV1 } from './principal.js';

const Iri = z.string().min(1).max(2048);
/** An absolute IRI (xAPI Data §2.4.3 verb id, §2.4.4.1 Activity id), as a statement's would be. */
const AbsoluteIri = Iri.refine(
  isIri,
  'must be an absolute IRI, e.g. http://adlnet.gov/expapi/verbs/completed',
);
const Instant = z.iso.datetime({ offset: true });

/** A hundred years: a longer period is no retention rule but a typo. */
export const MAX_RETENTION_DAYS = 36_500;

/**
 * A retention rule as an admin writes it: the statements it covers are those stored more than `olderThanDays`
 * days ago that match every criterion given (an absent criterion does not narrow).
 */
export const RetentionRuleBodyV1 = z.strictObject({
  /** What the rule is for, as the admin and the data-protection officer will read it. */
  name: z.string().trim().min(1).max(200),
  /** The statement's verb id equals this IRI. */
  verb: AbsoluteIri.optional(),
  /** The statement's object is an Activity whose id starts with this. */
  activityPrefix: AbsoluteIri.optional(),
  /** The statement's `context.registration`. */
  registration: z.uuid().optional(),
  /** Age, by the time the LRS stored the statement (`stored`), in whole days. */
  olderThanDays: z.number().int().min(1).max(MAX_RETENTION_DAYS),
});
export type RetentionRuleBodyV1 = z.infer<typeof RetentionRuleBodyV1>;

export const RetentionRuleV1 = z.object({
  id: z.uuid(),
  name: z.string(),
  verb: z.string().nullable(),
  activityPrefix: z.string().nullable(),
  registration: z.string().nullable(),
  olderThanDays: z.number().int(),
  createdAt: z.string(),
});
export type RetentionRuleV1 = z.infer<typeof RetentionRuleV1>;

/** The xAPI Agent whose statements a hold keeps (validated with the xAPI rules by storage). */
const HeldAgent = z.record(z.string(), z.unknown());

/**
 * A legal hold: either a person (by their xAPI Agent identifier) or a rule is exempted, for a reason, until an
 * end date. Exactly one of `agent` and `ruleId`.
 */
export const LegalHoldBodyV1 = z
  .strictObject({
    reason: z.string().trim().min(1).max(1000),
    endsAt: Instant,
    agent: HeldAgent.optional(),
    ruleId: z.uuid().optional(),
  })
  .superRefine((hold, ctx) => {
    if ((hold.agent === undefined) === (hold.ruleId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['agent'], message: 'give exactly one of agent and ruleId' });
    }
  });
export type LegalHoldBodyV1 = z.infer<typeof LegalHoldBodyV1>;

export const LegalHoldV1 = z.object({
  id: z.uuid(),
  kind: z.enum(['person', 'rule']),
  /** A rule hold: the rule exempted. */
  ruleId: z.string().nullable(),
  /** A person hold: the SHA-256 of the person's identifier (the identifier itself is not kept). */
  agentIfiHash: z.string().nullable(),
  reason: z.string(),
  endsAt: z.string(),
  createdAt: z.string(),
  /** Ended early by an admin; a hold also ends by itself at `endsAt`. */
  releasedAt: z.string().nullable(),
  /** In force now: not released and `endsAt` not reached. */
  active: z.boolean(),
});
export type LegalHoldV1 = z.infer<typeof LegalHoldV1>;

/** Per rule, what a dry run found or a run removed. */
export const RetentionRuleCountV1 = z.object({
  ruleId: z.uuid(),
  name: z.string(),
  /** Statements this rule removes (dry run: would remove now), counted under every rule that covers them. */
  statements: z.number().int().min(0),
  /** Statements this rule covers but keeps, because a legal hold exempts the rule or one of their people. */
  held: z.number().int().min(0),
});
export type RetentionRuleCountV1 = z.infer<typeof RetentionRuleCountV1>;

export const RetentionReportV1 = z.object({
  mode: z.enum(['dry-run', 'run']),
  at: z.string(),
  rules: z.array(RetentionRuleCountV1),
  /** Distinct statements removed (or that would be): a statement two rules cover counts once here. */
  total: z.number().int().min(0),
  /** A run: how many bounded batches it took. */
  batches: z.number().int().min(0).optional(),
  /** A run that found another purger of the tenant at work did nothing (`skipped`), rather than race it. */
  skipped: z.boolean().optional(),
});
export type RetentionReportV1 = z.infer<typeof RetentionReportV1>;

const ByPrincipal = z.object({ principal: PrincipalV1 });

export const ListRetentionRulesV1 = ByPrincipal;
export const ListRetentionRulesReplyV1 = z.object({ rules: z.array(RetentionRuleV1) });
export const CreateRetentionRuleV1 = ByPrincipal.extend({ rule: RetentionRuleBodyV1 });
export const RetentionRuleReplyV1 = z.object({ rule: RetentionRuleV1 });
export const DeleteRetentionRuleV1 = ByPrincipal.extend({ ruleId: z.uuid() });
export const ListLegalHoldsV1 = ByPrincipal;
export const ListLegalHoldsReplyV1 = z.object({ holds: z.array(LegalHoldV1) });
export const CreateLegalHoldV1 = ByPrincipal.extend({ hold: LegalHoldBodyV1 });
export const LegalHoldReplyV1 = z.object({ hold: LegalHoldV1 });
export const ReleaseLegalHoldV1 = ByPrincipal.extend({ holdId: z.uuid() });
export const RunRetentionV1 = ByPrincipal;
export type RunRetentionV1 = z.infer<typeof RunRetentionV1>;
