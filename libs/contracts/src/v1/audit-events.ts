// The durable event consent publishes for every change it makes to who may do what (consent, policies,
// people, groups, credentials) and for every failed login: one audit record's worth, which storage appends
// to the tenant's chain (docs/audit.md "Changes and login failures"). Consent stages it in the same
// transaction as the change, so a committed change is recorded and a rolled-back one never is.
import { z } from 'zod';

/** The actions of change records; `action` stays a string so a newer publisher can add one. */
export const CHANGE_ACTIONS = [
  'grant.create',
  'grant.revoke',
  'objection.create',
  'objection.withdraw',
  'policy.create',
  'policy.update',
  'person.create',
  'person.update',
  'agent.link',
  'agent.unlink',
  'guardians.set',
  'tenant.settings.set',
  'group.create',
  'group.members.set',
  'credential.create',
  'credential.revoke',
  'credential.bind',
  'login.failure',
  'login.unlock',
  'erasure.request',
  'erasure.approve',
  'erasure.cancel',
  'erasure.block',
  'forwarding.target.create',
  'forwarding.target.update',
  'forwarding.target.delete',
  'forwarding.dead-letter.retry',
  'forwarding.dead-letter.discard',
  'forwarding.erasure.propagated',
] as const;
export type ChangeActionV1 = (typeof CHANGE_ACTIONS)[number];

// Not strict: a newer publisher may add optional fields (STYLE B5) without breaking older readers.
export const AuditRecordedV1 = z.object({
  type: z.literal('custos.consent.v1.audit_recorded'),
  /** Also the JetStream dedupe id, and the record's `event_id`: a redelivered event is recorded once. */
  messageId: z.uuid(),
  tenantId: z.string().min(1),
  /** Who acted: a person or credential id, `operator` / `bootstrap` (system), or `anonymous`. Never a secret. */
  principalId: z.string().min(1),
  principalKind: z.enum(['credential', 'person', 'system', 'anonymous']),
  /** One of CHANGE_ACTIONS. */
  action: z.string().min(1),
  /** 'grant', 'objection', 'policy', 'person', 'group', 'credential', 'tenant' or 'login'. */
  resource: z.string().min(1),
  /** The ids involved (never a secret, password or raw learner identifier). */
  query: z.record(z.string(), z.unknown()),
  /** 'allow' for a change that was made, 'deny' for a failed login. */
  decision: z.enum(['allow', 'deny']),
  reason: z.string().optional(),
  /** The request that made the change, when it came over the API. */
  requestId: z.string().optional(),
  /** ifiHash of each learner the change concerns; storage records only their pseudonymous keys. */
  learnerIfiHashes: z.array(z.string()).optional(),
  /**
   * Why the actor could make the change: `{kind:'self'}` (their own consent), `{kind:'guardian',learnerId}` (a
   * minor's consent, by their guardian), `{kind:'role',role:'admin'}`.
   */
  basis: z.array(z.record(z.string(), z.unknown())).optional(),
  /** When the change was made (it is recorded a moment later). */
  at: z.iso.datetime({ offset: true }),
});
export type AuditRecordedV1 = z.infer<typeof AuditRecordedV1>;
