// A request a part refused for its principal assertion (ADR 0006), as the entry storage appends to the tenant's
// chain (docs/audit.md "Refused principals"). Pure: the record's fields are decided by refusalRecordOf.
import { type AppendAuditV1, type RecordRefusalV1, refusalRecordOf } from '@custos/contracts';

export function refusalEntryOf(refusal: RecordRefusalV1): AppendAuditV1 {
  const { decision, reason, ...audit } = refusalRecordOf(refusal);
  return { tenantId: refusal.tenantId, audit, decision, count: 0, reason };
}
