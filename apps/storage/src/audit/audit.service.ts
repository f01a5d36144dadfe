// Appends to the per-tenant audit hash chain (verification: audit-verify.service.ts).
import { type AppendAuditV1, DomainError, ServiceUnavailableError } from '@custos/contracts';
import { currentRequestContext, isConnectionFault, timeStage } from '@custos/messaging';
import { LOGGER, type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { STORAGE_UNITS } from '../core/index.js';
import { hashAuditRecord } from './audit-chain.js';
import { AUDIT_KEYS, type AuditKeys, learnerKeyOf } from './audit-keys.js';
import { auditRecordOf } from './audit-record.js';
import { AuditRepository } from './audit.repository.js';

@Injectable()
export class AuditService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly records: AuditRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
  ) {}

  /**
   * Appends inside the caller's transaction: the record commits with the work it describes. A record that
   * cannot be written fails the work with 503 (DESIGN "Audit": no data leaves without its trace), timed as
   * the request's `audit` stage.
   */
  appendIn(uow: UnitOfWork, entry: AppendAuditV1): Promise<{ seq: string; hash: string }> {
    return timeStage('audit', async () => {
      try {
        return await this.chainIn(uow, entry);
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

  private async chainIn(uow: UnitOfWork, entry: AppendAuditV1): Promise<{ seq: string; hash: string }> {
    const head = await this.records.lockHead(uow, entry.tenantId);
    const content = auditRecordOf(
      entry,
      { seq: (head.seq + 1n).toString(), at: new Date().toISOString(), prevHash: head.hash },
      (ifiHash) => learnerKeyOf(this.keys, entry.tenantId, ifiHash),
      currentRequestContext()?.requestId,
    );
    const hash = hashAuditRecord(content);
    await this.records.append(uow, { ...content, hash });
    return { seq: content.seq, hash };
  }

  append(entry: AppendAuditV1): Promise<{ seq: string; hash: string }> {
    return this.units.run((uow) => this.appendIn(uow, entry));
  }

  /**
   * Appends the record of an event once: a redelivered event (same `eventId`) finds its record and adds none.
   * The check runs under the tenant's head lock, so two replicas handed the same event cannot both append it.
   */
  appendOnce(entry: AppendAuditV1 & { eventId: string }): Promise<{ seq: string; hash: string }> {
    return this.units.run(async (uow) => {
      await this.records.lockHead(uow, entry.tenantId);
      const recorded = await this.records.byEvent(uow, entry.tenantId, entry.eventId);
      return recorded ?? this.appendIn(uow, entry);
    });
  }
}
