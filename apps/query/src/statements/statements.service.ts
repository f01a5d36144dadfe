// The read path: resolve the caller's ability (consent), compile it into an access filter
// (authz), let storage run it inside SQL with an audit record, then shape the result. The compiled
// access is kept between reads and checked by storage's SQL against the tenant's access version (ADR 0011).
import {
  auditContextOf,
  type AuditContextV1,
  BadRequestError,
  type FindStatementsReplyV1,
  type FindStatementsV1,
  ForbiddenError,
  NotFoundError,
  type PrincipalV1,
  type ReadStatementsReplyV1,
  ServiceUnavailableError,
  type StatementQueryV1,
  principalIdOf,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { formatStatement, parseStatementQuery, type Statement, XapiQueryError } from '@custos/xapi';
import { Inject, Injectable } from '@nestjs/common';

import { QUERY_OPTIONS, type QueryModuleOptions, recordDenial, StatementAccessCache } from '../core/index.js';
import { cursorKeyFrom, decodeCursor, encodeCursor, type RefusedCursor } from './more-cursor.js';

const READ_ACTION = 'statements.read';

@Injectable()
export class StatementsQueryService {
  private readonly cursorKey: Buffer;

  constructor(
    private readonly bus: MessageBus,
    private readonly access: StatementAccessCache,
    @Inject(QUERY_OPTIONS) options: QueryModuleOptions,
  ) {
    this.cursorKey = cursorKeyFrom(options.cursorKey);
  }

  async find(request: FindStatementsV1): Promise<FindStatementsReplyV1> {
    const { principal } = request;
    let params = request.params;
    let afterSeq: string | undefined;
    if ('more' in params) {
      if (Object.keys(params).length !== 1 || typeof params.more !== 'string') {
        throw new BadRequestError('more cannot be combined with other parameters');
      }
      const decoded = decodeCursor(params.more, principalIdOf(principal), this.cursorKey);
      if ('refused' in decoded) {
        await this.refuseCursor(principal, request.version, decoded.refused);
        throw new NotFoundError('unknown or expired more cursor');
      }
      params = decoded.cursor.params;
      afterSeq = decoded.cursor.afterSeq;
    }
    let parsed;
    try {
      parsed = parseStatementQuery(params, request.version);
    } catch (err) {
      if (err instanceof XapiQueryError) throw new BadRequestError(err.message);
      throw err;
    }
    const query: StatementQueryV1 = {
      statementId: parsed.statementId,
      voidedStatementId: parsed.voidedStatementId,
      agentIfiHash: parsed.agentIfiHash,
      verb: parsed.verb,
      activity: parsed.activity,
      registration: parsed.registration,
      relatedActivities: parsed.relatedActivities,
      relatedAgents: parsed.relatedAgents,
      since: parsed.since,
      until: parsed.until,
      limit: parsed.limit,
      ascending: parsed.ascending,
      afterSeq,
    };
    // What the audit keeps: the parsed query, in which the agent is already only a hash.
    const byId = query.statementId !== undefined || query.voidedStatementId !== undefined;
    const audit = auditContextOf(
      principal,
      READ_ACTION,
      byId ? 'statement' : 'statements',
      stripUndefined(query),
    );

    const page = await this.readPage(principal, query, audit, parsed.attachments);
    const attachments = parsed.attachments ? { attachments: page.attachments ?? [] } : {};
    const statements = page.statements.map((s) =>
      formatStatement(s as unknown as Statement, parsed.format, request.acceptLanguages),
    ) as unknown as Record<string, unknown>[];

    if (byId) {
      // Not stored, voided, or not readable by this caller: all look the same from outside.
      const statement = statements[0];
      if (!statement) throw new NotFoundError('no such statement');
      return {
        statement,
        consistentThrough: page.consistentThrough,
        lastModified: String(page.statements[0]!.stored),
        ...attachments,
      };
    }
    return {
      statements,
      ...(page.nextAfterSeq
        ? {
            more: encodeCursor(
              {
                params,
                afterSeq: page.nextAfterSeq,
                principalId: principalIdOf(principal),
              },
              this.cursorKey,
            ),
          }
        : {}),
      consistentThrough: page.consistentThrough,
      ...(page.statements.length > 0 ? { lastModified: latestStored(page.statements) } : {}),
      ...attachments,
    };
  }

  /**
   * A `more` page refused before any query ran (docs/audit.md: every `more` page, allowed or denied, is recorded):
   * a stolen or forged cursor is what an auditor looks for. The record names whose cursor it was and what it
   * asked, as an allowed read would (the agent only as a hash), never the token itself.
   */
  private async refuseCursor(
    principal: PrincipalV1,
    version: FindStatementsV1['version'],
    refused: RefusedCursor,
  ): Promise<void> {
    let asked: Record<string, unknown> = {};
    if (refused.params !== undefined) {
      try {
        const parsed = parseStatementQuery(refused.params, version);
        asked = stripUndefined({
          agentIfiHash: parsed.agentIfiHash,
          verb: parsed.verb,
          activity: parsed.activity,
          registration: parsed.registration,
          since: parsed.since,
          until: parsed.until,
        });
      } catch (err) {
        if (!(err instanceof XapiQueryError)) throw err;
      }
    }
    const { agentIfiHash } = asked as { agentIfiHash?: string };
    await recordDenial(
      this.bus,
      principal.tenantId,
      auditContextOf(principal, READ_ACTION, 'statements', {
        more: true,
        ...(refused.issuedTo !== undefined ? { cursorIssuedTo: refused.issuedTo } : {}),
        ...asked,
      }),
      refused.reason,
      agentIfiHash !== undefined ? [agentIfiHash] : undefined,
    );
  }

  /**
   * One access-filtered page from storage, with the access kept for this principal (ADR 0011). When storage finds
   * the tenant's policies changed since that access was built, nothing was read: fetch it afresh and read once more.
   * A second refusal means another change landed in between; the client may simply try again.
   */
  private async readPage(
    principal: PrincipalV1,
    query: StatementQueryV1,
    audit: AuditContextV1,
    attachments: boolean | undefined,
  ): Promise<ReadStatementsReplyV1> {
    for (let fresh = false; ; fresh = true) {
      const { access, kept } = await this.access.get(principal, fresh);
      if (!access.accessFilter) {
        // The learner an agent filter names is the one whose records were asked for.
        await recordDenial(
          this.bus,
          principal.tenantId,
          audit,
          'no rule lets this principal read statements',
          query.agentIfiHash !== undefined ? [query.agentIfiHash] : undefined,
        );
        throw new ForbiddenError('this credential may not read statements');
      }
      const page = await this.bus.request('storage.v1.statements.read', {
        tenantId: principal.tenantId,
        accessFilter: access.accessFilter,
        ...(access.redaction ? { redaction: access.redaction } : {}),
        query,
        audit,
        basisSources: access.basisSources,
        ...(access.accessVersion !== undefined ? { accessVersion: access.accessVersion } : {}),
        // Communication §2.1.3 attachments=true: the data comes back in the same filtered read.
        ...(attachments ? { attachments: true } : {}),
      });
      // A storage that did not check the version (one older than ADR 0011) must not have read with kept rules.
      const stale = page.accessStale === true || (kept && page.accessChecked !== true);
      if (!stale) {
        if (!kept && page.accessChecked) this.access.keep(principal, access);
        return page;
      }
      if (fresh) {
        const busy = new ServiceUnavailableError(
          "the tenant's access rules changed during the read; try again",
        );
        busy.retryAfterSeconds = 1;
        throw busy;
      }
    }
  }
}

const stripUndefined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const latestStored = (statements: Record<string, unknown>[]): string =>
  statements.map((s) => String(s.stored)).reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
