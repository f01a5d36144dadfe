// The Document Resource read path (xAPI 1.0.3 Communication §2.3, §2.6, §2.7; IEEE 9274.1.1 §4.1.6.2,
// §4.1.6.5, §4.1.6.6): parse the parameters, turn the caller's CASL rules into an access filter for the
// requested kind, let storage run it inside SQL. State and Agent Profile documents are about a learner, so
// every read of them is audited, a denied one included.
import {
  abilityFromRules,
  accessFilterFor,
  bindFilterFields,
  isFalseFilter,
  ownAccessBasis,
} from '@custos/authz';
import {
  auditContextOf,
  BadRequestError,
  documentAuditResource,
  type DocumentKindV1,
  type FindDocumentsReplyV1,
  type FindDocumentsV1,
  ForbiddenError,
  NotFoundError,
} from '@custos/contracts';
import { MessageBus, timeStage } from '@custos/messaging';
import { parseDocumentParams, XapiQueryError } from '@custos/xapi';
import { Injectable } from '@nestjs/common';

import { recordDenial } from '../core/index.js';

const READ_ACTION = 'documents.read';

/** Kinds whose documents belong to a learner (they are addressed by an agent). */
const LEARNER_KINDS: ReadonlySet<DocumentKindV1> = new Set(['state', 'agentProfile']);

@Injectable()
export class DocumentsQueryService {
  constructor(private readonly bus: MessageBus) {}

  async find(request: FindDocumentsV1): Promise<FindDocumentsReplyV1> {
    const { principal, kind } = request;
    let params;
    try {
      params = parseDocumentParams(kind, 'GET', request.params);
    } catch (err) {
      if (err instanceof XapiQueryError) throw new BadRequestError(err.message, err.errors);
      throw err;
    }
    const { since, ...address } = params;
    // What the audit keeps: the parsed request, in which the agent is already only a hash.
    // The learner concerned is the document's agent.
    const audit = LEARNER_KINDS.has(kind)
      ? auditContextOf(
          principal,
          READ_ACTION,
          documentAuditResource(kind),
          stripUndefined({ kind, ...address, since }),
          address.agentIfiHash !== undefined ? { learnerIfiHashes: [address.agentIfiHash] } : {},
        )
      : undefined;

    const { rules } = await timeStage('consent', () =>
      this.bus.request('consent.v1.ability.get', { principal }),
    );
    const filter = accessFilterFor(abilityFromRules(rules), 'read', 'Document');
    // Decided for the requested kind: a credential that may read only State gets 403 on profiles.
    const accessFilter = filter && bindFilterFields(filter, { kind });
    if (!accessFilter || isFalseFilter(accessFilter)) {
      if (audit) {
        await recordDenial(
          this.bus,
          principal.tenantId,
          audit,
          `no rule lets this principal read ${kind} documents`,
        );
      }
      throw new ForbiddenError('this credential may not read these documents');
    }

    const { documents } = await this.bus.request('storage.v1.documents.read', {
      tenantId: principal.tenantId,
      kind,
      accessFilter,
      address,
      ...(since !== undefined ? { since } : {}),
      // Allowed by the parts of the principal's own access that read this kind (scopes, self access).
      ...(audit
        ? { audit: { ...audit, basis: ownAccessBasis(principal, 'read', 'Document', { kind }) } }
        : {}),
    });

    if (address.documentId !== undefined) {
      // Missing, or not readable by this caller: both look the same from outside.
      const document = documents[0]?.document;
      if (!document) throw new NotFoundError('no such document');
      return { document, lastModified: document.updated };
    }
    return {
      ids: documents.map((d) => d.documentId),
      ...(documents.length > 0 ? { lastModified: latest(documents.map((d) => d.updated)) } : {}),
    };
  }
}

const stripUndefined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const latest = (instants: string[]): string =>
  instants.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
