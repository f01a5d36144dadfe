// Learner data exports (DESIGN "Privacy operations": right of access and portability). `begin` fixes the
// snapshot, counts what it holds and appends the export's audit record in one transaction, before any data
// leaves; `read` then hands out the pages, each selected in SQL by the learner's self access (never loaded and
// filtered afterwards) and bounded by the snapshot, so rows written meanwhile do not slip in.
import { type AccessColumn, accessFilterToSql, isAccessFilter, type SqlPart } from '@custos/authz';
import {
  BadRequestError,
  type BeginExportReplyV1,
  type BeginExportV1,
  type ReadExportPageReplyV1,
  type ReadExportPageV1,
} from '@custos/contracts';
import { timeStage } from '@custos/messaging';
import { UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { DOCUMENT_ACCESS_COLUMNS, readableStatementSql } from '../access/index.js';
import { Attachments } from '../attachments/index.js';
import { AuditService } from '../audit/index.js';
import { STORAGE_UNITS } from '../core/index.js';
import { Sealing } from '../sealing/index.js';
import { LearnerRecordsRepository } from './learner-records.repository.js';

/** A filter received from query, checked now and compiled into the page's statement when it is written. */
function compile(filter: unknown, columns: Readonly<Record<string, AccessColumn>>): SqlPart {
  if (!isAccessFilter(filter)) throw new BadRequestError('malformed access filter');
  return (params) => accessFilterToSql(filter, columns, params);
}

/** The same for statements: readable, and not past retention. */
function compileStatements(filter: unknown): SqlPart {
  if (!isAccessFilter(filter)) throw new BadRequestError('malformed access filter');
  return (params) => readableStatementSql(filter, 's', params);
}

@Injectable()
export class ExportsService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly records: LearnerRecordsRepository,
    private readonly attachments: Attachments,
    private readonly audit: AuditService,
    private readonly sealing: Sealing,
  ) {}

  async begin(request: BeginExportV1): Promise<BeginExportReplyV1> {
    const { tenantId } = request;
    const statements = compileStatements(request.statementFilter);
    const documents = compile(request.documentFilter, DOCUMENT_ACCESS_COLUMNS);
    // An audit record that cannot be written fails the export with 503 before any data leaves (AuditService).
    return this.units.run(async (uow) => {
      const { throughSeq, throughDocumentId, ids } = await timeStage('storage', async () => {
        const snapshot = await this.records.snapshot(uow);
        return {
          ...snapshot,
          ids: {
            statements: await this.records.statementIdsThrough(
              uow,
              tenantId,
              snapshot.throughSeq,
              statements,
            ),
            documents: await this.records.documentIdsThrough(
              uow,
              tenantId,
              snapshot.throughDocumentId,
              documents,
            ),
          },
        };
      });
      // The learner and the basis come with the audit context (the query part knows whose export it is).
      await this.audit.appendIn(uow, {
        tenantId,
        audit: { ...request.audit, query: { ...request.audit.query, throughSeq, throughDocumentId } },
        decision: 'allow',
        count: ids.statements.length + ids.documents.length,
        returnedIds: [...ids.statements, ...ids.documents],
      });
      return {
        throughSeq,
        throughDocumentId,
        statements: ids.statements.length,
        documents: ids.documents.length,
      };
    });
  }

  async read(request: ReadExportPageV1): Promise<ReadExportPageReplyV1> {
    const { tenantId, after, through, limit } = request;
    if (request.part === 'statements') {
      const access = compileStatements(request.accessFilter);
      return this.units.run(async (uow) => {
        const rows = await this.records.statementsPage(uow, tenantId, after, through, access, limit + 1);
        const page = rows.slice(0, limit);
        // Attachment data of exactly the statements this access-filtered page returned.
        const data = await this.attachments.findForStatements(
          uow,
          tenantId,
          page.map((r) => r.seq),
        );
        return {
          statements: await this.sealing.unsealAll(
            uow.manager,
            tenantId,
            page.map((r) => r.payload),
          ),
          attachments: data.map((a) => ({ ...a, content: a.content.toString('base64') })),
          documents: [],
          next: rows.length > limit ? page[page.length - 1]!.seq : null,
        };
      });
    }
    const access = compile(request.accessFilter, DOCUMENT_ACCESS_COLUMNS);
    return this.units.run(async (uow) => {
      const rows = await this.records.documentsPage(uow, tenantId, after, through, access, limit + 1);
      const page = rows.slice(0, limit);
      // A document whose key is gone (its agent erased) is no longer anyone's: left out.
      const opened = await Promise.all(
        page.map((d) => this.sealing.openDocument(uow.manager, tenantId, d.sealedKeyId, d.content)),
      );
      return {
        statements: [],
        attachments: [],
        documents: page.flatMap((d, i) => {
          const content = opened[i];
          if (content === undefined) return [];
          return [
            {
              kind: d.kind as 'state' | 'activityProfile' | 'agentProfile',
              activityId: d.activityId,
              agentIfiHash: d.agentIfiHash,
              registration: d.registration,
              documentId: d.documentId,
              contentType: d.contentType,
              updated: d.updated.toISOString(),
              content: content.toString('base64'),
            },
          ];
        }),
        next: rows.length > limit ? page[page.length - 1]!.id : null,
      };
    });
  }
}
