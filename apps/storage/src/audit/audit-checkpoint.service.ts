// Signed checkpoints of each tenant's chain head (docs/audit.md "Verifying the log"): periodically for every
// tenant whose chain moved, and on an auditor's request. Signing happens under the tenant's audit_head row lock,
// the lock every append takes, so the signed head is the head, and replicas signing at once sign it once.
import type {
  AuditCheckpointV1,
  AuditPublicKeyRequestV1,
  AuditPublicKeyV1,
  CreateAuditCheckpointV1,
  ListAuditCheckpointsReplyV1,
  ListAuditCheckpointsV1,
} from '@custos/contracts';
import { type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { STORAGE_UNITS } from '../core/index.js';
import { type CheckpointKind, signCheckpoint } from './audit-checkpoint.js';
import { AuditCheckpointRepository } from './audit-checkpoint.repository.js';
import { AUDIT_KEYS, type AuditKeys } from './audit-keys.js';
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
  ) {}

  /** Signs the tenant's head if records were appended since its newest checkpoint; null otherwise. */
  checkpointIfMoved(tenantId: string): Promise<AuditCheckpointV1 | null> {
    return this.units.run(async (uow) => {
      const head = await this.records.lockHead(uow, tenantId);
      if (head.seq === 0n || (await this.checkpoints.latestSeq(uow, tenantId)) >= head.seq) return null;
      return this.signIn(uow, tenantId, head, 'periodic');
    });
  }

  /** Tenants whose chain moved since their newest checkpoint. */
  tenantsDue(): Promise<string[]> {
    return this.checkpoints.tenantsDue();
  }

  /** Records the request, then signs the head that record made: the checkpoint covers its own request. */
  checkpointNow({ tenantId, audit }: CreateAuditCheckpointV1): Promise<AuditCheckpointV1> {
    return this.units.run(async (uow) => {
      const head = await this.audit.appendIn(uow, { tenantId, audit, decision: 'allow', count: 1 });
      return this.signIn(uow, tenantId, { seq: BigInt(head.seq), hash: head.hash }, 'periodic');
    });
  }

  /** Signs a checkpoint of record `seq` and stores it; the caller holds the tenant's head lock. */
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
