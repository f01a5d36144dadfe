// Who is asking. Built once per request by the gateway (from what consent verified) and carried
// in every message, so each part decides with the same facts.
import { z } from 'zod';

/** An xAPI client authenticated with HTTP Basic (key and secret). */
export const CredentialPrincipalV1 = z.object({
  kind: z.literal('credential'),
  tenantId: z.string().min(1),
  credentialId: z.string().uuid(),
  key: z.string().min(1),
  scopes: z.array(z.string()),
  /** The xAPI authority the LRS records on statements this principal writes. */
  authority: z.record(z.string(), z.unknown()),
  /**
   * The institution policy whose purpose this credential writes for (docs/privacy-operations.md "Write
   * purposes"); absent: unbound, statements are accepted as they come.
   */
  writePolicyId: z.uuid().optional(),
});
export type CredentialPrincipalV1 = z.infer<typeof CredentialPrincipalV1>;

/** `guardian`: acts for the learners linked to them while those are minors (docs/privacy-operations.md). */
export const PersonRole = z.enum(['learner', 'admin', 'auditor', 'consumer', 'guardian']);
export type PersonRole = z.infer<typeof PersonRole>;

/** A person authenticated with a bearer JWT (local issuer or the institution's OIDC provider). */
export const PersonPrincipalV1 = z.object({
  kind: z.literal('person'),
  tenantId: z.string().min(1),
  personId: z.string().uuid(),
  username: z.string().min(1),
  roles: z.array(PersonRole),
  /** Groups of people the person belongs to (policy grantees). */
  groupIds: z.array(z.string().uuid()),
  /**
   * SHA-256 hashes (ifiHash of @custos/xapi) of every xAPI identifier linked to this person as a
   * learner; an mbox is linked in both its mbox and mbox_sha1sum forms. Empty for non-learners.
   */
  agentIfiHashes: z.array(z.string()),
});
export type PersonPrincipalV1 = z.infer<typeof PersonPrincipalV1>;

export const PrincipalV1 = z.discriminatedUnion('kind', [CredentialPrincipalV1, PersonPrincipalV1]);
export type PrincipalV1 = z.infer<typeof PrincipalV1>;

/** The stable id a principal is audited and bound (e.g. `more` cursors) under. */
export const principalIdOf = (p: PrincipalV1): string =>
  p.kind === 'credential' ? p.credentialId : p.personId;

/**
 * The address of the HTTP client a sign-in came from, as the gateway determined it (the socket's peer, or the
 * X-Forwarded-For entry of a trusted proxy): what failed sign-ins are also counted against.
 */
export const ClientAddressV1 = z.string().min(1).max(64);

/**
 * A tenant's access version (ADR 0011): a counter consent bumps with every change to the tenant's policies, the
 * input of a principal's rules that the principal does not carry. Decimal digits (a PostgreSQL bigint).
 */
export const AccessVersionV1 = z.string().regex(/^\d{1,19}$/);
export type AccessVersionV1 = z.infer<typeof AccessVersionV1>;
