// Write purposes (docs/privacy-operations.md "Write purposes"): what storage does with statements that a
// credential bound to a policy's purpose writes about learners with no basis under it — reject the batch, hold
// them sealed until a grant arrives (or drop them at the policy's deadline), or store them pseudonymised — and
// the release and drop of held statements. Decided in SQL against consent's views, with no learner identifier
// leaving the database or reaching a log: the audit records counts per outcome.
import { randomUUID } from 'node:crypto';

import {
  type AppendAuditV1,
  ForbiddenError,
  type StatementsStoredV1,
  type StoreStatementsV1,
} from '@custos/contracts';
import { type UnitOfWork, UnitsOfWork } from '@custos/platform';
import type { Statement } from '@custos/xapi';
import { Inject, Injectable } from '@nestjs/common';

import { AuditService } from '../audit/index.js';
import { STORAGE_UNITS } from '../core/index.js';
import { Sealing } from '../sealing/index.js';
import type { NewStatementRow } from '../statements/index.js';
import { pseudonymiseSubjects } from './pseudonymise.js';
import { openStatement, sealStatement, tenantHoldKey } from './seal.js';
import { WRITE_PURPOSE_KEYS, type WritePurposeKeys } from './write-purpose-keys.js';
import { type HeldRow, WritePurposeRepository } from './write-purpose.repository.js';

/** What a bound credential's batch becomes: the rows to insert, and what to do once they are in. */
export interface WriteDecision {
  policyId: string;
  holdDays: number;
  /** The rows to insert: pseudonymised ones rewritten, held ones with a payload of their id only. */
  rows: NewStatementRow[];
  /** The sealed content of the statements to hold, by statement id. */
  held: Map<string, Buffer>;
  /** Per statement id, the pseudonymised form a re-send may find stored (xAPI idempotency, see below). */
  alternatives: Map<string, Record<string, unknown>>;
  counts: { accepted: number; held: number; pseudonymised: number };
}

/** Statements released or dropped per transaction. */
export const HOLD_BATCH = 200;

/** The audit action of a write purpose's decision on a batch (counts only, never a learner). */
export const WRITE_PURPOSE_ACTION = 'statements.write-purpose';

