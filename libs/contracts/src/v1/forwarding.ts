// Forwarding statements to other LRSs and webhooks (docs/flows.md "Forwarding"). A target reads as its grantee, an
// xAPI credential of the tenant: every batch is read through the normal access-filtered read at delivery time, so
// consent, objections, redaction and expiry decide what leaves. The HTTP bodies are parsed with these schemas at the
// gateway (a bad field is a 400 naming it); consent owns the targets and their delivery state, query delivers.
import { isIri } from '@custos/xapi';
import { z } from 'zod';

import { GetAbilityReplyV1 } from './credentials.js';
import { PrincipalV1 } from './principal.js';

const AbsoluteIri = z
  .string()
  .min(1)
  .max(2048)
  .refine(isIri, 'must be an absolute IRI, e.g. http://adlnet.gov/expapi/verbs/completed');
const HttpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');
const Secret = z.string().min(1).max(1024);

/** Which statements a target receives, beyond what its grantee may read (an absent list does not narrow). */
export const ForwardingFilterV1 = z.strictObject({
  /** The statement's verb id is one of these. */
  verbs: z.array(AbsoluteIri).max(50).optional(),
  /** The statement's object is an Activity whose id starts with one of these. */
  activityPrefixes: z.array(AbsoluteIri).max(50).optional(),
  /** The statement's context registration is one of these. */
  registrations: z.array(z.uuid()).max(50).optional(),
});
export type ForwardingFilterV1 = z.infer<typeof ForwardingFilterV1>;

/** How Custos signs in at an xAPI target: HTTP Basic, or an OAuth 2.0 client-credentials token. */
export const ForwardingAuthBodyV1 = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('basic'), key: z.string().min(1).max(200), secret: Secret }),
  z.strictObject({
    kind: z.literal('oauth2'),
    tokenUrl: HttpUrl,
    clientId: z.string().min(1).max(200),
    clientSecret: Secret,
    scope: z.string().max(500).optional(),
  }),
]);
export type ForwardingAuthBodyV1 = z.infer<typeof ForwardingAuthBodyV1>;

/** POST /api/v1/forwarding/targets. */
export const ForwardingTargetBodyV1 = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    /** `xapi`: another LRS's statements resource; `webhook`: an HTTPS endpoint receiving signed JSON events. */
    kind: z.enum(['xapi', 'webhook']),
    /** The statements resource (`…/xapi/statements`) or the webhook's URL; https unless the installation allows http. */
    url: HttpUrl,
    /** xAPI targets only. */
    auth: ForwardingAuthBodyV1.optional(),
    /** Webhooks only: the shared secret the body is signed with (HMAC-SHA256); at least 16 characters. */
    webhookSecret: z.string().min(16).max(1024).optional(),
    /** The credential of the tenant whose access decides what the target receives. */
    granteeCredentialId: z.uuid(),
    filter: ForwardingFilterV1.optional(),
    enabled: z.boolean().optional(),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'webhook' && b.webhookSecret === undefined) {
      ctx.addIssue({ code: 'custom', path: ['webhookSecret'], message: 'a webhook needs a secret' });
    }
    if (b.kind === 'webhook' && b.auth !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['auth'], message: 'only xAPI targets sign in' });
    }
    if (b.kind === 'xapi' && b.webhookSecret !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['webhookSecret'], message: 'only webhooks are signed' });
    }
  });
export type ForwardingTargetBodyV1 = z.infer<typeof ForwardingTargetBodyV1>;

/** PATCH /api/v1/forwarding/targets/:id: the fields to change (the kind stays). */
export const ForwardingTargetPatchV1 = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  url: HttpUrl.optional(),
  auth: ForwardingAuthBodyV1.nullable().optional(),
  webhookSecret: z.string().min(16).max(1024).optional(),
  granteeCredentialId: z.uuid().optional(),
  filter: ForwardingFilterV1.optional(),
  enabled: z.boolean().optional(),
});
export type ForwardingTargetPatchV1 = z.infer<typeof ForwardingTargetPatchV1>;

/** A target as the API shows it: never a secret. */
export const ForwardingTargetV1 = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['xapi', 'webhook']),
  url: z.string(),
  auth: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('basic'), key: z.string() }),
    z.object({
      kind: z.literal('oauth2'),
      tokenUrl: z.string(),
      clientId: z.string(),
      scope: z.string().optional(),
    }),
  ]),
  granteeCredentialId: z.uuid(),
  filter: ForwardingFilterV1,
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ForwardingTargetV1 = z.infer<typeof ForwardingTargetV1>;

/** GET /api/v1/forwarding/targets/:id/status: how far delivery is, and what went wrong last. */
export const ForwardingStatusV1 = z.object({
  targetId: z.uuid(),
  enabled: z.boolean(),
  lastDeliveredAt: z.string().nullable(),
  deliveredStatements: z.number().int(),
  /** Batches and statement ids waiting (a statement the grantee may not read is dropped at delivery). */
  pendingBatches: z.number().int(),
  pendingStatements: z.number().int(),
  /** Seconds since the oldest waiting batch was enqueued; 0 when nothing waits. */
  lagSeconds: z.number(),
  /** Failed attempts of the batch at the head of the queue. */
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  deadLetters: z.number().int(),
});
export type ForwardingStatusV1 = z.infer<typeof ForwardingStatusV1>;

