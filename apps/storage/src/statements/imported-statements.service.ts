// Imported writes (docs/flows.md "Import from another LRS"): statements another LRS stored, kept with their id and
// authority, stored here with Custos's own `stored` (xAPI 2.0 Data §2.4.8) and their provenance. Unlike a POST
// (all or nothing, 409 on a conflict), an import goes on past a statement it cannot store: an id already stored
// with the same content is skipped, with other content refused, and both are counted and named in the answer.
import { randomUUID } from 'node:crypto';

import type {
  AppendAuditV1,
  ImportOutcomeV1,
  ImportRefusalV1,
  StoreImportedStatementsV1,
} from '@custos/contracts';
import {
  definedActivitiesOf,
  mergeDefinedActivities,
  type Statement,
  statementsEquivalent,
} from '@custos/xapi';
import { type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { ActivityRepository } from '../activities/index.js';
import { attachmentLinks, Attachments } from '../attachments/index.js';
import { AuditService } from '../audit/index.js';
import { STORAGE_UNITS } from '../core/index.js';
import { Sealing } from '../sealing/index.js';
import { type NewStatementRow, StatementRepository } from './statement.repository.js';
import { subjectsIn, toRow } from './statements.service.js';

/** The audit record of an imported write: who imported, from where, and the statements it stored. */
export function importRecord(
  request: StoreImportedStatementsV1,
  stored: readonly NewStatementRow[],
): AppendAuditV1 {
  return {
    tenantId: request.tenantId,
    audit: {
      principalId: request.importedBy.principalId,
      principalKind: request.importedBy.principalKind,
      action: 'statements.write',
      resource: 'statements',
      query: { batchId: request.batchId, imported: true, importId: request.importId, source: request.source },
    },
    decision: 'allow',
    count: stored.length,
    returnedIds: stored.map((r) => r.statementId),
    learnerIfiHashes: stored.flatMap((r) => r.agents.filter((a) => a.subject).map((a) => a.ifiHash)),
  };
}

@Injectable()
export class ImportedStatementsService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly statements: StatementRepository,
    private readonly audit: AuditService,
    private readonly activities: ActivityRepository,
    private readonly attachments: Attachments,
    private readonly sealing: Sealing,
  ) {}

  /** Stores what is new of an imported batch in one transaction; answers what was stored, skipped and refused. */
  async store(request: StoreImportedStatementsV1): Promise<ImportOutcomeV1> {
    const all = request.statements.map(({ statement }) => toRow(statement as unknown as Statement));
    // Sealed as every write is (sealing/), before the transaction: a data key is created and committed outside it.
    const sealed = await this.sealing.sealRows(request.tenantId, all);
    return this.units.run((uow) => this.storeIn(uow, request, all, sealed));
  }

  private async storeIn(
    uow: UnitOfWork,
    request: StoreImportedStatementsV1,
    all: readonly NewStatementRow[],
    sealed: readonly NewStatementRow[],
  ): Promise<ImportOutcomeV1> {
    const { tenantId } = request;
    const refused: ImportRefusalV1[] = [];
    const originalStored = new Map(
      request.statements.map(({ statement, originalStored: at }) => [String(statement.id), at]),
    );
    // xAPI 2.0 Data §2.3.2: a voiding statement cannot target another voiding statement (in this batch or stored).
    const voidingHere = new Set(all.filter((r) => r.voidsStatementId).map((r) => r.statementId));
    const voidingStored = new Set(
      await this.statements.findVoidingStatements(
        uow,
        tenantId,
        all.flatMap((r) =>
          r.voidsStatementId && !voidingHere.has(r.voidsStatementId) ? [r.voidsStatementId] : [],
        ),
      ),
    );
    const rows = all.filter((r) => {
      const target = r.voidsStatementId;
      if (!target || (!voidingHere.has(target) && !voidingStored.has(target))) return true;
      refused.push({
        id: r.statementId,
        reason: `voids statement ${target}, which is itself a voiding statement`,
      });
      return false;
    });
    // The import's id stands for the writing credential: no credential of this LRS wrote them, so no
    // `statements/read/mine` reads them.
    const kept = new Set(rows.map((r) => r.statementId));
    const { inserted, existing } = await this.statements.insertNew(uow, {
      tenantId,
      authorityCredentialId: request.importId,
      rows: sealed.filter((r) => kept.has(r.statementId)),
    });
    const storedIds = [...existing.keys()];
    const opened = await this.sealing.unsealAll(uow.manager, tenantId, [...existing.values()]);
    const storedPayloads = new Map(storedIds.map((id, i) => [id, opened[i]!]));
    const skipped: string[] = [];
    for (const row of rows) {
      const stored = storedPayloads.get(row.statementId);
      if (!stored) continue;
      // As a re-sent POST (Communication §2.1.2): the same content is a no-op, other content a refusal.
      if (statementsEquivalent(stored as unknown as Statement, row.payload as unknown as Statement)) {
        skipped.push(row.statementId);
      } else {
        refused.push({ id: row.statementId, reason: 'already stored with different content' });
      }
    }
    const fresh = rows.filter((r) => inserted.has(r.statementId));
    if (fresh.length > 0) {
      // Voids as for any write; and since a source pages newest first, a voiding statement may have arrived
      // before its target: a new statement that a stored voiding statement targets is voided at once.
      const targets = fresh.flatMap((r) => (r.voidsStatementId ? [r.voidsStatementId] : []));
      const alreadyVoided = await this.statements.findVoidedByStored(
        uow,
        tenantId,
        fresh.map((r) => r.statementId),
      );
      await this.statements.markVoided(uow, tenantId, [...targets, ...alreadyVoided]);
      await this.statements.insertProvenance(
        uow,
        tenantId,
        { source: request.source, importId: request.importId },
        fresh.map((r) => ({
          statementId: r.statementId,
          originalStored: originalStored.get(r.statementId) ?? null,
        })),
      );
      // The importing admin brings the source's Activity definitions with the statements.
      await this.activities.mergeDefinitions(
        uow,
        tenantId,
        mergeDefinedActivities(fresh.flatMap((r) => definedActivitiesOf(r.payload as unknown as Statement))),
      );
      const parts = request.attachments ?? [];
      await this.attachments.store(
        uow,
        tenantId,
        parts.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') })),
        attachmentLinks(fresh, new Set(parts.map((a) => a.sha2))),
        subjectsIn(fresh),
      );
      await uow.stage('storage.v1.statements.stored', {
        type: 'custos.storage.v1.statements_stored',
        messageId: randomUUID(),
        tenantId,
        statementIds: fresh.map((r) => r.statementId),
        storedAt: new Date().toISOString(),
      });
    }
    // A write that cannot be recorded is not carried out (ADR 0010); a batch that stored nothing is recorded too.
    await this.audit.appendIn(uow, importRecord(request, fresh));
    return { imported: fresh.map((r) => r.statementId), skipped, refused };
  }
}
