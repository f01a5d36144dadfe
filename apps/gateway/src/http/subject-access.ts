// The rest of a learner's subject-access answer (GDPR Art. 15; docs/privacy-operations.md "Subject-access
// answer"), after their records in their own export (GET /api/v1/me/export): who may read their records and under
// which policy (their effective access), their consent receipts (every grant, revocation, objection and
// withdrawal), and their access log with its proofs. Each part is asked for as the learner, by the route that
// serves it to them on its own, so the same rules decide (CASL, and SQL by person and identifier): nothing here
// can name another learner that those routes would not.
import {
  type AccessLogEntryV1,
  type AuditCheckpointV1,
  type ConsentReceiptV1,
  type EffectiveAccessEntryV1,
  ForbiddenError,
  type PrincipalV1,
} from '@custos/contracts';
import type { MessageBus } from '@custos/messaging';

/** The lines of the answer beyond the records; `access-log-head` precedes the entries its proofs lead to. */
export type SubjectAccessLine =
  | { type: 'access-rule'; access: EffectiveAccessEntryV1 }
  | { type: 'receipt'; receipt: ConsentReceiptV1 }
  | { type: 'access-log-head'; treeHead: AuditCheckpointV1; publicKeyPem: string }
  | { type: 'access'; entry: AccessLogEntryV1 };

/** Access-log entries per request: the most a page of the learner's log holds. */
const ACCESS_LOG_PAGE = '1000';

export async function* subjectAccessLines(
  bus: MessageBus,
  principal: PrincipalV1,
): AsyncGenerator<SubjectAccessLine> {
  const effective = await unlessRefused(bus.request('consent.v1.access.effective', { principal }));
  for (const access of effective?.entries ?? []) yield { type: 'access-rule', access };
  const receipts = await unlessRefused(bus.request('consent.v1.receipts.list', { principal }));
  for (const receipt of receipts?.receipts ?? []) yield { type: 'receipt', receipt };
  let head: string | undefined;
  let cursor: string | null = null;
  do {
    const params: Record<string, string> = { order: 'asc', limit: ACCESS_LOG_PAGE };
    if (cursor !== null) params.cursor = cursor;
    const page = await unlessRefused(bus.request('query.v1.audit.access-log', { principal, params }));
    if (!page) return;
    if (page.treeHead && page.publicKeyPem && page.treeHead.signature !== head) {
      head = page.treeHead.signature;
      yield { type: 'access-log-head', treeHead: page.treeHead, publicKeyPem: page.publicKeyPem };
    }
    for (const entry of page.entries) yield { type: 'access', entry };
    cursor = page.next;
  } while (cursor !== null);
}

/**
 * The answer of a part, or null when it refuses this person (a person with no linked identifier has no access log,
 * and no records either): the export is already under way, so a part it lacks is left out, not an error.
 */
async function unlessRefused<T>(answer: Promise<T>): Promise<T | null> {
  try {
    return await answer;
  } catch (err) {
    if (err instanceof ForbiddenError) return null;
    throw err;
  }
}
