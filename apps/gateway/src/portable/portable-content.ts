// The content of a learner's portable archive, gathered as the learner: their linked identifiers (GET /api/v1/me),
// the statements their own self access selects (the read of GET /api/v1/me/export: authorised, snapshotted and
// audited as an export by query and storage), and their consent receipts (GET /api/v1/me/receipts). Nothing here
// can name what those routes would not show them.
import {
  ForbiddenError,
  type PersonPrincipalV1,
  type PortableArchiveContentV1,
  type ExportCursorV1,
  type ReadExportReplyV1,
} from '@custos/contracts';
import type { MessageBus } from '@custos/messaging';

export async function portableContentOf(
  bus: MessageBus,
  principal: PersonPrincipalV1,
  issuerUrl: string,
  now: Date = new Date(),
): Promise<PortableArchiveContentV1> {
  const { person } = await bus.request('consent.v1.people.me', { principal });
  if (person.agents.length === 0) {
    throw new ForbiddenError(
      'no xAPI identifier is linked to you, so no records are about you: there is nothing to carry',
    );
  }
  const whose = { principal };
  const started = await bus.request('query.v1.exports.start', whose);
  const statements: Record<string, unknown>[] = [];
  // The statements part of the export only: documents (State, Agent Profile) belong to the activities that wrote
  // them and do not travel.
  let cursor: ExportCursorV1 | null = started.cursor;
  while (cursor && cursor.part === 'statements') {
    const page: ReadExportReplyV1 = await bus.request('query.v1.exports.read', { ...whose, cursor });
    statements.push(...page.statements);
    cursor = page.next;
  }
  const { receipts } = await bus.request('consent.v1.receipts.list', { principal });
  return {
    format: 'custos-portable-records/1',
    issuer: { url: issuerUrl, tenant: principal.tenantId },
    subject: { personId: principal.personId, agents: person.agents },
    issuedAt: now.toISOString(),
    statements,
    receipts,
  };
}
