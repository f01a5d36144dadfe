// The Document Resource write path (xAPI 1.0.3 Communication §2.2-§2.7, §3.1; IEEE 9274.1.1 §4.1.4,
// §4.1.6): strict parameter and header validation and the scope check, all before anything reaches
// storage, which then applies the preconditions under a row lock.
import { abilityWithoutPolicies, documentSubject, ownAccessBasis } from '@custos/authz';
import {
  auditContextOf,
  BadRequestError,
  documentAuditResource,
  ForbiddenError,
  type StoreDocumentV1,
  type WriteDocumentReplyV1,
  type WriteDocumentV1,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import {
  checkDocumentBody,
  DocumentContentError,
  type DocumentParams,
  EntityTagSyntaxError,
  parseDocumentParams,
  parseEntityTagCondition,
  requiresPreconditionHeader,
  requiresPreconditionToOverwrite,
  XapiQueryError,
} from '@custos/xapi';
import { Injectable } from '@nestjs/common';

@Injectable()
export class DocumentsWriteService {
  constructor(private readonly bus: MessageBus) {}

  async write(request: WriteDocumentV1): Promise<WriteDocumentReplyV1> {
    const { principal, kind, method } = request;
    const ability = abilityWithoutPolicies(principal);
    // A credential with no document write rule at all learns nothing about its parameters' validity.
    if (!ability.can('write', 'Document')) {
      throw new ForbiddenError('this credential may not write documents');
    }
    const params = asBadRequest(() => parseDocumentParams(kind, method, request.params));
    const allowed = ability.can(
      'write',
      documentSubject({
        tenantId: principal.tenantId,
        kind,
        activityId: params.activityId ?? null,
        agentIfiHash: params.agentIfiHash ?? null,
        registration: params.registration ?? null,
      }),
    );
    if (!allowed) throw new ForbiddenError(`this credential may not write ${resourceTitle(kind)} documents`);

    const preconditions: StoreDocumentV1['preconditions'] = {};
    if (request.ifMatch !== undefined) {
      preconditions.ifMatch = asBadRequest(() => parseEntityTagCondition(request.ifMatch!, 'If-Match'));
    }
    if (request.ifNoneMatch !== undefined) {
      preconditions.ifNoneMatch = asBadRequest(() =>
        parseEntityTagCondition(request.ifNoneMatch!, 'If-None-Match'),
      );
    }

    let body: StoreDocumentV1['body'];
    if (method !== 'DELETE') {
      if (!request.body) throw new BadRequestError(`${method} needs a document in the request body`);
      const { contentType, content } = request.body;
      asBadRequest(() => checkDocumentBody(method, contentType, Buffer.from(content, 'base64')));
      body = { contentType, content };
    }

    const address = addressOf(params);
    const reply = await this.bus.request('storage.v1.documents.write', {
      tenantId: principal.tenantId,
      kind,
      method,
      address,
      preconditions,
      conflictWithoutPrecondition: requiresPreconditionToOverwrite(request.version, kind, method),
      preconditionRequired: requiresPreconditionHeader(request.version, kind, method),
      ...(body ? { body } : {}),
      // The write commits with its audit record; the agent appears only as its hash.
      audit: auditContextOf(
        principal,
        method === 'DELETE' ? 'documents.delete' : 'documents.write',
        documentAuditResource(kind),
        { kind, ...address, method },
        {
          basis: ownAccessBasis(principal, 'write', 'Document', { kind }),
          ...(address.agentIfiHash !== undefined ? { learnerIfiHashes: [address.agentIfiHash] } : {}),
        },
      ),
    });
    return reply.etag === undefined ? {} : { etag: reply.etag };
  }
}

function addressOf(params: DocumentParams): StoreDocumentV1['address'] {
  const { since: _since, ...address } = params;
  return address;
}

function resourceTitle(kind: WriteDocumentV1['kind']): string {
  switch (kind) {
    case 'state':
      return 'State';
    case 'activityProfile':
      return 'Activity Profile';
    case 'agentProfile':
      return 'Agent Profile';
  }
}

function asBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof XapiQueryError) throw new BadRequestError(err.message, err.errors);
    if (err instanceof EntityTagSyntaxError || err instanceof DocumentContentError) {
      throw new BadRequestError(err.message);
    }
    throw err;
  }
}
