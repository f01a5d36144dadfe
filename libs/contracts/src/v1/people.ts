// People (not xAPI clients): local login, bearer verification, and the admin API over people and
// groups. The HTTP bodies are parsed with these same schemas at the gateway, so a bad field is a
// 400 naming it before any message is sent.
import { z } from 'zod';

import { AnalyticsSettingsV1 } from './analytics.js';
import { ClientAddressV1, PersonPrincipalV1, PersonRole, PrincipalV1 } from './principal.js';

const Username = z
  .string()
  .regex(/^[A-Za-z0-9._@-]{1,100}$/, 'must be 1-100 letters, digits, ".", "_", "@" or "-"');
/** A calendar day, YYYY-MM-DD (ISO 8601): a birth date or the first day a learner is of age. */
const Day = z.iso.date();
/** At most this many guardians per learner: two parents and a few carers, not a group. */
export const MAX_GUARDIANS = 10;
const GuardianIds = z
  .array(z.string().uuid())
  .max(MAX_GUARDIANS)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a guardian');
const Password = z.string().min(8, 'must be at least 8 characters').max(1024);

/** The body of POST /api/v1/auth/login. */
export const LoginBodyV1 = z.object({
  tenant: z.string().min(1).max(63),
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1024),
});
export type LoginBodyV1 = z.infer<typeof LoginBodyV1>;

/** A login as the gateway asks consent: the body, and the client's address (never taken from the body). */
export const LoginV1 = LoginBodyV1.extend({ clientAddress: ClientAddressV1.optional() });
export type LoginV1 = z.infer<typeof LoginV1>;

/** RFC 6749 §5.1 field names, so OAuth client libraries read it as they are. */
export const LoginReplyV1 = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().positive(),
});
export type LoginReplyV1 = z.infer<typeof LoginReplyV1>;

/**
 * How the web pages may sign people in (GET /api/v1/auth/config): the local login always; the institution's OIDC
 * provider (authorization code with PKCE, a public client) when the gateway is configured with one.
 */
export const SignInOptionsV1 = z.object({
  oidc: z
    .object({
      issuer: z.string().url(),
      clientId: z.string().min(1),
      /** Space-separated, as OAuth 2.0 sends it. */
      scope: z.string().min(1),
    })
    .nullable(),
});
export type SignInOptionsV1 = z.infer<typeof SignInOptionsV1>;

export const AuthenticatePersonV1 = z.object({ token: z.string().min(1).max(16_384) });
export type AuthenticatePersonV1 = z.infer<typeof AuthenticatePersonV1>;

export const AuthenticatePersonReplyV1 = z.object({ principal: PersonPrincipalV1 });
export type AuthenticatePersonReplyV1 = z.infer<typeof AuthenticatePersonReplyV1>;

/** A person as the API shows it; never the password hash. */
export const PersonViewV1 = z.object({
  id: z.string().uuid(),
  tenantId: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
  externalSubject: z.string().nullable(),
  roles: z.array(PersonRole),
  groupIds: z.array(z.string().uuid()),
  /** The linked xAPI agents as their identifiers (an mbox is shown once, not with its sha1 twin). */
  agents: z.array(z.record(z.string(), z.unknown())),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  /** YYYY-MM-DD; with the tenant's age of digital consent, when the learner comes of age. */
  birthDate: z.string().nullable(),
  /** YYYY-MM-DD, set by an admin: the learner is a minor before this day; decides instead of `birthDate`. */
  minorUntil: z.string().nullable(),
  /** Whether the learner is a minor today: their consent choices are then made by a linked guardian. */
  minor: z.boolean(),
  /** The guardians (people with the `guardian` role) linked to this learner. */
  guardianIds: z.array(z.string().uuid()),
});
export type PersonViewV1 = z.infer<typeof PersonViewV1>;

export const CreatePersonBodyV1 = z.strictObject({
  username: Username,
  password: Password.optional(),
  displayName: z.string().min(1).max(200).optional(),
  /** The OIDC `sub` of this person at the institution's issuer. */
  externalSubject: z.string().min(1).max(255).optional(),
  roles: z.array(PersonRole).default([]),
  /** xAPI Agent objects (validated with the xAPI rules by consent). */
  agents: z.array(z.record(z.string(), z.unknown())).max(50).default([]),
  birthDate: Day.optional(),
  minorUntil: Day.optional(),
  guardianIds: GuardianIds.optional(),
});
export type CreatePersonBodyV1 = z.infer<typeof CreatePersonBodyV1>;

