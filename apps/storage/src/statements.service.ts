// Statement writes and reads. Writes are atomic per batch (xAPI 2.0 Communication §2.1.2: a
// batch is all or nothing); reads apply the caller's access filter in SQL and leave an audit
// record in the same transaction, so no data leaves without its trace.
import { randomUUID } from 'node:crypto';

import { isAccessFilter } from '@custos/authz';
import {
  BadRequestError,
  ConflictError,
  type ReadStatementsReplyV1,
  type ReadStatementsV1,
  type StatementsStoredV1,
  type StoreStatementsV1,
} from '@custos/contracts';
import {
  definedActivitiesOf,
  mergeDefinedActivities,
  ifiHash,
  ifiOf,
  indexTermsOf,
  redactStatement,
  type Statement,
  statementsEquivalent,
} from '@custos/xapi';
import { TransactionalOutbox } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { ActivityRepository } from './activity.repository.js';
import { attachmentLinks } from './attachment-links.js';
import { AttachmentRepository } from './attachment.repository.js';
import { AuditService } from './audit.service.js';
import { TransactionRunner } from './db/transaction.js';
import { planStatementRead } from './read-plan.js';
import { redactedFieldsOfRow, redactionColumns, redactionPlanOf } from './redaction-columns.js';
import { type NewStatementRow, StatementRepository } from './statement.repository.js';

/** Upper bound on one page, whatever `limit` asks for (limit=0 means "server maximum"). */
export const MAX_PAGE_SIZE = 500;

export function toRow(statement: Statement): NewStatementRow {
  const terms = indexTermsOf(statement);
  const actorIfi = ifiOf(statement.actor);
  return {
    statementId: String(statement.id),
    payload: statement as unknown as Record<string, unknown>,
    verbIri: terms.verbIri,
    objectActivityId: terms.objectActivityId,
    registration: terms.registration,
    actorIfiHash: actorIfi ? ifiHash(actorIfi) : null,
    stored: String(statement.stored),
    voidsStatementId: terms.voidsStatementId,
    targetStatementId: terms.targetStatementId,
    agents: terms.agents,
    activities: terms.activities.map((a) => ({ iri: a.iri, direct: a.direct })),
    contextActivities: terms.contextActivities,
  };
}

@Injectable()
export class StatementsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly statements: StatementRepository,
    private readonly audit: AuditService,
    private readonly outbox: TransactionalOutbox,
    private readonly activities: ActivityRepository,
    private readonly attachments: AttachmentRepository,
  ) {}

  async store(request: StoreStatementsV1): Promise<string[]> {
    const rows = request.statements.map((s) => toRow(s as unknown as Statement));
    const event: StatementsStoredV1 = {
      type: 'custos.storage.v1.statements_stored',
      messageId: randomUUID(),
      tenantId: request.tenantId,
      statementIds: rows.map((r) => r.statementId),
      storedAt: new Date().toISOString(),
    };
    const staged = await this.tx.run(async (tx) => {
      const { existing } = await this.statements.insertNew(
        tx,
        request.tenantId,
        request.authorityCredentialId,
        rows,
      );
      for (const row of rows) {
        const stored = existing.get(row.statementId);
        // xAPI 2.0 Communication §2.1.2: same id, same content is a no-op; different content is 409.
        if (
          stored &&
          !statementsEquivalent(stored as unknown as Statement, row.payload as unknown as Statement)
        ) {
          throw new ConflictError(`statement ${row.statementId} already exists with different content`);
        }
      }
      const targets = rows.filter((r) => r.voidsStatementId && !existing.has(r.statementId));
      const targetIds = targets.map((r) => r.voidsStatementId!);
      // xAPI 2.0 Data §2.3.2: a voiding statement cannot target another voiding statement.
      const voidingTargets = await this.statements.findVoidingStatements(tx, request.tenantId, targetIds);
      if (voidingTargets.length > 0) {
        throw new BadRequestError(
          `statement ${voidingTargets[0]} is a voiding statement and cannot be voided`,
        );
      }
      await this.statements.markVoided(tx, request.tenantId, targetIds);
      const fresh = rows.filter((r) => !existing.has(r.statementId));
      await this.activities.mergeDefinitions(
        tx,
        request.tenantId,
        mergeDefinedActivities(fresh.flatMap((r) => definedActivitiesOf(r.payload as unknown as Statement))),
      );
      // Attachment data commits with the statements that reference it, or not at all.
      const parts = request.attachments ?? [];
      await this.attachments.store(
        tx,
        request.tenantId,
        parts.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') })),
        attachmentLinks(
          rows.filter((r) => !existing.has(r.statementId)),
          new Set(parts.map((a) => a.sha2)),
        ),
      );
      return this.outbox.stage(tx, 'storage.v1.statements.stored', event);
    });
    this.outbox.publishSoon(staged);
    return rows.map((r) => r.statementId);
  }

  async read(request: ReadStatementsV1): Promise<ReadStatementsReplyV1> {
    if (!isAccessFilter(request.accessFilter)) throw new BadRequestError('malformed access filter');
    const consistentThrough = new Date().toISOString();
    const plan = planStatementRead(request.query, request.accessFilter, 2);
    const redaction = redactionPlanOf(request.redaction);
    const columns = redaction && redactionColumns(redaction, 2 + plan.params.length);
    const pageSize = request.query.limit === 0 ? MAX_PAGE_SIZE : Math.min(request.query.limit, MAX_PAGE_SIZE);
    return this.tx.run(async (tx) => {
      const rows = await this.statements.findPage(
        tx,
        request.tenantId,
        plan,
        request.query.ascending,
        pageSize + 1,
        columns,
      );
      // Redaction right after the access-filtered SELECT: the parts no matching rule lets this caller see.
      const page = rows.slice(0, pageSize).map((r) => {
        const fields = redaction ? redactedFieldsOfRow(redaction, r) : [];
        return {
          seq: r.seq,
          payload: redactStatement(r.payload as unknown as Statement, fields) as unknown as typeof r.payload,
          attachmentsRedacted: fields.includes('attachments'),
        };
      });
      await this.audit.appendInTx(tx, {
        tenantId: request.tenantId,
        audit: request.audit,
        decision: 'allow',
        count: page.length,
      });
      // Attachment data only of the statements this access-filtered read returned.
      const attachments = request.attachments
        ? await this.attachments.findForStatements(
            tx,
            request.tenantId,
            page.filter((r) => !r.attachmentsRedacted).map((r) => r.seq),
          )
        : undefined;
      return {
        statements: page.map((r) => r.payload),
        ...(rows.length > pageSize ? { nextAfterSeq: page[page.length - 1]!.seq } : {}),
        consistentThrough,
        ...(attachments
          ? { attachments: attachments.map((a) => ({ ...a, content: a.content.toString('base64') })) }
          : {}),
      };
    });
  }
}
