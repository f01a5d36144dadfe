// The audit record of each change consent makes (consent, policies, people, groups, credentials) and of each
// failed login, as the `audit.recorded` event storage appends to the tenant's chain (docs/audit.md "Changes and
// login failures"). Only ids go into a record: never a secret, a password, a username or an xAPI identifier
// (learners are named by their identifier hashes, which storage turns into pseudonymous keys).
import { createHash, randomUUID } from 'node:crypto';

import {
  type AuditRecordedV1,
  type ChangeActionV1,
  type ConsentChangedV1,
  type PersonPrincipalV1,
  type PrincipalV1,
  principalIdOf,
} from '@custos/contracts';

/** Who made a change, and why they could. */
export interface Actor {
  id: string;
  kind: 'credential' | 'person' | 'system';
  basis?: Record<string, unknown>[];
}

/**
 * Someone with the installation's database at hand: the `custos` command line (and the tools built like it),
 * which call the services directly rather than through the API.
 */
export const OPERATOR: Actor = { id: 'operator', kind: 'system' };

/** Custos itself, creating the first credential of an installation. */
export const BOOTSTRAP: Actor = { id: 'bootstrap', kind: 'system' };

/** A tenant admin acting over the API (the CASL administration policy let them). */
export const adminActor = (principal: PrincipalV1): Actor => ({
  id: principalIdOf(principal),
  kind: principal.kind,
  basis: [{ kind: 'role', role: 'admin' }],
});

/** A learner changing their own consent. */
export const learnerActor = (principal: PersonPrincipalV1): Actor => ({
  id: principal.personId,
  kind: 'person',
  basis: [{ kind: 'self' }],
});

/**
 * A guardian changing the consent of a learner who is a minor (docs/privacy-operations.md "Guardians and minors"):
 * the record names the guardian as the one who acted, and the learner as the one concerned.
 */
export const guardianActor = (principal: PersonPrincipalV1, learnerId: string): Actor => ({
  id: principal.personId,
  kind: 'person',
  basis: [{ kind: 'guardian', learnerId }],
});

/** A change, as the record will tell it. */
export interface Change {
  action: ChangeActionV1;
  resource:
    | 'grant'
    | 'objection'
    | 'policy'
    | 'person'
    | 'group'
    | 'credential'
    | 'erasure'
    | 'tenant'
    | 'forwarding-target';
  query: Record<string, unknown>;
  /** The people the change concerns: their linked identifiers (at commit time) are the learners concerned. */
  personIds?: readonly string[];
  /** Identifier hashes no longer linked after the change (an agent unlinked): those learners are concerned too. */
  formerIfiHashes?: readonly string[];
  /** When it was made, when the change itself says (a receipt's timestamp); else now. */
  at?: string;
}

const TYPE = 'custos.consent.v1.audit_recorded';

export function changeRecorded(
  tenantId: string,
  actor: Actor,
  change: Change,
  learnerIfiHashes: readonly string[],
  requestId: string | undefined,
): AuditRecordedV1 {
  return {
    type: TYPE,
    messageId: randomUUID(),
    tenantId,
    principalId: actor.id,
    principalKind: actor.kind,
    action: change.action,
    resource: change.resource,
    query: change.query,
    decision: 'allow',
    ...(requestId !== undefined && { requestId }),
    ...(learnerIfiHashes.length > 0 && { learnerIfiHashes: [...new Set(learnerIfiHashes)].sort() }),
    ...(actor.basis && { basis: actor.basis }),
    at: change.at ?? new Date().toISOString(),
  };
}

const CONSENT_ACTIONS: Record<ConsentChangedV1['change'], [ChangeActionV1, Change['resource']]> = {
  granted: ['grant.create', 'grant'],
  revoked: ['grant.revoke', 'grant'],
  objected: ['objection.create', 'objection'],
  'objection-withdrawn': ['objection.withdraw', 'objection'],
  'policy-created': ['policy.create', 'policy'],
  'policy-updated': ['policy.update', 'policy'],
};

/** The record of a `consent.changed` event: the same ids, plus `details` the event does not carry. */
export function consentChange(event: ConsentChangedV1, details: Record<string, unknown> = {}): Change {
  const [action, resource] = CONSENT_ACTIONS[event.change];
  return {
    action,
    resource,
    query: {
      policyId: event.policyId,
      policyVersion: event.policyVersion,
      ...(event.grantId && { grantId: event.grantId }),
      ...(event.objectionId && { objectionId: event.objectionId }),
      ...(event.receiptId && { receiptId: event.receiptId }),
      ...(event.personId && { personId: event.personId }),
      ...details,
    },
    personIds: event.personId ? [event.personId] : [],
    at: event.at,
  };
}

/** How someone failed to log in, and as whom when that is known. */
export type LoginAttempt =
  | { method: 'password'; personId: string | null; username: string; reason: string }
  | { method: 'basic'; credentialId: string; reason: string };

/**
 * A failed login. The person (or credential) is named when the name given exists in the tenant; otherwise the
 * attempt is `anonymous`, with a SHA-256 of the username so that repeated attempts at one name show.
 */
export function loginFailed(
  tenantId: string,
  attempt: LoginAttempt,
  requestId: string | undefined,
): AuditRecordedV1 {
  const principal: Pick<AuditRecordedV1, 'principalId' | 'principalKind'> =
    attempt.method === 'basic'
      ? { principalId: attempt.credentialId, principalKind: 'credential' }
      : attempt.personId
        ? { principalId: attempt.personId, principalKind: 'person' }
        : { principalId: 'anonymous', principalKind: 'anonymous' };
  return {
    type: TYPE,
    messageId: randomUUID(),
    tenantId,
    ...principal,
    action: 'login.failure',
    resource: 'login',
    query: {
      method: attempt.method,
      ...(attempt.method === 'password' &&
        !attempt.personId && { usernameHash: createHash('sha256').update(attempt.username).digest('hex') }),
    },
    decision: 'deny',
    reason: attempt.reason,
    ...(requestId !== undefined && { requestId }),
    at: new Date().toISOString(),
  };
}
