import { z } from 'zod';

import { PolicyViewV1 } from './policies.js';
import { ClientAddressV1, PrincipalV1 } from './principal.js';

export const AuthenticateCredentialV1 = z.object({
  key: z.string(),
  secret: z.string(),
  clientAddress: ClientAddressV1.optional(),
});
export type AuthenticateCredentialV1 = z.infer<typeof AuthenticateCredentialV1>;

export const AuthenticateCredentialReplyV1 = z.object({ principal: PrincipalV1 });
export type AuthenticateCredentialReplyV1 = z.infer<typeof AuthenticateCredentialReplyV1>;

export const GetAbilityV1 = z.object({ principal: PrincipalV1 });
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
});
export type GetAbilityReplyV1 = z.infer<typeof GetAbilityReplyV1>;
