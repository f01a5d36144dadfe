// Reading the audit log (docs/audit.md "Auditor API", "Learners' access log"). Each read selects in SQL, under the
// reader's access filter, and appends its own record (`audit.read`, `audit.export`, `audit.stats`,
// `access-log.read`, as the caller names it) in the same transaction: the log of reads of the log is as complete
// and durable as any other. An export is recorded once, when it begins; its pages are bounded by the snapshot
// taken then.
import type {
  AuditFilterV1,
  AuditRecordV1,
  AuditStatsV1,
  BeginAuditExportReplyV1,
  BeginAuditExportV1,
  ReadAuditExportPageV1,
  ReadAuditRecordsReplyV1,
  ReadAuditRecordsV1,
  ReadAuditStatsV1,
} from '@custos/contracts';
import { timeStage } from '@custos/messaging';
import { type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { STORAGE_UNITS } from '../core/index.js';
import { AUDIT_KEYS, type AuditKeys, learnerKeyOf } from './audit-keys.js';
import { type AuditBounds, type AuditWhere, auditWhere } from './audit-log-selection.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { AuditProofs } from './audit-proofs.js';
import { AuditService } from './audit.service.js';

@Injectable()
export class AuditLogService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly log: AuditLogRepository,
    private readonly audit: AuditService,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
    private readonly proofs: AuditProofs,
  ) {}

  /** One page of records, and the read's own record. */
  async read(request: ReadAuditRecordsV1): Promise<ReadAuditRecordsReplyV1> {
    const { tenantId, order, limit } = request;
    const where = this.whereOf(request, { order, position: request.position });
    const page = await this.units.run(async (uow): Promise<ReadAuditRecordsReplyV1> => {
      const { records, next } = await this.pageOf(uow, where, order, limit);
      await this.audit.appendIn(uow, {
        tenantId,
        audit: request.audit,
        decision: 'allow',
        count: records.length,
        returnedIds: records.map((r) => r.seq),
        ...this.concerning(request.filter),
      });
      const only = this.onlyFilteredLearners(tenantId, request.filter);
      return { records, next, ...(only && { concernsOnlyThem: records.map(only) }) };
    });
    return request.withProofs ? { ...page, ...(await this.proved(tenantId, page.records)) } : page;
  }

  /** Inclusion proofs of the records in the newest signed tree head (sequenced after the read's own record). */
  private async proved(
    tenantId: string,
    records: readonly AuditRecordV1[],
  ): Promise<Pick<ReadAuditRecordsReplyV1, 'proofs'>> {
    const signed = await this.proofs.signedHead(tenantId);
    if (!signed) return {};
    const entries = await this.proofs.inclusion(
      tenantId,
      signed.head,
      records.map((r) => BigInt(r.seq)),
      signed.head.treeSize,
    );
    const publicKeyPem = this.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    return { proofs: { treeHead: signed.treeHead, publicKeyPem, entries } };
  }

  /** Fixes the export's snapshot (the newest committed record), counts what it holds and records it. */
  async beginExport(request: BeginAuditExportV1): Promise<BeginAuditExportReplyV1> {
    const { tenantId } = request;
    return this.units.run(async (uow) => {
      const throughSeq = await this.log.committedHead(uow, tenantId);
      const where = this.whereOf(request, { throughSeq });
      const count = await timeStage('storage', () => this.log.count(uow, where));
      await this.audit.appendIn(uow, {
        tenantId,
        audit: { ...request.audit, query: { ...request.audit.query, throughSeq } },
        decision: 'allow',
        count,
        ...this.concerning(request.filter),
      });
      return { throughSeq, count };
    });
  }

  /** One page of an export that `beginExport` recorded. */
  async readExport(request: ReadAuditExportPageV1): Promise<ReadAuditRecordsReplyV1> {
    const { order, position, throughSeq, limit } = request;
    const where = this.whereOf(request, { order, position, throughSeq });
    return this.units.run((uow) => this.pageOf(uow, where, order, limit));
  }

  /** Allowed and denied accesses per principal, denials per day and reads per policy, and the read's own record. */
  async stats(request: ReadAuditStatsV1): Promise<AuditStatsV1> {
    const { tenantId, since, until } = request;
    const where = this.whereOf({ ...request, filter: { since, until } });
    return this.units.run(async (uow) => {
      const [perPrincipal, denialsPerDay, readsPerPolicy] = await timeStage(
        'storage',
        async () =>
          [
            await this.log.countsPerPrincipal(uow, where),
            await this.log.denialsPerDay(uow, where),
            await this.log.readsPerPolicy(uow, where),
          ] as const,
      );
      const records = perPrincipal.reduce((sum, p) => sum + p.total, 0);
      await this.audit.appendIn(uow, { tenantId, audit: request.audit, decision: 'allow', count: records });
      return {
        records,
        principals: perPrincipal.map((p) => ({
          principalId: p.principalId,
          ...(p.principalKind !== null && { principalKind: p.principalKind }),
          allow: p.allow,
          deny: p.deny,
        })),
        denialsPerDay,
        readsPerPolicy,
      };
    });
  }

  private whereOf(
    request: { tenantId: string; accessFilter: unknown; filter: AuditFilterV1 },
    bounds: AuditBounds = {},
  ): AuditWhere {
    const { tenantId } = request;
    return auditWhere(
      tenantId,
      request.accessFilter,
      request.filter,
      (ifiHash) => learnerKeyOf(this.keys, tenantId, ifiHash),
      bounds,
    );
  }

  private async pageOf(uow: UnitOfWork, where: AuditWhere, order: 'asc' | 'desc', limit: number) {
    const rows = await timeStage('storage', () => this.log.page(uow, where, order, limit + 1));
    const records = rows.slice(0, limit);
    return { records, next: rows.length > limit ? records[records.length - 1]!.seq : null };
  }

  /** When the filter names learners: whether a record concerns them and nobody else (by their keys). */
  private onlyFilteredLearners(
    tenantId: string,
    filter: AuditFilterV1,
  ): ((record: AuditRecordV1) => boolean) | undefined {
    if (filter.learnerIfiHashes === undefined) return undefined;
    const theirs = new Set(filter.learnerIfiHashes.map((h) => learnerKeyOf(this.keys, tenantId, h)));
    return (record) => (record.learnerKeys ?? []).every((k) => theirs.has(k));
  }

  // A read that asks about particular learners concerns them: their keys go in its record, so the learners see in
  // their access log that someone looked at the log of accesses to their records.
  private concerning(filter: AuditFilterV1): { learnerIfiHashes?: string[] } {
    return filter.learnerIfiHashes && filter.learnerIfiHashes.length > 0
      ? { learnerIfiHashes: filter.learnerIfiHashes }
      : {};
  }
}
