// The durable event consent publishes after every committed change to who may read what: a learner's
// grant, revocation, objection or withdrawal, and an institution policy created or edited. Readers
// never wait for it (access is decided in SQL at query time); it is for whoever keeps data derived
// from learner records (downstream systems that must stop using or delete it, audit).
import { z } from 'zod';

export const ConsentChangeV1 = z.enum([
  'granted',
  'revoked',
  'objected',
  'objection-withdrawn',
  'policy-created',
  'policy-updated',
]);
export type ConsentChangeV1 = z.infer<typeof ConsentChangeV1>;

// Not strict: a newer publisher may add optional fields (STYLE B5) without breaking older readers.
export const ConsentChangedV1 = z.object({
  type: z.literal('custos.consent.v1.consent_changed'),
  /** Also the JetStream dedupe id: a relay retry is stored once. */
  messageId: z.uuid(),
  tenantId: z.string(),
  change: ConsentChangeV1,
  policyId: z.uuid(),
  /** The policy version the change concerns (a grant names the version it was given for). */
  policyVersion: z.number().int().positive(),
  /** The learner, as consent's person id: pseudonymous, never an xAPI identifier. Absent for policy changes. */
  personId: z.uuid().optional(),
  grantId: z.uuid().optional(),
  objectionId: z.uuid().optional(),
  /** The consent receipt the learner got for this change. */
  receiptId: z.uuid().optional(),
  /** When the change was made (database time of its transaction). */
  at: z.iso.datetime({ offset: true }),
});
export type ConsentChangedV1 = z.infer<typeof ConsentChangedV1>;
