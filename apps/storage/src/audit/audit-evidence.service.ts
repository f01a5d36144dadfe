// The evidence pack of a period (docs/audit.md "Evidence pack"): the period's records with the ones just outside
// it, an inclusion proof of the last of them in the newest signed tree head, the heads signed in the period with
// their consistency proofs, and Custos's own verification. Everything an auditor verifies is read in one
// snapshot, so records sequenced meanwhile neither appear nor leave a gap; the pack's own request is recorded
// after it is built (`audit.evidence`), like a verification.
import {
  AUDIT_EVIDENCE_FORMAT,
  type AuditEvidencePackV1,
  type AuditRecordV1,
  BadRequestError,
  type BuildAuditEvidenceV1,
  NotFoundError,
} from '@custos/contracts';
import { type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { STORAGE_UNITS } from '../core/index.js';
import { signedHeadOf } from './audit-checkpoint.js';
import { AuditCheckpointRepository } from './audit-checkpoint.repository.js';
import { indexOfPack } from './audit-evidence.js';
import { AuditProofs } from './audit-proofs.js';
import { AuditSequencer } from './audit-sequencer.js';
import { AuditVerifyService } from './audit-verify.service.js';
import { AuditRepository, type StoredAuditRecord } from './audit.repository.js';
import { AuditService } from './audit.service.js';

/** A pack is one JSON file held in memory by the parts it passes through: a longer period is asked in pieces. */
export const MAX_EVIDENCE_RECORDS = 100_000;
const MAX_EVIDENCE_CHECKPOINTS = 10_000;
const PAGE = 1000;

@Injectable()
export class AuditEvidenceService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly records: AuditRepository,
    private readonly checkpoints: AuditCheckpointRepository,
    private readonly proofs: AuditProofs,
    private readonly sequencer: AuditSequencer,
    private readonly verifier: AuditVerifyService,
    private readonly audit: AuditService,
  ) {}

  async build({ tenantId, from, to, audit }: BuildAuditEvidenceV1): Promise<AuditEvidencePackV1> {
    await this.sequencer.catchUp(tenantId);
    const verification = await this.verifier.verify(tenantId);
    const read = await this.units.snapshot((uow) => this.read(uow, tenantId, from, to));
    const { head, treeHead, chain } = read;
    const last = chain.at(-1);
    const [inclusion] = last
      ? await this.proofs.inclusion(tenantId, head, [BigInt(last.seq)], head.treeSize)
      : [null];
    const checkpoints = await Promise.all(
      read.signed.map(async (checkpoint) => {
        const size = checkpoint.treeSize === undefined ? 0n : BigInt(checkpoint.treeSize);
        const provable = checkpoint.rootHash !== undefined && size >= 1n && size <= head.treeSize;
        return {
          checkpoint,
          consistency: provable
            ? {
                from: size.toString(),
                to: head.treeSize.toString(),
                path: await this.proofs.consistency(tenantId, size, head.treeSize),
              }
            : null,
        };
      }),
    );
    const pack: AuditEvidencePackV1 = {
      format: AUDIT_EVIDENCE_FORMAT,
      tenantId,
      period: { from, to },
      generatedAt: new Date().toISOString(),
      records: read.records,
      before: read.before,
      after: read.after,
      retentionStart: read.retentionStart,
      treeHead,
      inclusion: inclusion ?? null,
      checkpoints,
      verification,
      index: indexOfPack(read.records),
    };
    await this.audit.append({
      tenantId,
      audit: {
        ...audit,
        query: {
          ...audit.query,
          throughSeq: treeHead.seq,
          result: verification.ok ? 'ok' : 'broken',
        },
      },
      decision: 'allow',
      count: pack.records.length,
    });
    return pack;
  }

  private async read(uow: UnitOfWork, tenantId: string, from: string, to: string) {
    const head = await this.records.head(tenantId, uow);
    const treeHead = head && signedHeadOf(tenantId, head);
    if (!head || !treeHead) throw new NotFoundError('the audit log has no signed tree head yet');
    const retentionStart = await this.checkpoints.retentionStart(tenantId, uow);
    const start = retentionStart ? BigInt(retentionStart.seq) : 0n;
    const range = await this.records.periodRange(tenantId, from, to, uow);
    // Only what the head covers: a record sequenced after it has no proof yet.
    const next = range.next !== null && range.next <= head.seq ? range.next : null;
    let records: StoredAuditRecord[] = [];
    let beforeSeq: bigint;
    if (range.first !== null && range.last !== null && range.first <= head.seq) {
      const last = range.last <= head.seq ? range.last : head.seq;
      if (last - range.first + 1n > BigInt(MAX_EVIDENCE_RECORDS)) {
        throw new BadRequestError(
          `the period holds more than ${MAX_EVIDENCE_RECORDS} audit records: ask for shorter periods`,
        );
      }
      records = await this.between(uow, tenantId, range.first, last);
      beforeSeq = range.first - 1n;
    } else {
      // No record in the period: the records either side of it show that none is missing.
      beforeSeq = next !== null ? next - 1n : head.seq;
    }
    const lastSeq = records.length > 0 ? BigInt(records.at(-1)!.seq) : beforeSeq;
    const before = beforeSeq > start ? await this.one(uow, tenantId, beforeSeq) : null;
    const after = lastSeq < head.seq ? await this.one(uow, tenantId, lastSeq + 1n) : null;
    const signed = await this.checkpoints.signedBetween(tenantId, from, to, MAX_EVIDENCE_CHECKPOINTS, uow);
    const chain = [...(before ? [before] : []), ...records, ...(after ? [after] : [])];
    return {
      head,
      treeHead,
      retentionStart,
      records: records as AuditRecordV1[],
      before: before as AuditRecordV1 | null,
      after: after as AuditRecordV1 | null,
      chain,
      signed,
    };
  }

  private async between(uow: UnitOfWork, tenantId: string, first: bigint, last: bigint) {
    const out: StoredAuditRecord[] = [];
    let after = first - 1n;
    while (after < last) {
      const page = await this.records.page(tenantId, after, PAGE, uow);
      const inRange = page.filter((r) => BigInt(r.seq) <= last);
      out.push(...inRange);
      if (page.length < PAGE || inRange.length < page.length) break;
      after = BigInt(page.at(-1)!.seq);
    }
    return out;
  }

  private async one(uow: UnitOfWork, tenantId: string, seq: bigint): Promise<StoredAuditRecord | null> {
    const [record] = await this.records.page(tenantId, seq - 1n, 1, uow);
    return record && BigInt(record.seq) === seq ? record : null;
  }
}
