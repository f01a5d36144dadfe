// Signed checkpoints of each tenant's log (docs/audit.md "Verifying the log"): the sequencer signs every tree head
// it makes (ADR 0010); a checkpoint keeps one, periodically for every tenant whose log moved, and on an auditor's
// request. Kept under the tenant's sequencer lock, so the kept head is the head, and replicas keep it once.
import type {
  AuditCheckpointV1,
  AuditPublicKeyRequestV1,
  AuditPublicKeyV1,
  CreateAuditCheckpointV1,
  ListAuditCheckpointsReplyV1,
  ListAuditCheckpointsV1,
} from '@custos/contracts';
import { ServiceUnavailableError } from '@custos/contracts';
import { type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { STORAGE_UNITS } from '../core/index.js';
import { type CheckpointKind, signCheckpoint, signedHeadOf } from './audit-checkpoint.js';
import { AuditCheckpointRepository } from './audit-checkpoint.repository.js';
import { AUDIT_KEYS, type AuditKeys } from './audit-keys.js';
import { AuditSequencerRepository } from './audit-sequencer.repository.js';
import { AuditSequencer } from './audit-sequencer.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

@Injectable()
export class AuditCheckpointService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly records: AuditRepository,
    private readonly checkpoints: AuditCheckpointRepository,
    private readonly audit: AuditService,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
    private readonly sequencer: AuditSequencer,
    private readonly sequencerSql: AuditSequencerRepository,
  ) {}

  /**
   * Keeps the tenant's newest signed tree head as a checkpoint if the log moved since the newest one; null
   * otherwise. The sequencer signs every head it makes (ADR 0010), so a checkpoint is a head worth keeping.
   */
  async checkpointIfMoved(tenantId: string): Promise<AuditCheckpointV1 | null> {
    await this.sequencer.catchUp(tenantId);
    return this.units.run(async (uow) => {
      // The sequencer's lock: the head read is the head, and replicas keeping it at once keep it once.
      const head = (await this.sequencerSql.begin(uow, tenantId, true))!;
      const checkpoint = signedHeadOf(tenantId, head);
      if (!checkpoint || (await this.checkpoints.latestSeq(uow, tenantId)) >= head.seq) return null;
      await this.checkpoints.insert(uow, checkpoint);
      return checkpoint;
    });
  }

  /** Tenants whose chain moved since their newest checkpoint. */
  tenantsDue(): Promise<string[]> {
    return this.checkpoints.tenantsDue();
  }

  /** Records the request, then keeps the head that record made: the checkpoint covers its own request. */
  async checkpointNow({ tenantId, audit }: CreateAuditCheckpointV1): Promise<AuditCheckpointV1> {
    await this.audit.append({ tenantId, audit, decision: 'allow', count: 1 });
    await this.checkpointIfMoved(tenantId);
    const head = await this.records.head(tenantId);
    const checkpoint = head && signedHeadOf(tenantId, head);
    if (!checkpoint) {
      throw new ServiceUnavailableError('the audit log is still being sequenced; try again shortly');
    }
    return checkpoint;
  }

  /** Signs a checkpoint of record `seq` and stores it; the caller holds the tenant's sequencer lock. */
  async signIn(
    uow: UnitOfWork,
    tenantId: string,
    record: { seq: bigint; hash: string },
    kind: CheckpointKind,
  ): Promise<AuditCheckpointV1> {
    const checkpoint = signCheckpoint(this.keys, {
      tenantId,
      seq: record.seq.toString(),
      hash: record.hash,
      at: new Date().toISOString(),
      kind,
    });
    await this.checkpoints.insert(uow, checkpoint);
    return checkpoint;
  }

  /** A page of the tenant's checkpoints, and the read's own record. */
  list(request: ListAuditCheckpointsV1): Promise<ListAuditCheckpointsReplyV1> {
    const { tenantId, order, after, limit } = request;
    return this.units.run(async (uow) => {
      const page = await this.checkpoints.page(tenantId, order, after, limit + 1, uow);
      const checkpoints = page.slice(0, limit);
      await this.audit.appendIn(uow, {
        tenantId,
        audit: request.audit,
        decision: 'allow',
        count: checkpoints.length,
      });
      const last = checkpoints[checkpoints.length - 1];
      return { checkpoints, next: page.length > limit && last ? { seq: last.seq, kind: last.kind } : null };
    });
  }

  /** The key checkpoints are signed with, and the read's own record. */
  async publicKey({ tenantId, audit }: AuditPublicKeyRequestV1): Promise<AuditPublicKeyV1> {
    await this.audit.append({ tenantId, audit, decision: 'allow', count: 1 });
    return {
      algorithm: 'Ed25519',
      publicKeyId: this.keys.publicKeyId,
      publicKeyPem: this.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }
}
