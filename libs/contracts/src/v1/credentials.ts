import { z } from 'zod';

import { PolicyViewV1 } from './policies.js';
import { AccessVersionV1, ClientAddressV1, PrincipalV1 } from './principal.js';

export const AuthenticateCredentialV1 = z.object({
  key: z.string(),
  secret: z.string(),
  clientAddress: ClientAddressV1.optional(),
});
export type AuthenticateCredentialV1 = z.infer<typeof AuthenticateCredentialV1>;

export const AuthenticateCredentialReplyV1 = z.object({ principal: PrincipalV1 });
export type AuthenticateCredentialReplyV1 = z.infer<typeof AuthenticateCredentialReplyV1>;

export const GetAbilityV1 = z.object({
  principal: PrincipalV1,
  /**
   * Also answer the tenant's access version (ADR 0011), read before the policies: a caller that keeps the rules
   * sends it with each read built from them, and the read's SQL refuses a version that is no longer current.
   */
  withAccessVersion: z.literal(true).optional(),
});
export type GetAbilityV1 = z.infer<typeof GetAbilityV1>;

/** Raw CASL rules: JSON that `abilityFromRules` in @custos/authz turns back into an ability. */
export const GetAbilityReplyV1 = z.object({
  rules: z.array(z.record(z.string(), z.unknown())),
  /**
   * The institution policies the rules include (current versions), so a reader can say which of them let a
   * read through (the audit record's basis, `statementReadSources` of @custos/authz).
   */
  policies: z
    .array(
      PolicyViewV1.pick({
        id: true,
        version: true,
        tenantId: true,
        lawfulBasis: true,
        scope: true,
        redactFields: true,
      }),
    )
    .optional(),
  /** Set when asked for (`withAccessVersion`): the tenant's access version the rules were built at. */
  accessVersion: AccessVersionV1.optional(),
});
export type GetAbilityReplyV1 = z.infer<typeof GetAbilityReplyV1>;

// The admin API over a tenant's xAPI client credentials (GET/POST /api/v1/credentials, DELETE
// /api/v1/credentials/{id}). The HTTP body is parsed with the same schema at the gateway, so a bad field is a 400
// naming it before any message is sent.

/** The body of POST /api/v1/credentials: a name people recognise, and the xAPI scopes it is given. */
export const CreateCredentialBodyV1 = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** xAPI scopes (`statements/write`, `statements/read`, `all`, …); consent checks each is one it knows. */
  scopes: z.array(z.string().min(1).max(100)).min(1).max(20),
  /** Binds the credential to this institution policy's purpose (a policy of the tenant); absent or null: unbound. */
  writePolicyId: z.uuid().nullable().optional(),
});
export type CreateCredentialBodyV1 = z.infer<typeof CreateCredentialBodyV1>;

/** A credential as the API shows it: never its secret, which only the creation's answer holds. */
export const CredentialViewV1 = z.object({
  id: z.uuid(),
  tenantId: z.string(),
  /** The HTTP Basic username. */
  key: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  /** The policy whose purpose it writes for (docs/privacy-operations.md "Write purposes"); null: unbound. */
  writePolicyId: z.uuid().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type CredentialViewV1 = z.infer<typeof CredentialViewV1>;

/** The answer to a creation: the credential, and its secret, shown this once (only its hash is kept). */
export const CreatedCredentialV1 = z.object({ credential: CredentialViewV1, secret: z.string() });
export type CreatedCredentialV1 = z.infer<typeof CreatedCredentialV1>;

const Asked = { principal: PrincipalV1 };

export const ListCredentialsV1 = z.object(Asked);
export type ListCredentialsV1 = z.infer<typeof ListCredentialsV1>;
export const ListCredentialsReplyV1 = z.object({ credentials: z.array(CredentialViewV1) });
export type ListCredentialsReplyV1 = z.infer<typeof ListCredentialsReplyV1>;
export const CreateCredentialV1 = z.object({ ...Asked, credential: CreateCredentialBodyV1 });
export type CreateCredentialV1 = z.infer<typeof CreateCredentialV1>;
export const RevokeCredentialV1 = z.object({ ...Asked, credentialId: z.uuid() });
export type RevokeCredentialV1 = z.infer<typeof RevokeCredentialV1>;
/** The body of PATCH /api/v1/credentials/{id}: bind it to a policy's purpose, or unbind it (null). */
export const BindCredentialBodyV1 = z.strictObject({ writePolicyId: z.uuid().nullable() });
export type BindCredentialBodyV1 = z.infer<typeof BindCredentialBodyV1>;
export const BindCredentialV1 = z.object({ ...Asked, credentialId: z.uuid(), binding: BindCredentialBodyV1 });
export type BindCredentialV1 = z.infer<typeof BindCredentialV1>;
export const CredentialReplyV1 = z.object({ credential: CredentialViewV1 });
export type CredentialReplyV1 = z.infer<typeof CredentialReplyV1>;
