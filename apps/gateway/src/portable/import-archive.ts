// Keeping the statements of a verified portable archive: ingest writes them as an imported write (ids and authority
// kept; the issuer and the time it stored them as provenance), as ordinary statements of this tenant, so this
// installation's policies and the learner's grants here decide who else reads them.
import type { PersonPrincipalV1, PortableArchiveContentV1 } from '@custos/contracts';
import type { MessageBus } from '@custos/messaging';

export interface ImportOutcome {
  imported: number;
  alreadyPresent: number;
  refused: { id: string; reason: string }[];
}

export async function storeImported(
  bus: MessageBus,
  principal: PersonPrincipalV1,
  content: PortableArchiveContentV1,
  statements: Record<string, unknown>[],
): Promise<ImportOutcome> {
  if (statements.length === 0) return { imported: 0, alreadyPresent: 0, refused: [] };
  const outcome = await bus.request('ingest.v1.portable.import', {
    principal,
    issuer: content.issuer,
    statements,
  });
  return {
    imported: outcome.imported.length,
    alreadyPresent: outcome.skipped.length,
    refused: outcome.refused.map((r) => ({ id: r.id ?? '(no id)', reason: r.reason })),
  };
}
