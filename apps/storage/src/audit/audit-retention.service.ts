// Retention of the audit log itself (docs/audit.md "Retention"). Pruning removes a tenant's records older than
// the retention period and keeps the rest verifiable: in one transaction it signs a `retention-start`
// checkpoint holding the seq and hash of the last record removed (verification then starts after it), removes
// the records up to it, and records the pruning in the chain (`audit.prune`). It first verifies what it is about
// to remove, so that pruning never launders a log that was tampered with.
import { type AuditCheckpointV1, ConflictError } from '@custos/contracts';
import { UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { STORAGE_UNITS } from '../core/index.js';
import { AuditCheckpointRepository } from './audit-checkpoint.repository.js';
import { AuditCheckpointService } from './audit-checkpoint.service.js';
import { AuditRetentionRepository } from './audit-retention.repository.js';
import { AuditVerifyService } from './audit-verify.service.js';
import { AuditSequencerRepository } from './audit-sequencer.repository.js';
import { AuditService } from './audit.service.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Who prunes: Custos on its schedule, or an operator with the command line. */
export const RETENTION_SCHEDULE = { id: 'retention', kind: 'system' } as const;
export const RETENTION_OPERATOR = { id: 'operator', kind: 'system' } as const;

export interface PruneResult {
  /** Records removed. */
  pruned: number;
  /** Records written before this time were due. */
  cutoff: string;
  /** The retention-start checkpoint written, when something was removed. */
  checkpoint?: AuditCheckpointV1;
}

@Injectable()
export class AuditRetentionService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly sequencer: AuditSequencerRepository,
    private readonly retention: AuditRetentionRepository,
    private readonly checkpoints: AuditCheckpointRepository,
    private readonly signer: AuditCheckpointService,
    private readonly verifier: AuditVerifyService,
    private readonly audit: AuditService,
  ) {}

  /** Tenants with records older than `retentionDays`. */
  tenantsDue(retentionDays: number, now = new Date()): Promise<string[]> {
    return this.retention.tenantsWithRecordsBefore(cutoffOf(retentionDays, now));
  }

  /**
   * Removes the tenant's records written more than `retentionDays` ago.
   *
   * @throws ConflictError when those records do not verify: they are kept, as evidence.
   */
  async prune(
    tenantId: string,
    retentionDays: number,
    by: { id: string; kind: 'system' },
    now = new Date(),
  ): Promise<PruneResult> {
    const cutoff = cutoffOf(retentionDays, now);
    const result = { cutoff: cutoff.toISOString() };
    const last = await this.retention.lastRecordBefore(tenantId, cutoff);
    if (!last) return { ...result, pruned: 0 };
    // Outside the sequencer's lock: a long walk must not hold up sequencing, which every request's answer waits for.
    const verified = await this.verifier.verify(tenantId, { through: last.seq });
    if (!verified.ok) {
      const broken = verified.firstBroken!;
      throw new ConflictError(
        `the audit log of tenant ${tenantId} is broken at record ${broken.seq} (${broken.reason}); ` +
          'nothing was pruned, so that the evidence stays',
      );
    }
    return this.units.run(async (uow) => {
      await this.sequencer.lock(uow, tenantId, true);
      // Another replica may have pruned since; and the record must still be the one verified.
      const start = await this.checkpoints.retentionStart(tenantId, uow);
      if (start && BigInt(start.seq) >= last.seq) return { ...result, pruned: 0 };
      if ((await this.retention.hashOf(uow, tenantId, last.seq)) !== last.hash) {
        throw new ConflictError(`record ${last.seq} of tenant ${tenantId} changed while it was being pruned`);
      }
      const checkpoint = await this.signer.signIn(uow, tenantId, last, 'retention-start');
      const pruned = await this.retention.deleteThrough(uow, tenantId, last.seq);
      await this.checkpoints.deleteBefore(uow, tenantId, last.seq);
      await this.audit.appendIn(uow, {
        tenantId,
        audit: {
          principalId: by.id,
          principalKind: by.kind,
          action: 'audit.prune',
          resource: 'audit',
          query: {
            retentionDays,
            cutoff: result.cutoff,
            throughSeq: last.seq.toString(),
            throughHash: last.hash,
          },
        },
        decision: 'allow',
        count: pruned,
      });
      return { ...result, pruned, checkpoint };
    });
  }
}

const cutoffOf = (retentionDays: number, now: Date): Date => new Date(now.getTime() - retentionDays * DAY_MS);
