// The `consent.changed` event of each change, built from what the change already produced: the receipt a
// learner gets for a grant, revocation, objection or withdrawal, or the new version of a policy.
import { randomUUID } from 'node:crypto';

import type { ConsentChangedV1, ConsentReceiptV1, PolicyViewV1 } from '@custos/contracts';

const TYPE = 'custos.consent.v1.consent_changed';

/** A change of a learner's consent record; the receipt's status names the change. */
export function receiptChanged(receipt: ConsentReceiptV1): ConsentChangedV1 {
  const { record } = receipt;
  return {
    type: TYPE,
    messageId: randomUUID(),
    tenantId: receipt.controller.tenantId,
    change: receipt.status,
    policyId: receipt.policy.id,
    policyVersion: receipt.policy.version,
    personId: receipt.dataSubject.personId,
    ...(record.type === 'grant' ? { grantId: record.id } : { objectionId: record.id }),
    receiptId: receipt.receiptId,
    at: receipt.timestamp,
  };
}

/** A policy created (version 1) or edited (a later version). */
export function policyChanged(policy: PolicyViewV1): ConsentChangedV1 {
  return {
    type: TYPE,
    messageId: randomUUID(),
    tenantId: policy.tenantId,
    change: policy.version === 1 ? 'policy-created' : 'policy-updated',
    policyId: policy.id,
    policyVersion: policy.version,
    at: policy.createdAt,
  };
}
