// A learner brings their portable archive (docs/flows.md "A learner carries their records"): the gateway checked the
// archive's signature under its trusted issuer's key; here the statements are held to what any learner may write
// about themself: only those of which the signed-in person is a data subject (under an identifier linked to them
// here) are kept, as an imported write (ids and authority kept, the issuer as provenance). Others are refused by id.
import { randomUUID } from 'node:crypto';

import {
  ForbiddenError,
  type ImportOutcomeV1,
  type ImportPortableStatementsV1,
  type ImportRefusalV1,
  principalIdOf,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { indexTermsOf, validateStatements } from '@custos/xapi';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ImportedWriteService, versionOf } from '../imports/imported-write.service.js';

/** Statements per imported write: one storage transaction each. */
export const PORTABLE_IMPORT_BATCH = 500;

/**
 * The statements of `raw` the person may keep (a valid statement with one of `agentIfiHashes` as a data subject;
 * an invalid one passes on, to be refused by name by the imported write), and the refusals of the rest.
 */
export function ownStatements(
  raw: readonly unknown[],
  agentIfiHashes: readonly string[],
): { own: unknown[]; refused: ImportRefusalV1[] } {
  const mine = new Set(agentIfiHashes);
  const own: unknown[] = [];
  const refused: ImportRefusalV1[] = [];
  for (const item of raw) {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const result = validateStatements(item, versionOf(record));
    if (!result.ok) {
      own.push(item);
      continue;
    }
    const subjects = indexTermsOf(result.statements[0]!).agents.filter((a) => a.subject);
    if (subjects.some((a) => mine.has(a.ifiHash))) own.push(item);
    else {
      refused.push({
        id: typeof record.id === 'string' ? record.id : null,
        reason: 'none of its data subjects is linked to you here',
      });
    }
  }
  return { own, refused };
}

@Injectable()
export class ImportPortableHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly imported: ImportedWriteService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('ingest.v1.portable.import', (request) => this.bring(request));
  }

  private async bring({
    principal,
    issuer,
    statements,
  }: ImportPortableStatementsV1): Promise<ImportOutcomeV1> {
    if (principal.agentIfiHashes.length === 0) {
      throw new ForbiddenError('no xAPI identifier is linked to you here, so no statement is about you');
    }
    const { own, refused } = ownStatements(statements, principal.agentIfiHashes);
    const outcome: ImportOutcomeV1 = { imported: [], skipped: [], refused };
    const importId = randomUUID();
    for (let i = 0; i < own.length; i += PORTABLE_IMPORT_BATCH) {
      const batch = await this.imported.write({
        tenantId: principal.tenantId,
        importedBy: { principalId: principalIdOf(principal), principalKind: 'person' },
        source: `${issuer.url}#tenant=${encodeURIComponent(issuer.tenant)}`,
        importId,
        statements: own.slice(i, i + PORTABLE_IMPORT_BATCH),
      });
      outcome.imported.push(...batch.imported);
      outcome.skipped.push(...batch.skipped);
      outcome.refused.push(...batch.refused);
    }
    return outcome;
  }
}