export const UpdatePersonBodyV1 = z.strictObject({
  displayName: z.string().min(1).max(200).nullable().optional(),
  password: Password.optional(),
  externalSubject: z.string().min(1).max(255).nullable().optional(),
  roles: z.array(PersonRole).optional(),
  agents: z.array(z.record(z.string(), z.unknown())).max(50).optional(),
  disabled: z.boolean().optional(),
  /** null clears it. */
  birthDate: Day.nullable().optional(),
  /** null clears it. */
  minorUntil: Day.nullable().optional(),
  /** Replaces the learner's guardians; each must be a person of the tenant with the `guardian` role. */
  guardianIds: GuardianIds.optional(),
});
export type UpdatePersonBodyV1 = z.infer<typeof UpdatePersonBodyV1>;

export const GroupViewV1 = z.object({
  id: z.string().uuid(),
  tenantId: z.string(),
  name: z.string(),
  memberIds: z.array(z.string().uuid()),
});
export type GroupViewV1 = z.infer<typeof GroupViewV1>;

export const CreateGroupBodyV1 = z.strictObject({ name: z.string().trim().min(1).max(200) });
export type CreateGroupBodyV1 = z.infer<typeof CreateGroupBodyV1>;

export const SetGroupMembersBodyV1 = z.strictObject({ personIds: z.array(z.string().uuid()).max(10_000) });
export type SetGroupMembersBodyV1 = z.infer<typeof SetGroupMembersBodyV1>;

const Asked = { principal: PrincipalV1 };

export const GetMeV1 = z.object(Asked);
export const PersonReplyV1 = z.object({ person: PersonViewV1 });
export const ListPeopleV1 = z.object(Asked);
export const ListPeopleReplyV1 = z.object({ people: z.array(PersonViewV1) });
export const CreatePersonV1 = z.object({ ...Asked, person: CreatePersonBodyV1 });
export const UpdatePersonV1 = z.object({ ...Asked, personId: z.string().uuid(), patch: UpdatePersonBodyV1 });
export const CreateGroupV1 = z.object({ ...Asked, group: CreateGroupBodyV1 });
export const GroupReplyV1 = z.object({ group: GroupViewV1 });
export const ListGroupsV1 = z.object(Asked);
export const ListGroupsReplyV1 = z.object({ groups: z.array(GroupViewV1) });
export const SetGroupMembersV1 = z.object({
  ...Asked,
  groupId: z.string().uuid(),
  members: SetGroupMembersBodyV1,
});

/**
 * Lifts a sign-in lockout (and forgets the failures) of a person or a credential of the asker's tenant:
 * DELETE /api/v1/people/{id}/sign-in-lock, DELETE /api/v1/credentials/{id}/sign-in-lock.
 */
export const UnlockSignInV1 = z.object({
  ...Asked,
  target: z.union([
    z.strictObject({ personId: z.string().uuid() }),
    z.strictObject({ credentialId: z.string().uuid() }),
  ]),
});
export type UnlockSignInV1 = z.infer<typeof UnlockSignInV1>;

/** `wasLocked`: whether a lockout was lifted (false: there was none, only failures were forgotten, if any). */
export const UnlockSignInReplyV1 = z.object({ wasLocked: z.boolean() });
export type UnlockSignInReplyV1 = z.infer<typeof UnlockSignInReplyV1>;

/**
 * A tenant's settings (GET/PUT /api/v1/tenant/settings, admin). `ageOfDigitalConsent`: GDPR Art. 8 lets each member
 * state set it between 13 and 16; below it a learner's consent choices are made by a guardian. `analytics`: the k of
 * k-anonymity and the optional noise and privacy budget of analytics queries.
 */
export const TenantSettingsV1 = z.strictObject({
  ageOfDigitalConsent: z.number().int().min(13).max(16),
  /** Analytics (docs/flows.md "Analytics that protect individuals"); left out of a PUT: unchanged. */
  analytics: AnalyticsSettingsV1.optional(),
});
export type TenantSettingsV1 = z.infer<typeof TenantSettingsV1>;
export const GetTenantSettingsV1 = z.object(Asked);
export const SetTenantSettingsV1 = z.object({ ...Asked, settings: TenantSettingsV1 });
export const TenantSettingsReplyV1 = z.object({ settings: TenantSettingsV1 });

/** A learner a guardian is linked to, as the guardian's page lists them. */
export const WardViewV1 = z.object({
  id: z.string().uuid(),
  username: z.string(),
  displayName: z.string().nullable(),
  /** Whether the guardian acts for them today (they are a minor); once of age, they act alone. */
  minor: z.boolean(),
  /** The first day the learner is of age, when known. */
  ofAgeOn: z.string().nullable(),
});
export type WardViewV1 = z.infer<typeof WardViewV1>;
export const ListWardsV1 = z.object(Asked);
export const ListWardsReplyV1 = z.object({ learners: z.array(WardViewV1) });
