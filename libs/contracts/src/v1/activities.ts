// The Activities and Agents resources (xAPI 2.0 Communication §2.5, §2.6).
import { z } from 'zod';

import { PrincipalV1 } from './principal.js';
import { AuditContextV1, ReadBasisSourceV1, RedactionPlanJson } from './statements.js';

export const GetActivityV1 = z.object({ principal: PrincipalV1, activityId: z.string().min(1) });
export type GetActivityV1 = z.infer<typeof GetActivityV1>;

export const GetActivityReplyV1 = z.object({ activity: z.record(z.string(), z.unknown()) });
export type GetActivityReplyV1 = z.infer<typeof GetActivityReplyV1>;

/**
 * The definition a caller may be told (docs/access-model.md "Activity definitions"): the canonical one written by
 * `define` credentials, completed from the statements `accessFilter` lets the caller read (none when null),
 * without the parts `redaction` withholds. Storage audits it.
 */
export const ReadActivityDefinitionV1 = z.object({
  tenantId: z.string().min(1),
  activityId: z.string().min(1),
  accessFilter: z.unknown().nullable(),
  redaction: RedactionPlanJson.optional(),
  audit: AuditContextV1,
  basisSources: z.array(ReadBasisSourceV1).max(1000).optional(),
});
export type ReadActivityDefinitionV1 = z.infer<typeof ReadActivityDefinitionV1>;

export const ReadActivityDefinitionReplyV1 = z.object({
  definition: z.record(z.string(), z.unknown()).optional(),
});
export type ReadActivityDefinitionReplyV1 = z.infer<typeof ReadActivityDefinitionReplyV1>;

export const GetPersonV1 = z.object({
  principal: PrincipalV1,
  /** The `agent` parameter as sent (JSON text). */
  agent: z.string(),
});
export type GetPersonV1 = z.infer<typeof GetPersonV1>;

export const GetPersonReplyV1 = z.object({ person: z.record(z.string(), z.unknown()) });
export type GetPersonReplyV1 = z.infer<typeof GetPersonReplyV1>;
