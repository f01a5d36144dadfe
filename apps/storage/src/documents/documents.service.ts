// Document writes and reads (xAPI 1.0.3 Communication §2.2-§2.7, §3.1; IEEE 9274.1.1 §4.1.4, §4.1.6).
// A write locks the addressed row, evaluates If-Match / If-None-Match against it and changes it in the
// same transaction, so two concurrent POSTs both land (one merges into the other) and a precondition is
// never checked against a version that is no longer there. Reads apply the caller's access filter in SQL
// and, for learner data, leave an audit record in the same transaction.
import { accessFilterToSql, isAccessFilter, type SqlPart } from '@custos/authz';
import {
  BadRequestError,
  ConflictError,
  PreconditionFailedError,
  type ReadDocumentsReplyV1,
  type ReadDocumentsV1,
  type StoreDocumentReplyV1,
  type StoreDocumentV1,
} from '@custos/contracts';
import {
  checkDocumentPreconditions,
  DocumentContentError,
  documentEtag,
  mergeJsonDocuments,
  type PreconditionDecision,
} from '@custos/xapi';
import { timeStage } from '@custos/messaging';
import { type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { DOCUMENT_ACCESS_COLUMNS } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { STORAGE_UNITS } from '../core/index.js';
import { Sealing } from '../sealing/index.js';
import { DocumentRepository, type LockedDocument } from './document.repository.js';

// An insert that lost a race is followed by one more lock-and-update; more rounds mean a bug.
const MAX_WRITE_ROUNDS = 3;

@Injectable()
export class DocumentsService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly documents: DocumentRepository,
    private readonly audit: AuditService,
    private readonly sealing: Sealing,
  ) {}

  async write(request: StoreDocumentV1): Promise<StoreDocumentReplyV1> {
    // The agent's data key, fetched (or created and committed) before the transaction, which then finds it cached.
    const agent = request.address.agentIfiHash;
    if (agent !== undefined && request.method !== 'DELETE') {
      await this.sealing.prepareKeys(request.tenantId, [agent]);
    }
    return this.units.run(async (uow) => {
      const { reply, documentIds } =
        request.method === 'DELETE'
          ? await this.delete(uow, request)
          : { reply: await this.put(uow, request), documentIds: [request.address.documentId!] };
      // Last, so the tenant's chain head stays locked only until this commits; a write that cannot be recorded
      // is not carried out.
      if (request.audit) {
        await this.audit.appendIn(uow, {
          tenantId: request.tenantId,
          audit: request.audit,
          decision: 'allow',
          count: documentIds.length,
          returnedIds: documentIds,
        });
      }
      return reply;
    });
  }

  /** The row with its content opened; undefined when its data key is gone (the agent was erased). */
  private async opened<T extends Sealed>(uow: UnitOfWork, tenantId: string, row: T): Promise<T | undefined> {
    const content = await this.sealing.openDocument(uow.manager, tenantId, row.sealedKeyId, row.content);
    return content && { ...row, content };
  }

  /** The content to store, and the key it is sealed under (none for an Activity Profile: no agent). */
  private async sealed(
    tenantId: string,
    agentIfiHash: string | undefined,
    content: Buffer,
  ): Promise<{ content: Buffer; keyId: string | null }> {
    if (agentIfiHash === undefined) return { content, keyId: null };
    return this.sealing.sealDocument(tenantId, agentIfiHash, content);
  }

  /** PUT or POST of one document. */
  private async put(uow: UnitOfWork, request: StoreDocumentV1): Promise<StoreDocumentReplyV1> {
    const documentId = request.address.documentId;
    if (documentId === undefined || !request.body) {
      throw new BadRequestError(`${request.method} needs a document id and a body`);
    }
    const posted = {
      contentType: request.body.contentType,
      content: Buffer.from(request.body.content, 'base64'),
    };
    for (let round = 0; round < MAX_WRITE_ROUNDS; round++) {
      const [locked] = await this.documents.lock(uow, request.tenantId, request.kind, request.address);
      const current = locked && (await this.opened(uow, request.tenantId, locked));
      enforce(
        checkDocumentPreconditions(
          request.preconditions,
          current?.etag ?? null,
          request.conflictWithoutPrecondition,
          request.preconditionRequired,
        ),
      );
      const next = request.method === 'POST' && current ? merged(current, posted) : posted;
      const etag = documentEtag(next.content);
      // State and Agent Profile documents are about their agent: sealed under that agent's data key.
      const stored = await this.sealed(request.tenantId, request.address.agentIfiHash, next.content);
      if (current) {
        await this.documents.replace(uow, current.id, next.contentType, stored.content, stored.keyId, etag);
        return { etag };
      }
      const inserted = await this.documents.insertIfAbsent(uow, {
        tenantId: request.tenantId,
        kind: request.kind,
        address: { ...request.address, documentId },
        contentType: next.contentType,
        content: stored.content,
        sealedKeyId: stored.keyId,
        etag,
      });
      if (inserted) return { etag };
      // Another writer created the document after our lock found nothing: its row is committed now,
      // so the next round locks it and decides again (merge, 409 or 412).
    }
    throw new Error(`document write did not settle after ${MAX_WRITE_ROUNDS} rounds`);
  }

  /** One document, or (State without stateId) every document of the context: all or nothing. */
  private async delete(
    uow: UnitOfWork,
    request: StoreDocumentV1,
  ): Promise<{ reply: StoreDocumentReplyV1; documentIds: string[] }> {
    const locked = await this.documents.lock(uow, request.tenantId, request.kind, request.address);
    const etags = locked.length > 0 ? locked.map((d) => d.etag) : [null];
    for (const etag of etags) {
      enforce(checkDocumentPreconditions(request.preconditions, etag, request.conflictWithoutPrecondition));
    }
    await this.documents.delete(
      uow,
      locked.map((d) => d.id),
    );
    return { reply: { deleted: locked.length }, documentIds: locked.map((d) => d.documentId) };
  }

  async read(request: ReadDocumentsV1): Promise<ReadDocumentsReplyV1> {
    if (!isAccessFilter(request.accessFilter)) throw new BadRequestError('malformed access filter');
    const filter = request.accessFilter;
    const access: SqlPart = (params) => accessFilterToSql(filter, DOCUMENT_ACCESS_COLUMNS, params);
    return this.units.run(async (uow) => {
      let documents: ReadDocumentsReplyV1['documents'];
      if (request.address.documentId !== undefined) {
        const row = await timeStage('storage', () =>
          this.documents.findOne(uow, request.tenantId, request.kind, access, request.address),
        );
        const found = row && (await this.opened(uow, request.tenantId, row));
        documents = found
          ? [
              {
                documentId: found.documentId,
                updated: found.updated.toISOString(),
                document: {
                  contentType: found.contentType,
                  content: found.content.toString('base64'),
                  etag: found.etag,
                  updated: found.updated.toISOString(),
                },
              },
            ]
          : [];
      } else {
        const ids = await timeStage('storage', () =>
          this.documents.listIds(uow, request.tenantId, request.kind, access, request.address, request.since),
        );
        documents = ids.map((d) => ({ documentId: d.documentId, updated: d.updated.toISOString() }));
      }
      if (request.audit) {
        // A single document not returned although it exists: the caller may not read it (and gets the same 404
        // as for a missing one).
        const hidden =
          request.address.documentId !== undefined &&
          documents.length === 0 &&
          (await this.documents.exists(uow, request.tenantId, request.kind, request.address));
        await this.audit.appendIn(
          uow,
          hidden
            ? {
                tenantId: request.tenantId,
                audit: request.audit,
                decision: 'deny',
                count: 0,
                reason: 'the document exists but no rule lets this principal read it',
              }
            : {
                tenantId: request.tenantId,
                audit: request.audit,
                decision: 'allow',
                count: documents.length,
                returnedIds: documents.map((d) => d.documentId),
              },
        );
      }
      return { documents };
    });
  }
}

/** Shared by the document kinds: a row's content as written (undefined: its key is gone, it no longer exists). */
type Sealed = { content: Buffer; sealedKeyId: string | null };

function enforce(decision: PreconditionDecision): void {
  if (decision.ok) return;
  switch (decision.status) {
    case 400:
      throw new BadRequestError(decision.message);
    case 409:
      throw new ConflictError(decision.message);
    case 412:
      throw new PreconditionFailedError(decision.message);
  }
}

/** xAPI 1.0.3 Communication §2.2 JSON procedure: the stored document keeps its Content-Type. */
function merged(
  current: LockedDocument,
  posted: { contentType: string; content: Buffer },
): { contentType: string; content: Buffer } {
  try {
    return { contentType: current.contentType, content: mergeJsonDocuments(current, posted) };
  } catch (err) {
    if (err instanceof DocumentContentError) throw new BadRequestError(err.message);
    throw err;
  }
}
