// Keeping the statements of a verified portable archive: with their original ids and authority, and with where they
// came from (the issuer and the time it stored them), as ordinary statements of this tenant, so this installation's
// policies and the learner's grants here decide who else reads them.
import {
  type PersonPrincipalV1,
  type PortableArchiveContentV1,
  ServiceUnavailableError,
} from '@custos/contracts';
import type { MessageBus } from '@custos/messaging';

export interface ImportOutcome {
  imported: number;
  alreadyPresent: number;
  refused: { id: string; reason: string }[];
}

export async function storeImported(
  _bus: MessageBus,
  _principal: PersonPrincipalV1,
  _content: PortableArchiveContentV1,
  _statements: Record<string, unknown>[],
): Promise<ImportOutcome> {
  // Filled in with the import helper's storage primitive (imported writes).
  throw new ServiceUnavailableError('importing is not ready yet');
}
