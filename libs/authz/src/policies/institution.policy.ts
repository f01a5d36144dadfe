// DESIGN "Access model", decision step 4 (institution policies) and 5 (learner grants): each current version of
// a policy that applies to the principal (consent selected it by grantee) grants reading the statements in its
// scope, subject to its lawful basis:
// - `legal-obligation`: no further condition; the learner cannot object;
// - `legitimate-interest`, `contract`, `public-task`: unless a data subject of the statement objected to the
//   policy (`objectedPolicyIds $nin`, a NOT EXISTS over consent's published objection view);
// - `consent`: only where a data subject holds an active grant for the policy covering the statement
//   (`grantedPolicyIds $in`, an EXISTS over consent's published grant view). Expiry and revocation are
//   checked in that view at query time, never here.
// An objection or a missing grant takes away only what that one policy gives; self access and other
// policies stay as they are.
import type { MongoQuery } from '@casl/ability';

import type { RuleSink } from './policy.js';
import { CONTEXT_ACTIVITY_FIELDS, type ContextActivityKind } from '../actions.js';
import { startsWith, startsWithAny } from '../prefix.js';
import { permittedStatementFields } from '../redaction.js';

export const LAWFUL_BASES = [
  'consent',
  'legitimate-interest',
  'contract',
  'public-task',
  'legal-obligation',
] as const;

/** GDPR Art. 6(1) bases a policy may rest on (vital interests is not offered). */
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

/** Which statements a policy covers; an absent part does not restrict. */
export interface InstitutionPolicyScope {
  /** The statement's object is an Activity whose IRI starts with one of these. */
  readonly activityPrefixes?: readonly string[];
  /** The statement's verb is one of these IRIs. */
  readonly verbs?: readonly string[];
  /** The statement's context registration is one of these. */
  readonly registrations?: readonly string[];
  /** Stored at or after this instant (ISO 8601, UTC, as `Date#toISOString`). */
  readonly storedFrom?: string;
  /** Stored before this instant (ISO 8601, UTC, as `Date#toISOString`). */
  readonly storedUntil?: string;
  /**
   * IRI prefixes per kind of context activity: the statement's own `context.contextActivities.<kind>` holds
   * an Activity whose id starts with one of the kind's prefixes. Several kinds given: each must hold.
   */
  readonly contextActivities?: Readonly<Partial<Record<ContextActivityKind, readonly string[]>>>;
}

/** The current version of a policy that applies to the principal, as the ability factory needs it. */
export interface InstitutionPolicy {
  /** Stable across versions; grants and objections name it. */
  readonly id: string;
  readonly version: number;
  readonly tenantId: string;
  readonly lawfulBasis: LawfulBasis;
  readonly scope: InstitutionPolicyScope;
  /** Statement parts the grantee never sees (`REDACTABLE_STATEMENT_FIELDS`); none when absent. */
  readonly redactFields?: readonly string[];
}

/** Adds the read rules of the given (applicable, current) policies of the principal's tenant. */
export function institutionPolicyRules(
  { can }: RuleSink,
  tenantId: string,
  policies: readonly InstitutionPolicy[],
): void {
  for (const policy of policies) {
    if (policy.tenantId !== tenantId) throw new Error('A policy of another tenant cannot apply');
    if (typeof policy.id !== 'string' || policy.id === '') throw new Error('A policy has no id');
    if (!(LAWFUL_BASES as readonly string[]).includes(policy.lawfulBasis)) {
      throw new Error(`Unknown lawful basis "${String(policy.lawfulBasis)}"`);
    }
    const { activityPrefixes, verbs, registrations, storedFrom, storedUntil, contextActivities } =
      policy.scope;
    const stored = {
      ...(storedFrom !== undefined && { $gte: storedFrom }),
      ...(storedUntil !== undefined && { $lt: storedUntil }),
    };
    const contextConditions = contextActivityConditions(contextActivities ?? {});
    // An empty prefix list matches no statement, like an empty `activityPrefixes` (the contract refuses both).
    if (contextConditions === null) continue;
    const conditions = {
      tenantId,
      ...(verbs !== undefined && { verbIri: { $in: [...verbs] } }),
      ...(registrations !== undefined && { registration: { $in: [...registrations] } }),
      ...(Object.keys(stored).length > 0 && { stored }),
      ...contextConditions,
      ...basisCondition(policy),
    };
    // Redaction is a field rule listing what stays visible (see redaction.ts).
    const fields = permittedStatementFields(policy.redactFields ?? []);
    const grant = (c: MongoQuery) =>
      fields === undefined ? can('read', 'Statement', c) : can('read', 'Statement', fields, c);
    if (activityPrefixes === undefined) {
      grant(conditions);
    } else {
      // One rule per prefix: CASL ORs rules, and each carries the whole scope and basis.
      for (const prefix of new Set(activityPrefixes)) {
        grant({ ...conditions, objectActivityId: startsWith(prefix) });
      }
    }
  }
}

/** What a policy's lawful basis makes its access depend on, beyond its scope. */
export type BasisRequirement = 'nothing' | 'active-grant' | 'no-objection';

/** The one place that says which bases need a grant and which yield to an objection. */
export function basisRequirement(lawfulBasis: LawfulBasis): BasisRequirement {
  switch (lawfulBasis) {
    case 'legal-obligation':
      return 'nothing';
    case 'consent':
      return 'active-grant';
    case 'legitimate-interest':
    case 'contract':
    case 'public-task':
      return 'no-objection';
  }
}

// One condition per kind, on its set field, ORing the kind's prefixes inside one `$regex` (startsWithAny): CASL
// conditions have no `$or`, and one rule per combination of prefixes would multiply the rules.
function contextActivityConditions(
  scope: NonNullable<InstitutionPolicyScope['contextActivities']>,
): Record<string, { $regex: string }> | null {
  const conditions: Record<string, { $regex: string }> = {};
  for (const [kind, field] of Object.entries(CONTEXT_ACTIVITY_FIELDS)) {
    const prefixes = scope[kind as ContextActivityKind];
    if (prefixes === undefined) continue;
    if (prefixes.length === 0) return null;
    conditions[field] = startsWithAny([...new Set(prefixes)]);
  }
  return conditions;
}

function basisCondition({ id, lawfulBasis }: InstitutionPolicy) {
  switch (basisRequirement(lawfulBasis)) {
    case 'nothing':
      return {};
    case 'active-grant':
      return { grantedPolicyIds: { $in: [id] } };
    case 'no-objection':
      return { objectedPolicyIds: { $nin: [id] } };
  }
}
