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
import { startsWith } from '../prefix.js';
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
    const { activityPrefixes, verbs, registrations, storedFrom, storedUntil } = policy.scope;
    const stored = {
      ...(storedFrom !== undefined && { $gte: storedFrom }),
      ...(storedUntil !== undefined && { $lt: storedUntil }),
    };
    const conditions = {
      tenantId,
      ...(verbs !== undefined && { verbIri: { $in: [...verbs] } }),
      ...(registrations !== undefined && { registration: { $in: [...registrations] } }),
      ...(Object.keys(stored).length > 0 && { stored }),
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

function basisCondition({ id, lawfulBasis }: InstitutionPolicy) {
  switch (lawfulBasis) {
    case 'legal-obligation':
      return {};
    case 'consent':
      return { grantedPolicyIds: { $in: [id] } };
    case 'legitimate-interest':
    case 'contract':
    case 'public-task':
      return { objectedPolicyIds: { $nin: [id] } };
  }
}
