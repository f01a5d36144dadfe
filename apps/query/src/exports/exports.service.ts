// Learner data exports (DESIGN "Privacy operations": right of access and portability, "all records about a
// learner, as xAPI JSON"). Consent says whose records the caller may export; the records are those the
// learner's own self access selects (statements of which they are a data subject, under every linked
// identifier; their State and Agent Profile documents), compiled by @custos/authz and applied by storage in
// SQL. Every page asks consent again, so an admin who loses the role stops getting pages.
import {
  type AccessFilter,
  accessFilterFor,
  type AuditBasis,
  abilityWithoutPolicies,
  ownAccessBasis,
} from '@custos/authz';
import {
  auditContextOf,
  type AuthorizeExportReplyV1,
  type ExportCursorV1,
  ForbiddenError,
  NotFoundError,
  principalIdOf,
  type ReadExportReplyV1,
  type ReadExportV1,
  type StartExportReplyV1,
  type StartExportV1,
} from '@custos/contracts';
import { MessageBus, timeStage } from '@custos/messaging';
import { Injectable } from '@nestjs/common';

import { recordDenial } from '../core/index.js';
import { exportDocumentOf } from './export-document.js';

/** Statements per storage request: a page is held in memory by each part it passes through. */
export const EXPORT_STATEMENTS_PAGE = 500;
/** Documents per storage request: fewer, since each can be large. */
export const EXPORT_DOCUMENTS_PAGE = 50;

const NOTHING: AccessFilter = { or: [] };
const EXPORT_ACTION = 'export';

@Injectable()
export class ExportsQueryService {
  constructor(private readonly bus: MessageBus) {}

  /** Authorises, fixes the snapshot and appends the audit record (storage), before any data is read. */
  async start(request: StartExportV1): Promise<StartExportReplyV1> {
    const { dataSubject } = await this.authorize(request);
    const filters = selfAccessOf(dataSubject);
    const begun = await this.bus.request('storage.v1.exports.begin', {
      tenantId: dataSubject.tenantId,
      statementFilter: filters.statements,
      documentFilter: filters.documents,
      // The learner concerned by person id, and by pseudonymous keys of every linked identifier.
      audit: auditContextOf(
        request.principal,
        EXPORT_ACTION,
        'export',
        { personId: dataSubject.personId },
        {
          learnerIfiHashes: dataSubject.agentIfiHashes,
          basis: exportBasisOf(request.principal, dataSubject),
        },
      ),
    });
    return {
      personId: dataSubject.personId,
      statements: begun.statements,
      documents: begun.documents,
      cursor: {
        part: 'statements',
        after: '0',
        throughSeq: begun.throughSeq,
        throughDocumentId: begun.throughDocumentId,
      },
    };
  }

  /** One page: statements (with their attachment data) in seq order, then documents in id order. */
  async read(request: ReadExportV1): Promise<ReadExportReplyV1> {
    const { dataSubject, agents } = await this.authorize(request);
    const filters = selfAccessOf(dataSubject);
    const { cursor } = request;
    const page = await this.bus.request('storage.v1.exports.read', {
      tenantId: dataSubject.tenantId,
      part: cursor.part,
      accessFilter: cursor.part === 'statements' ? filters.statements : filters.documents,
      after: cursor.after,
      through: cursor.part === 'statements' ? cursor.throughSeq : cursor.throughDocumentId,
      limit: cursor.part === 'statements' ? EXPORT_STATEMENTS_PAGE : EXPORT_DOCUMENTS_PAGE,
    });
    return {
      statements: page.statements,
      attachments: page.attachments,
      documents: page.documents.map((d) => exportDocumentOf(d, agents)),
      next: nextCursor(cursor, page.next),
    };
  }

  /** Consent decides; a refusal is audited before it is passed on. */
  private async authorize(request: StartExportV1): Promise<AuthorizeExportReplyV1> {
    try {
      return await timeStage('consent', () =>
        this.bus.request('consent.v1.exports.authorize', {
          principal: request.principal,
          ...(request.personId !== undefined ? { personId: request.personId } : {}),
        }),
      );
    } catch (err) {
      if (err instanceof ForbiddenError || err instanceof NotFoundError) {
        await recordDenial(
          this.bus,
          request.principal.tenantId,
          auditContextOf(request.principal, EXPORT_ACTION, 'export', {
            personId: request.personId ?? principalIdOf(request.principal),
          }),
          err.message,
        );
      }
      throw err;
    }
  }
}

/** The learner's own export is self access; anyone else's is the role that may export people (admin). */
function exportBasisOf(
  principal: StartExportV1['principal'],
  dataSubject: AuthorizeExportReplyV1['dataSubject'],
): AuditBasis[] {
  if (principal.kind === 'person' && principal.personId === dataSubject.personId) return [{ kind: 'self' }];
  return ownAccessBasis(principal, 'export', 'Person');
}

/**
 * The learner's self access, and nothing else (no institution policy, no other role): the records about them.
 * A person without linked identifiers has no records.
 */
function selfAccessOf(dataSubject: AuthorizeExportReplyV1['dataSubject']) {
  const ability = abilityWithoutPolicies(dataSubject);
  return {
    statements: accessFilterFor(ability, 'read', 'Statement') ?? NOTHING,
    documents: accessFilterFor(ability, 'read', 'Document') ?? NOTHING,
  };
}

function nextCursor(cursor: ExportCursorV1, next: string | null): ExportCursorV1 | null {
  if (next !== null) return { ...cursor, after: next };
  return cursor.part === 'statements' ? { ...cursor, part: 'documents', after: '0' } : null;
}
