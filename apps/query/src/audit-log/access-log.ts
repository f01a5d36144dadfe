// A learner's view of the audit log (GET /api/v1/me/access-log): for each access to their records, when, who, what
// and under which rule — and nothing about anyone else. The stored record names every learner concerned (their
// keys), the ids returned and the grants relied on, which may be other learners'; none of that is shown, nor the
// count of a read that also covered other learners (it would say how much is recorded about them).
import type { AccessLogEntryV1, AuditRecordV1 } from '@custos/contracts';

/** The parts of a basis rule a learner sees (docs/audit.md, `basis`); `grantIds` is left out. */
const SHOWN_BASIS_FIELDS = ['kind', 'scope', 'role', 'policyId', 'version'] as const;

/**
 * `names` holds credentials and staff (consent names no learner). Another person without a name is another
 * learner (e.g. one who read a statement about a group both belong to): shown as such, without their id.
 */
export function accessLogEntryOf(
  record: AuditRecordV1,
  names: ReadonlyMap<string, string>,
  { callerId, concernsOnlyThem = false }: { callerId?: string; concernsOnlyThem?: boolean } = {},
): AccessLogEntryV1 {
  const name = names.get(record.principalId);
  const anotherLearner =
    record.principalKind === 'person' && name === undefined && record.principalId !== callerId;
  return {
    at: record.at,
    principal: anotherLearner
      ? { kind: 'person', name: 'another learner' }
      : {
          id: record.principalId,
          ...(record.principalKind !== undefined && { kind: record.principalKind }),
          ...(name !== undefined && { name }),
        },
    action: record.action,
    ...(record.resource !== undefined && { resource: record.resource }),
    decision: record.decision,
    ...(concernsOnlyThem && { count: record.count }),
    basis: (record.basis ?? []).map((rule) =>
      Object.fromEntries(SHOWN_BASIS_FIELDS.filter((f) => rule[f] !== undefined).map((f) => [f, rule[f]])),
    ),
  };
}
