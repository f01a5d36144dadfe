// Statement writes and reads. Writes are atomic per batch (xAPI 2.0 Communication §2.1.2: a
// batch is all or nothing); reads apply the caller's access filter in SQL and leave an audit
// record in the same transaction, so no data leaves without its trace.
import { randomUUID } from 'node:crypto';

import { type AccessFilter, isAccessFilter, type SqlParams } from '@custos/authz';
import {
  type AppendAuditV1,
  BadRequestError,
  ConflictError,
  type ReadStatementsReplyV1,
  type ReadStatementsV1,
  type StatementsStoredV1,
  type StoreStatementsV1,
} from '@custos/contracts';
import {
  type ActivityDefinition,
  definedActivitiesOf,
  mergeDefinedActivities,
  ifiHash,
  ifiOf,
  indexTermsOf,
  redactStatement,
  type Statement,
  statementsEquivalent,
} from '@custos/xapi';
import { timeStage } from '@custos/messaging';
import {
  GroupCommit,
  type GroupCommitBounds,
  type GroupMember,
  LOGGER,
  type UnitOfWork,
  UnitsOfWork,
} from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import {
  basisColumns,
  grantedPolicyIdsOf,
  joinColumns,
  planStatementRead,
  readBasisOf,
  redactedFieldsOfRow,
  redactionColumns,
  redactionPlanOf,
} from '../access/index.js';
import { ActivityRepository } from '../activities/index.js';
import { attachmentLinks, Attachments } from '../attachments/index.js';
import { AuditService } from '../audit/index.js';
import { STORAGE_UNITS } from '../core/index.js';
import { type WriteDecision, WritePurposesService } from '../write-purposes/index.js';
import { Sealing } from '../sealing/index.js';
import { RecentAnswers } from './recent-answers.js';
import {
  isAccessStale,
  type NewStatementRow,
  StatementRepository,
  type StoredStatementRow,
} from './statement.repository.js';

/** Upper bound on one page, whatever `limit` asks for (limit=0 means "server maximum"). */
export const MAX_PAGE_SIZE = 500;

/**
 * Below this many statements of the grant holders, a consent-filtered read is written so that the planner may
 * start from the grants (read-plan.ts). Around here both ways read about as much (1,000 look-ups by key against
 * a newest-first walk that meets a granted statement every ~100 rows); far from it one of them is 100× worse.
 */
export const FEW_GRANTED_STATEMENTS = 1000;

/**
 * How long that answer is reused for the same tenant and policies (the count costs ~1 ms of a ~1 ms read for a
 * consumer with many grants). It steers the plan only: a stale answer is a slower read, never a different one.
 */
const FEW_GRANTS_TTL_MS = 10_000;

/**
 * How statement writes share transactions (group-commit.ts, ADR 0012): two groups commit at once (the pool's
 * other connections serve reads and the sequencer), up to 32 requests (subtransactions) or 8 MiB per group.
 */
export const STATEMENT_WRITE_GROUPS: GroupCommitBounds = {
  part: 'storage',
  maxInFlight: 2,
  maxRequests: 32,
  maxBytes: 8 * 1024 * 1024,
};

/** A write's size for the group bound: its statements as JSON and its attachments as sent (base64). */
const sizeOfWrite = (request: StoreStatementsV1): number =>
  JSON.stringify(request.statements).length +
  (request.attachments ?? []).reduce((n, a) => n + a.content.length, 0);

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

/**
 * The audit record of a statement write: the writing credential, the batch, the statements it stored (those
 * already stored with the same content are not stored again) and their data subjects.
 */
export function writeRecord(request: StoreStatementsV1, stored: readonly NewStatementRow[]): AppendAuditV1 {
  return {
    tenantId: request.tenantId,
    audit: {
      principalId: request.authorityCredentialId,
      principalKind: 'credential',
      action: 'statements.write',
      resource: 'statements',
      query: { batchId: request.batchId ?? randomUUID() },
    },
    decision: 'allow',
    count: stored.length,
    returnedIds: stored.map((r) => r.statementId),
    learnerIfiHashes: stored.flatMap((r) => r.agents.filter((a) => a.subject).map((a) => a.ifiHash)),
  };
}

