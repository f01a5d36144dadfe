// Who is asking. Built once per request by the gateway (from the credential consent
// verified) and carried in every message, so each part decides with the same facts.
import { z } from 'zod';

export const PrincipalV1 = z.object({
  kind: z.literal('credential'),
  tenantId: z.string().min(1),
  credentialId: z.string().uuid(),
  key: z.string().min(1),
  scopes: z.array(z.string()),
  /** The xAPI authority the LRS records on statements this principal writes. */
  authority: z.record(z.string(), z.unknown()),
});
export type PrincipalV1 = z.infer<typeof PrincipalV1>;
