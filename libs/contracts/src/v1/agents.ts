// Who an xAPI Agent is (xAPI 2.0 Communication §2.6, Agents resource): the identifiers consent links to one
// person, and whether a caller may read that learner, decided by storage under the caller's access filter.
import { z } from 'zod';

import { AuditContextV1 } from './statements.js';

const TenantId = z.string().min(1);
/** SHA-256 hex of a canonical IFI (`ifiHash` of @custos/xapi). */
export const IfiHashV1 = z.string().regex(/^[0-9a-f]{64}$/);

/** One identifier linked to a person: the xAPI Agent it stands for (identifier only, no name) and its hash. */
export const LinkedAgentV1 = z.object({
  agent: z.record(z.string(), z.unknown()),
  ifiHash: IfiHashV1,
});
export type LinkedAgentV1 = z.infer<typeof LinkedAgentV1>;

/** consent: every identifier of the person(s) of the tenant linked to this one. */
export const ResolveAgentV1 = z.object({ tenantId: TenantId, ifiHash: IfiHashV1 });
export type ResolveAgentV1 = z.infer<typeof ResolveAgentV1>;

/** Empty when no person of the tenant is linked to the identifier. */
export const ResolveAgentReplyV1 = z.object({ agents: z.array(LinkedAgentV1) });
export type ResolveAgentReplyV1 = z.infer<typeof ResolveAgentReplyV1>;

/**
 * storage: may the caller read the learner known by these identifiers? Yes when a statement the caller may read
 * (its access filter, applied in SQL) has one of them as data subject, when the caller's filter reads the whole
 * tenant, or when the caller is that learner. The decision is audited in the same transaction.
 */
export const AgentReadableV1 = z.object({
  tenantId: TenantId,
  /** The caller's statement read access, compiled from its CASL rules by @custos/authz. */
  accessFilter: z.unknown(),
  /** Every identifier of the learner (or only the asked one when it is linked to nobody). */
  subjectIfiHashes: z.array(IfiHashV1).min(1),
  /** The caller's own linked identifiers (a learner); empty for anyone else. */
  selfIfiHashes: z.array(z.string()),
  audit: AuditContextV1,
});
export type AgentReadableV1 = z.infer<typeof AgentReadableV1>;

export const AgentReadableReplyV1 = z.object({ readable: z.boolean() });
export type AgentReadableReplyV1 = z.infer<typeof AgentReadableReplyV1>;
