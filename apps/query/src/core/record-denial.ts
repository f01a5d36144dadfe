// A request the caller may not make leaves its audit record before the 403/404 goes out (DESIGN "Audit":
// denials too). Storage appends it; a failure to append is a 503, as for reads.
import type { AuditContextV1 } from '@custos/contracts';
import type { MessageBus } from '@custos/messaging';

export async function recordDenial(
  bus: MessageBus,
  tenantId: string,
  audit: AuditContextV1,
  reason: string,
  learnerIfiHashes?: string[],
): Promise<void> {
  await bus.request('storage.v1.audit.append', {
    tenantId,
    audit,
    ...(learnerIfiHashes !== undefined ? { learnerIfiHashes } : {}),
    decision: 'deny',
    count: 0,
    reason,
  });
}