@Injectable()
export class WritePurposesService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly purposes: WritePurposeRepository,
    private readonly audit: AuditService,
    @Inject(WRITE_PURPOSE_KEYS) private readonly keys: WritePurposeKeys,
    private readonly sealing: Sealing,
  ) {}

  /**
   * Decides a bound credential's batch (`rows` made from `request.statements` by `toRow`). A data subject without
   * a basis under a `reject` policy refuses the whole batch (xAPI: a batch is atomic) with a 403 that names no
   * learner, recorded (counts only) before it is thrown. `toRow` turns a rewritten statement into its row.
   */
  async decide(
    request: StoreStatementsV1 & { writePolicyId: string },
    rows: NewStatementRow[],
    toRow: (s: Statement) => NewStatementRow,
  ): Promise<WriteDecision> {
    const { tenantId, writePolicyId: policyId } = request;
    const subjects = rows.flatMap((r, ord) =>
      r.agents
        .filter((a) => a.subject)
        .map((a) => ({ ord, ifiHash: a.ifiHash, verbIri: r.verbIri, objectActivityId: r.objectActivityId })),
    );
    const decided = await this.units.run((uow) => this.purposes.decide(uow, tenantId, policyId, subjects));
    if (!decided) {
      await this.recordRefusal(request, rows.length, 'the policy of the write purpose no longer exists');
      throw new ForbiddenError("this credential's write purpose names a policy that no longer exists");
    }
    const { purpose, withoutBasis } = decided;
    const mode = purpose.onWriteWithoutBasis;
    if (withoutBasis.size > 0 && mode === 'reject') {
      await this.recordRefusal(request, rows.length, 'a data subject has no basis under the write purpose');
      throw new ForbiddenError(
        "a statement of this batch is about a learner with no basis under this credential's write purpose; " +
          'nothing was stored',
      );
    }
    const key = this.keys.pseudonymKey;
    const holdKey = tenantHoldKey(this.keys.holdKey, tenantId);
    const decision: WriteDecision = {
      policyId,
      holdDays: purpose.holdDays,
      rows: [],
      held: new Map(),
      alternatives: new Map(),
      counts: { accepted: 0, held: 0, pseudonymised: 0 },
    };
    rows.forEach((row, ord) => {
      const pseudonymised = () =>
        pseudonymiseSubjects(key, tenantId, row.payload as unknown as Statement) as unknown as Record<
          string,
          unknown
        >;
      if (mode === 'pseudonymise') decision.alternatives.set(row.statementId, pseudonymised());
      if (!withoutBasis.has(ord)) {
        decision.counts.accepted++;
        decision.rows.push(row);
      } else if (mode === 'hold') {
        decision.counts.held++;
        decision.held.set(row.statementId, sealStatement(holdKey, tenantId, row.statementId, row.payload));
        decision.rows.push({ ...row, payload: { id: row.statementId } });
      } else {
        decision.counts.pseudonymised++;
        decision.rows.push(toRow(decision.alternatives.get(row.statementId) as unknown as Statement));
      }
    });
    return decision;
  }

  /**
   * In the write's transaction, after the insert: holds the statements of the decision that this write stored
   * (`inserted`; a re-sent one stays as it was), and records the decision's counts.
   */
  async afterInsert(
    uow: UnitOfWork,
    request: StoreStatementsV1,
    decision: WriteDecision,
    inserted: Set<string>,
  ): Promise<void> {
    const held = [...decision.held]
      .filter(([id]) => inserted.has(id))
      .map(([statementId, sealed]) => ({ statementId, sealed }));
    await this.purposes.insertHeld(uow, request.tenantId, decision.policyId, decision.holdDays, held);
    await this.audit.appendIn(uow, this.decisionRecord(request, 'allow', decision.counts));
  }

  /**
   * `existing` (stored payloads by statement id, as the insert found them) with the content of held ones opened,
   * so that a re-send is compared with what was written (xAPI 2.0 Communication §2.1.2).
   */
  async openHeld(
    uow: UnitOfWork,
    tenantId: string,
    existing: Map<string, Record<string, unknown>>,
  ): Promise<Map<string, Record<string, unknown>>> {
    if (existing.size === 0) return existing;
    const held = await this.purposes.findHeld(uow, tenantId, [...existing.keys()]);
    if (held.length === 0) return existing;
    const key = tenantHoldKey(this.keys.holdKey, tenantId);
    const opened = new Map(existing);
    for (const h of held) {
      // The insert's ids are as the client sent them; the database answers them lower case.
      const id = [...existing.keys()].find((k) => k.toLowerCase() === h.statementId.toLowerCase())!;
      opened.set(id, openStatement(key, tenantId, h.statementId, h.sealed));
    }
    return opened;
  }

  /**
   * Releases the tenant's held statements (of `policyId` when given) whose data subjects all have a basis now, in
   * batches; how many. Each batch commits with its audit record and a `statements.stored` event.
   */
  async release(tenantId: string, policyId?: string): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.units.run(async (uow) => {
        const batch = await this.purposes.findReleasable(uow, tenantId, policyId, HOLD_BATCH);
        if (batch.length === 0) return 0;
        // Released content is stored as any write is: sealed (sealing/).
        await this.purposes.release(
          uow,
          tenantId,
          await this.sealing.sealRows(tenantId, this.opened(tenantId, batch)),
        );
        const event: StatementsStoredV1 = {
          type: 'custos.storage.v1.statements_stored',
          messageId: randomUUID(),
          tenantId,
          statementIds: batch.map((h) => h.statementId),
          storedAt: new Date().toISOString(),
        };
        await uow.stage('storage.v1.statements.stored', event);
        await this.audit.appendIn(uow, holdRecord(tenantId, 'statements.hold.release', batch.length));
        return batch.length;
      });
      total += n;
      if (n < HOLD_BATCH) return total;
    }
  }

  /** Drops the tenant's held statements past their deadline, in batches; how many. */
  async dropExpired(tenantId: string): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.units.run(async (uow) => {
        const dropped = await this.purposes.dropExpired(uow, tenantId, HOLD_BATCH);
        if (dropped > 0) {
          await this.audit.appendIn(uow, holdRecord(tenantId, 'statements.hold.drop', dropped));
        }
        return dropped;
      });
      total += n;
      if (n < HOLD_BATCH) return total;
    }
  }

  /** One tenant's round of the periodic job, unless another replica is running it: release, then drop. */
  async maintain(tenantId: string): Promise<{ released: number; dropped: number } | undefined> {
    return this.purposes.withHoldLock(tenantId, async () => ({
      released: await this.release(tenantId),
      dropped: await this.dropExpired(tenantId),
    }));
  }

  tenantsWithHeld(): Promise<string[]> {
    return this.purposes.tenantsWithHeld();
  }

  private opened(tenantId: string, batch: HeldRow[]): { seq: string; payload: Record<string, unknown> }[] {
    const key = tenantHoldKey(this.keys.holdKey, tenantId);
    return batch.map((h) => ({ seq: h.seq, payload: openStatement(key, tenantId, h.statementId, h.sealed) }));
  }

  private async recordRefusal(request: StoreStatementsV1, statements: number, reason: string): Promise<void> {
    const record = this.decisionRecord(request, 'deny', { accepted: 0, held: 0, pseudonymised: 0 });
    await this.audit.append({
      ...record,
      reason,
      audit: { ...record.audit, query: { ...record.audit.query, rejected: statements } },
    });
  }

  /** The audit record of a decision on a batch: the writer, the policy, counts per outcome; no learner. */
  private decisionRecord(
    request: StoreStatementsV1,
    decision: 'allow' | 'deny',
    counts: WriteDecision['counts'],
  ): AppendAuditV1 {
    return {
      tenantId: request.tenantId,
      audit: {
        principalId: request.authorityCredentialId,
        principalKind: 'credential',
        action: WRITE_PURPOSE_ACTION,
        resource: 'statements',
        query: { batchId: request.batchId ?? randomUUID(), policyId: request.writePolicyId, ...counts },
      },
      decision,
      count: counts.accepted + counts.held + counts.pseudonymised,
    };
  }
}

/** The audit record of held statements released or dropped by the system (counts only). */
const holdRecord = (tenantId: string, action: string, count: number): AppendAuditV1 => ({
  tenantId,
  audit: {
    principalId: 'write-purposes',
    principalKind: 'system',
    action,
    resource: 'statements',
    query: { count },
  },
  decision: 'allow',
  count,
});
