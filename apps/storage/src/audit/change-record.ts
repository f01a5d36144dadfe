// The audit record of a change consent made (a consent, policy, people or credential change) or of a failed
// login, from the `audit.recorded` event consent staged in the change's transaction (docs/audit.md "Changes
// and login failures"). Pure: what an event becomes in the chain is decided here.
import type { AppendAuditV1, AuditRecordedV1 } from '@custos/contracts';

/**
 * The entry to append for `event`. Its id becomes the record's `eventId`, so a redelivered event is recorded
 * once. The time of the change goes into the query as `changedAt`: the record's own `at` is when it was
 * appended, which is a moment later. A change counts 1; a failed login returned nothing.
 */
export function changeEntryOf(event: AuditRecordedV1): AppendAuditV1 & { eventId: string } {
  return {
    tenantId: event.tenantId,
    audit: {
      principalId: event.principalId,
      principalKind: event.principalKind,
      action: event.action,
      resource: event.resource,
      query: { ...event.query, changedAt: event.at },
      ...(event.requestId !== undefined && { requestId: event.requestId }),
    },
    decision: event.decision,
    count: event.decision === 'allow' ? 1 : 0,
    ...(event.reason !== undefined && { reason: event.reason }),
    ...(event.basis !== undefined && { basis: event.basis }),
    ...(event.learnerIfiHashes !== undefined && { learnerIfiHashes: event.learnerIfiHashes }),
    eventId: event.messageId,
  };
}