/** A re-sent statement's content equals the stored one's, as sent or in the form a write purpose stored it. */
function sameContent(
  stored: Record<string, unknown>,
  sent: Record<string, unknown>,
  alternative: Record<string, unknown> | undefined,
): boolean {
  const equivalent = (a: Record<string, unknown>) =>
    statementsEquivalent(stored as unknown as Statement, a as unknown as Statement);
  return equivalent(sent) || (alternative !== undefined && equivalent(alternative));
}

/**
 * A write as it joins a group: the request, its write purpose's decision when its credential is bound, its
 * statements as sent and the rows to insert (as the purpose decided, sealed: sealing/).
 */
interface Write {
  request: StoreStatementsV1;
  purpose: WriteDecision | undefined;
  sent: NewStatementRow[];
  rows: NewStatementRow[];
}

/** What a write tells the other parts once committed: the ids of its batch (stored now or before). */
/** The data subjects' identifier hashes of each row, by statement id: the keys its attachments are sealed under. */
export function subjectsIn(rows: readonly NewStatementRow[]): (statementId: string) => string[] {
  const byId = new Map(
    rows.map((r) => [r.statementId, r.agents.filter((a) => a.subject).map((a) => a.ifiHash)]),
  );
  return (statementId) => byId.get(statementId) ?? [];
}

const storedEvent = (tenantId: string, rows: readonly NewStatementRow[]): StatementsStoredV1 => ({
  type: 'custos.storage.v1.statements_stored',
  messageId: randomUUID(),
  tenantId,
  statementIds: rows.map((r) => r.statementId),
  storedAt: new Date().toISOString(),
});

