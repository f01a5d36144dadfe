// The read path: resolve the caller's ability (consent), compile it into an access filter
// (authz), let storage run it inside SQL with an audit record, then shape the result.
import { abilityFromRules, accessFilterFor, statementRedactionPlan } from '@custos/authz';
import {
  auditContextOf,
  BadRequestError,
  type FindStatementsReplyV1,
  type FindStatementsV1,
  ForbiddenError,
  NotFoundError,
  type PrincipalV1,
  type StatementQueryV1,
  principalIdOf,
} from '@custos/contracts';
import { MessageBus, timeStage } from '@custos/messaging';
import { formatStatement, parseStatementQuery, type Statement, XapiQueryError } from '@custos/xapi';
import { Inject, Injectable } from '@nestjs/common';

import { QUERY_OPTIONS, type QueryModuleOptions, readBasisSourcesOf, recordDenial } from '../core/index.js';
import { cursorKeyFrom, decodeCursor, encodeCursor, type RefusedCursor } from './more-cursor.js';

const READ_ACTION = 'statements.read';

@Injectable()
export class StatementsQueryService {
  private readonly cursorKey: Buffer;

  constructor(
    private readonly bus: MessageBus,
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

    const { accessFilter, redaction, policies } = await this.access(principal);
    if (!accessFilter) {
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
      accessFilter,
      ...(redaction ? { redaction } : {}),
      query,
      audit,
      // Storage names in the audit record those of them that allowed what it returned.
      basisSources: readBasisSourcesOf(principal, policies),
      // Communication §2.1.3 attachments=true: the data comes back in the same filtered read.
      ...(parsed.attachments ? { attachments: true } : {}),
    });
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

  private async access(principal: PrincipalV1) {
    const { rules, policies } = await timeStage('consent', () =>
      this.bus.request('consent.v1.ability.get', { principal }),
    );
    const ability = abilityFromRules(rules);
    return {
      policies,
      accessFilter: accessFilterFor(ability, 'read', 'Statement'),
      // Policies that redact: storage removes those parts per statement, from the same rules.
      redaction: statementRedactionPlan(ability.rules),
    };
  }
}

const stripUndefined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const latestStored = (statements: Record<string, unknown>[]): string =>
  statements.map((s) => String(s.stored)).reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
