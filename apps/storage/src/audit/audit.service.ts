// Writes audit records; the sequencer puts them in the per-tenant chain and tree (ADR 0010; verification:
// audit-verify.service.ts).
import {
  type AppendAuditReplyV1,
  type AppendAuditV1,
  DomainError,
  ServiceUnavailableError,
} from '@custos/contracts';
import { currentRequestContext, isConnectionFault, timeStage } from '@custos/messaging';
import { LOGGER, type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { accessDecisions } from '@custos/telemetry';
import { Inject, Injectable } from '@nestjs/common';
import { sign } from 'node:crypto';
import type { Logger } from 'pino';

import { STORAGE_UNITS } from '../core/index.js';
import { AUDIT_KEYS, type AuditKeys, learnerKeyOf } from './audit-keys.js';
import { pendingRecordOf } from './audit-record.js';
import { AuditSequencer } from './audit-sequencer.js';
import { AuditRepository } from './audit.repository.js';

@Injectable()
export class AuditService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly records: AuditRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
    private readonly sequencer: AuditSequencer,
  ) {}

  /**
   * Appends inside the caller's transaction: the record commits with the work it describes. A record that
   * cannot be written fails the work with 503 (DESIGN "Audit": no data leaves without its trace), timed as
   * the request's `audit` stage.
   */
  appendIn(uow: UnitOfWork, entry: AppendAuditV1): Promise<void> {
    return this.appendAllIn(uow, [entry]);
  }

  /** As {@link appendIn}, for several records in one statement (writes that share a transaction: ADR 0012). */
  appendAllIn(uow: UnitOfWork, entries: readonly AppendAuditV1[]): Promise<void> {
    return timeStage('audit', async () => {
      try {
        await this.recordIn(uow, entries);
      } catch (err) {
        throw this.unrecorded(err);
      }
    });
  }

  /**
   * The one place a failed append becomes 503; logged here, once, since callers see only a safe message. A lost
   * database is left to the bus, which answers it with a 503 of its own and logs it once per interval.
   */
  private unrecorded(err: unknown): unknown {
    if (err instanceof DomainError || isConnectionFault(err)) return err;
    this.logger.error({ err: (err as Error)?.stack ?? String(err) }, 'audit record could not be written');
    return new ServiceUnavailableError(
      'the audit log could not be written, so the request was not carried out; try again later',
    );
  }

  /**
   * Writes the record in the caller's transaction, with no lock (ADR 0010); once that transaction has committed,
   * the caller's answer waits (briefly, sharing the run with concurrent requests) for the sequencer to put it in
   * the chain, so whoever reads the log after the answer finds the record there.
   */
  private async recordIn(uow: UnitOfWork, entries: readonly AppendAuditV1[]): Promise<void> {
    const at = new Date().toISOString();
    const requestId = currentRequestContext()?.requestId;
    const records = entries.map((entry) =>
      pendingRecordOf(entry, at, (ifiHash) => learnerKeyOf(this.keys, entry.tenantId, ifiHash), requestId),
    );
    await this.records.insertPending(uow, records);
    uow.afterCommit(async () => {
      // Counted once the record is durable: the action is a name from our code, never a learner or a tenant.
      for (const entry of entries) {
        accessDecisions.inc({ decision: entry.decision, action: entry.audit.action });
      }
      await Promise.all(
        [...new Set(entries.map((e) => e.tenantId))].map((tenantId) =>
          this.sequencer.awaitSequenced(tenantId),
        ),
      );
    });
  }

  async append(entry: AppendAuditV1): Promise<AppendAuditReplyV1> {
    await this.units.run((uow) => this.appendIn(uow, entry));
    return { recorded: true };
  }

  /**
   * Appends the record of an event once: a redelivered event (same `eventId`) finds its record, pending or in
   * the chain, and adds none; should two replicas handed the same event race, the sequencer keeps one.
   */
  /**
   * Signs `message` with the audit signing key, the key of the log's tree heads (docs/audit.md "Keys"), so an
   * auditor checks it with the public key they already keep: an erasure's completion record is signed this way.
   */
  signWithAuditKey(message: Buffer): { publicKeyId: string; signature: string } {
    return {
      publicKeyId: this.keys.publicKeyId,
      signature: sign(null, message, this.keys.signingKey).toString('base64'),
    };
  }

  async appendOnce(entry: AppendAuditV1 & { eventId: string }): Promise<AppendAuditReplyV1> {
    if (!(await this.records.hasEvent(entry.tenantId, entry.eventId))) await this.append(entry);
    return { recorded: true };
  }
}