export const ForwardingDeadLetterV1 = z.object({
  id: z.uuid(),
  /** `statements`: a batch of statement ids; `erasure`: the voids or notice of an erasure. */
  kind: z.enum(['statements', 'erasure']),
  statementCount: z.number().int(),
  erasureId: z.uuid().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  enqueuedAt: z.string(),
  deadAt: z.string(),
});
export type ForwardingDeadLetterV1 = z.infer<typeof ForwardingDeadLetterV1>;

const ByPrincipal = z.object({ principal: PrincipalV1 });
const ByTarget = ByPrincipal.extend({ targetId: z.uuid() });

export const ListForwardingTargetsV1 = ByPrincipal;
export const ListForwardingTargetsReplyV1 = z.object({
  targets: z.array(ForwardingTargetV1.extend({ status: ForwardingStatusV1 })),
});
export const CreateForwardingTargetV1 = ByPrincipal.extend({ target: ForwardingTargetBodyV1 });
export const ForwardingTargetReplyV1 = z.object({ target: ForwardingTargetV1 });
export const ForwardingTargetByIdV1 = ByTarget;
export const UpdateForwardingTargetV1 = ByTarget.extend({ patch: ForwardingTargetPatchV1 });
export const ForwardingStatusReplyV1 = z.object({ status: ForwardingStatusV1 });
export const ListDeadLettersReplyV1 = z.object({ deadLetters: z.array(ForwardingDeadLetterV1) });
export const DeadLetterByIdV1 = ByTarget.extend({ deadLetterId: z.uuid() });
export const DeadLetterReplyV1 = z.object({ deadLetter: ForwardingDeadLetterV1 });

/** A target's connection, decrypted, for the part that delivers (query); it never leaves the bus. */
export const ForwardingConnectionV1 = z.object({
  kind: z.enum(['xapi', 'webhook']),
  url: z.string(),
  auth: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('basic'), key: z.string(), secret: z.string() }),
    z.object({
      kind: z.literal('oauth2'),
      tokenUrl: z.string(),
      clientId: z.string(),
      clientSecret: z.string(),
      scope: z.string().optional(),
    }),
  ]),
  webhookSecret: z.string().optional(),
  filter: ForwardingFilterV1,
});
export type ForwardingConnectionV1 = z.infer<typeof ForwardingConnectionV1>;

/** query → consent: the next batch due for delivery of any target, leased to the asking worker. */
export const ClaimForwardingV1 = z.object({ worker: z.string().min(1).max(200) });
export type ClaimForwardingV1 = z.infer<typeof ClaimForwardingV1>;

export const ForwardingBatchV1 = z.object({
  tenantId: z.string(),
  targetId: z.uuid(),
  /** The queue rows the batch is made of; settled together. */
  batchIds: z.array(z.string()).min(1),
  kind: z.enum(['statements', 'erasure']),
  statementIds: z.array(z.string()),
  erasureId: z.uuid().optional(),
  /** Failed attempts so far. */
  attempts: z.number().int(),
  /** When the batch's oldest row was queued (the lag at delivery). */
  enqueuedAt: z.string(),
  connection: ForwardingConnectionV1,
  /** The grantee's rules now (consent.v1.ability.get's answer); absent when the credential is revoked or gone. */
  grantee: GetAbilityReplyV1.extend({ principal: PrincipalV1 }).optional(),
  /** This Custos's public URL: the `homePage` of the account that voids statements at an xAPI target. */
  issuer: z.string(),
});
export type ForwardingBatchV1 = z.infer<typeof ForwardingBatchV1>;

export const ClaimForwardingReplyV1 = z.object({ batch: ForwardingBatchV1.optional() });
export type ClaimForwardingReplyV1 = z.infer<typeof ClaimForwardingReplyV1>;

/** query → consent: the outcome of a claimed batch. */
export const SettleForwardingV1 = z.object({
  tenantId: z.string(),
  targetId: z.uuid(),
  batchIds: z.array(z.string()).min(1),
  outcome: z.enum(['delivered', 'failed']),
  /** Delivered: the statements sent, with the identifier hashes of their data subjects (for erasure). */
  sent: z
    .array(z.object({ statementId: z.string(), subjectIfiHashes: z.array(z.string()) }))
    .max(1000)
    .optional(),
  /** Failed: what went wrong, without any statement content (an HTTP status, a network error). */
  error: z.string().max(500).optional(),
});
export type SettleForwardingV1 = z.infer<typeof SettleForwardingV1>;

export const SettleForwardingReplyV1 = z.object({
  /** The batch went to the dead letters (its attempts ran out). */
  deadLettered: z.boolean(),
});
export type SettleForwardingReplyV1 = z.infer<typeof SettleForwardingReplyV1>;