@Injectable()
export class StatementsService {
  private readonly fewGrants = new RecentAnswers<boolean>(FEW_GRANTS_TTL_MS, 10_000);
  private readonly writes: GroupCommit<Write, string[]>;

  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly statements: StatementRepository,
    private readonly audit: AuditService,
    private readonly activities: ActivityRepository,
    private readonly attachments: Attachments,
    private readonly purposes: WritePurposesService,
    private readonly sealing: Sealing,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.writes = new GroupCommit(units, logger, STATEMENT_WRITE_GROUPS, {
      one: (uow, write) => this.storeIn(uow, write),
      together: (uow, group) => this.storeTogether(uow, group),
      sizeOf: (write) => sizeOfWrite(write.request),
    });
  }

  /** Stores a batch; answers once it is durable, in a transaction it may share with concurrent writes. */
  async store(request: StoreStatementsV1): Promise<string[]> {
    // A credential bound to a policy's purpose: rejected here (403), or some statements held or pseudonymised.
    const sent = request.statements.map((s) => toRow(s as unknown as Statement));
    const purpose = await this.decidePurpose(request, sent);
    // Sealed before the write joins a transaction: a data key is created (and committed) outside it.
    const rows = await this.sealing.sealRows(request.tenantId, purpose?.rows ?? sent);
    return this.writes.submit({ request, purpose, sent, rows });
  }

  /** The write purpose's decision on a bound credential's batch (write-purposes/); undefined when unbound. */
  private async decidePurpose(
    request: StoreStatementsV1,
    rows: NewStatementRow[],
  ): Promise<WriteDecision | undefined> {
    const { writePolicyId } = request;
    if (writePolicyId === undefined) return undefined;
    return this.purposes.decide({ ...request, writePolicyId }, rows, toRow);
  }

  /**
   * The writes of a group at once, in three statements whatever their number (statements with links, outbox
   * events, audit records; and Activity definitions), when each would simply store all its statements: none of
   * their ids is stored yet or repeated in the group, and none voids or carries attachments. Then each answer is what
   * {@link storeIn} would give. Any other group: undefined, and each write runs storeIn in its own savepoint.
   */
  private async storeTogether(
    uow: UnitOfWork,
    group: readonly GroupMember<Write>[],
  ): Promise<string[][] | undefined> {
    // A write under a write purpose may hold or pseudonymise some statements: it runs storeIn, on its own.
    if (group.some((m) => m.request.purpose !== undefined)) return undefined;
    const members = group.map((m) => ({ ...m, request: m.request.request, sent: m.request.sent }));
    if (members.some(({ request }) => (request.attachments?.length ?? 0) > 0)) return undefined;
    const writes = group.map(({ request: { request, rows } }) => ({
      tenantId: request.tenantId,
      authorityCredentialId: request.authorityCredentialId,
      rows,
    }));
    const all = writes.flatMap((w) => w.rows);
    if (all.some((r) => r.voidsStatementId)) return undefined;
    if (new Set(all.map((r) => r.statementId)).size !== all.length) return undefined;
    // Ids already stored (a re-send, a conflict) need the equivalence check of storeIn.
    if ((await this.statements.insertRows(uow, writes)).length !== all.length) return undefined;
    // As storeIn, per tenant: the definitions of the writers trusted to define, merged in the group's order.
    const defining = new Map<string, { id: string; definition: ActivityDefinition }[]>();
    members.forEach(({ request, sent }) => {
      if (request.definesActivities !== true) return;
      const defined = sent.flatMap((r) => definedActivitiesOf(r.payload as unknown as Statement));
      defining.set(request.tenantId, [...(defining.get(request.tenantId) ?? []), ...defined]);
    });
    for (const [tenantId, defined] of defining) {
      await this.activities.mergeDefinitions(uow, tenantId, mergeDefinedActivities(defined));
    }
    await uow.stageAll(
      'storage.v1.statements.stored',
      writes.map((w) => storedEvent(w.tenantId, w.rows)),
      members.map((m) => m.traceContext),
    );
    await this.audit.appendAllIn(
      uow,
      members.map(({ request, requestId }, i) => {
        const record = writeRecord(request, writes[i]!.rows);
        // Each record names its own request, not the group's (which has none).
        return requestId === undefined ? record : { ...record, audit: { ...record.audit, requestId } };
      }),
    );
    return writes.map((w) => w.rows.map((r) => r.statementId));
  }

  /** One write in its own unit of work: all of the batch, or (an error) none of it. */
  private async storeIn(uow: UnitOfWork, { request, purpose, sent, rows }: Write): Promise<string[]> {
    // A held statement is announced when it is released.
    const event = storedEvent(
      request.tenantId,
      rows.filter((r) => !purpose?.held.has(r.statementId)),
    );
    const { inserted, existing: found } = await this.statements.insertNew(uow, {
      tenantId: request.tenantId,
      authorityCredentialId: request.authorityCredentialId,
      rows,
    });
    const unsealed = await this.unsealMap(uow, request.tenantId, found);
    const existing = purpose ? await this.purposes.openHeld(uow, request.tenantId, unsealed) : unsealed;
    for (const row of sent) {
      const stored = existing.get(row.statementId);
      // xAPI 2.0 Communication §2.1.2: same id, same content is a no-op; different content is 409. The content
      // is what was sent: a held statement's sealed content, or its pseudonymised form (write purposes).
      if (stored && !sameContent(stored, row.payload, purpose?.alternatives.get(row.statementId))) {
        throw new ConflictError(`statement ${row.statementId} already exists with different content`);
      }
    }
    if (purpose) await this.purposes.afterInsert(uow, request, purpose, inserted);
    const targets = rows.filter((r) => r.voidsStatementId && !existing.has(r.statementId));
    const targetIds = targets.map((r) => r.voidsStatementId!);
    // xAPI 2.0 Data §2.3.2: a voiding statement cannot target another voiding statement.
    const voidingTargets = await this.statements.findVoidingStatements(uow, request.tenantId, targetIds);
    if (voidingTargets.length > 0) {
      throw new BadRequestError(`statement ${voidingTargets[0]} is a voiding statement and cannot be voided`);
    }
    await this.statements.markVoided(uow, request.tenantId, targetIds);
    const fresh = rows.filter((r) => !existing.has(r.statementId));
    // A held statement's content is sealed: it neither defines Activities nor names its learners in the audit
    // log until it is released.
    const visible = fresh.filter((r) => !purpose?.held.has(r.statementId));
    // (Sealing leaves Activities plain, so the sealed rows define them as sent.)
    // xAPI `define`: only a client trusted to define Activities updates their canonical definitions; what other
    // statements carry is served only to callers who may read those statements (docs/access-model.md).
    if (request.definesActivities === true) {
      await this.activities.mergeDefinitions(
        uow,
        request.tenantId,
        mergeDefinedActivities(
          visible.flatMap((r) => definedActivitiesOf(r.payload as unknown as Statement)),
        ),
      );
    }
    // Attachment data commits with the statements that reference it, or not at all.
    const parts = request.attachments ?? [];
    await this.attachments.store(
      uow,
      request.tenantId,
      parts.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') })),
      // From the statements as sent: a held one links its attachments too (they are served once it is released).
      attachmentLinks(
        sent.filter((r) => !existing.has(r.statementId)),
        new Set(parts.map((a) => a.sha2)),
      ),
      // Sealed under the keys of the data subjects the stored rows name.
      subjectsIn(rows),
    );
    // Published once this commits (UnitsOfWork.runEach), never when it rolls back.
    await uow.stage('storage.v1.statements.stored', event);
    // A write that cannot be recorded is not carried out (its record commits with it: ADR 0010).
    await this.audit.appendIn(uow, writeRecord(request, visible));
    return rows.map((r) => r.statementId);
  }

  /** Stored payloads by statement id, unsealed (one key-store query for them all). */
  private async unsealMap(
    uow: UnitOfWork,
    tenantId: string,
    found: Map<string, Record<string, unknown>>,
  ): Promise<Map<string, Record<string, unknown>>> {
    if (found.size === 0) return found;
    const opened = await this.sealing.unsealAll(uow.manager, tenantId, [...found.values()]);
    return new Map([...found.keys()].map((id, i) => [id, opened[i]!]));
  }

  async read(request: ReadStatementsV1): Promise<ReadStatementsReplyV1> {
    if (!isAccessFilter(request.accessFilter)) throw new BadRequestError('malformed access filter');
    const consistentThrough = new Date().toISOString();
    try {
      const { accessFilter } = request;
      return await this.units.run(async (uow) => this.readIn(uow, request, accessFilter, consistentThrough));
    } catch (err) {
      // The rules the filter came from are older than the tenant's policies (ADR 0011): nothing was read or
      // recorded (the transaction rolled back); the caller builds the filter again and asks once more.
      if (isAccessStale(err)) return { statements: [], consistentThrough, accessStale: true };
      throw err;
    }
  }

  private async readIn(
    uow: UnitOfWork,
    request: ReadStatementsV1,
    accessFilter: AccessFilter,
    consistentThrough: string,
  ): Promise<ReadStatementsReplyV1> {
    const pageSize = request.query.limit === 0 ? MAX_PAGE_SIZE : Math.min(request.query.limit, MAX_PAGE_SIZE);
    const grantPolicies = grantedPolicyIdsOf(accessFilter);
    const byId = request.query.statementId !== undefined || request.query.voidedStatementId !== undefined;
    const redaction = redactionPlanOf(request.redaction);
    const basisSources = request.basisSources ?? [];
    const columns = (params: SqlParams) =>
      joinColumns(redaction && redactionColumns(redaction, params), basisColumns(basisSources, params)) ?? '';
    const rows = await timeStage('storage', async () => {
      const fromGrants =
        !byId &&
        request.query.statementIds === undefined &&
        grantPolicies.length > 0 &&
        (await this.fewGrants.get(JSON.stringify([request.tenantId, ...grantPolicies.sort()]), () =>
          this.statements.grantHoldersHaveFewStatements(
            uow,
            request.tenantId,
            grantPolicies,
            FEW_GRANTED_STATEMENTS,
          ),
        ));
      const plan = (params: SqlParams, tenant: string) =>
        planStatementRead(request.query, accessFilter, params, tenant, pageSize + 1, fromGrants);
      return this.statements.findPage(
        uow,
        request.tenantId,
        plan,
        request.query.ascending,
        pageSize + 1,
        columns,
        request.accessVersion,
      );
    });
    // Redaction right after the access-filtered SELECT and unsealing: the parts no matching rule lets this caller see.
    const returned = rows.slice(0, pageSize);
    const payloads = await this.sealing.unsealAll(
      uow.manager,
      request.tenantId,
      returned.map((r) => r.payload),
    );
    const page = returned.map((r, i) => {
      const fields = redaction ? redactedFieldsOfRow(redaction, r) : [];
      return {
        seq: r.seq,
        payload: redactStatement(payloads[i] as unknown as Statement, fields) as unknown as typeof r.payload,
        attachmentsRedacted: fields.includes('attachments'),
      };
    });
    // Attachment data only of the statements this access-filtered read returned.
    const attachments = request.attachments
      ? await this.attachments.findForStatements(
          uow,
          request.tenantId,
          page.filter((r) => !r.attachmentsRedacted).map((r) => r.seq),
        )
      : undefined;
    // Last, so the tenant's chain head stays locked only until this commits.
    await this.audit.appendIn(uow, await this.readRecord(uow, request, returned));
    return {
      statements: page.map((r) => r.payload),
      ...(rows.length > pageSize ? { nextAfterSeq: page[page.length - 1]!.seq } : {}),
      consistentThrough,
      ...(attachments
        ? { attachments: attachments.map((a) => ({ ...a, content: a.content.toString('base64') })) }
        : {}),
      // The page query checked it (ADR 0011): the caller may keep the rules it built the filter from.
      ...(request.accessVersion !== undefined ? { accessChecked: true as const } : {}),
      // Forwarding keeps which learners each forwarded statement was about, to void them at an erasure.
      ...(request.query.statementIds !== undefined
        ? { subjectIfiHashes: returned.map((r) => r.subject_ifi_hashes) }
        : {}),
    };
  }

  /**
   * The audit record of a read that returned `returned`: their ids, data subjects and the sources that allowed
   * them. A look-up by id that found nothing is a denial when the statement exists (the caller may not read
   * it; the caller still gets the same 404 as for a missing one).
   */
  private async readRecord(
    uow: UnitOfWork,
    request: ReadStatementsV1,
    returned: StoredStatementRow[],
  ): Promise<AppendAuditV1> {
    const { tenantId, audit, query } = request;
    const byId = query.statementId ?? query.voidedStatementId;
    if (byId !== undefined && returned.length === 0) {
      const hidden = await this.statements.subjectsOf(uow, tenantId, byId, query.statementId === undefined);
      if (hidden !== undefined) {
        return {
          tenantId,
          audit,
          decision: 'deny',
          count: 0,
          reason: 'the statement exists but no rule lets this principal read it',
          learnerIfiHashes: hidden,
        };
      }
    }
    return {
      tenantId,
      audit,
      decision: 'allow',
      count: returned.length,
      returnedIds: returned.map((r) => String(r.payload.id)),
      learnerIfiHashes: returned.flatMap((r) => r.subject_ifi_hashes),
      ...(request.basisSources ? { basis: readBasisOf(request.basisSources, returned) } : {}),
    };
  }
}
