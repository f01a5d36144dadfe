import { z } from 'zod';

import { AuditContextV1 } from './statements.js';

export const AuditDecision = z.enum(['allow', 'deny']);

export const AppendAuditV1 = z.object({
  tenantId: z.string().min(1),
  audit: AuditContextV1,
  decision: AuditDecision,
  count: z.number().int().min(0),
  reason: z.string().optional(),
  /** The ids returned (statement ids, document ids, …); storage keeps them, or their digest when many. */
  returnedIds: z.array(z.string()).optional(),
  /** Why it was allowed: `{kind:'scope',scope}`, `{kind:'self'}`, `{kind:'policy',policyId,version,grantIds?}`, … */
  basis: z.array(z.record(z.string(), z.unknown())).optional(),
  /** ifiHash of each learner concerned; storage records only their pseudonymous keys. */
  learnerIfiHashes: z.array(z.string()).optional(),
  /** The event a record is made from, so a redelivered event is recorded once. */
  eventId: z.string().optional(),
});
export type AppendAuditV1 = z.infer<typeof AppendAuditV1>;

export const AppendAuditReplyV1 = z.object({ seq: z.string(), hash: z.string() });
export type AppendAuditReplyV1 = z.infer<typeof AppendAuditReplyV1>;

export const VerifyAuditV1 = z.object({ tenantId: z.string().min(1) });
export type VerifyAuditV1 = z.infer<typeof VerifyAuditV1>;

export const VerifyAuditReplyV1 = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  headHash: z.string().optional(),
  firstBroken: z.object({ seq: z.string(), reason: z.string() }).optional(),
});
export type VerifyAuditReplyV1 = z.infer<typeof VerifyAuditReplyV1>;
