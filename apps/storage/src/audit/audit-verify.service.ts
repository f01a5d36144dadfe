// Verifies a tenant's audit chain and its checkpoints (audit-verify.ts) over one database snapshot, so records
// appended while a long verification runs neither count nor look like records slipped in past the head.
import type { AuditCheckpointV1, VerifyAuditReplyV1, VerifyAuditV1 } from '@custos/contracts';
import { type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';

import { STORAGE_UNITS } from '../core/index.js';
import { trustedKeysOf } from './audit-checkpoint.js';
import { AuditCheckpointRepository } from './audit-checkpoint.repository.js';
import { AUDIT_KEYS, type AuditKeys } from './audit-keys.js';
import { Frontier, fromHex, subtreesOf } from '@custos/merkle';

import { signedHeadOf } from './audit-checkpoint.js';
import { AuditSequencerRepository } from './audit-sequencer.repository.js';
import { AuditSequencer } from './audit-sequencer.js';
import { sha256 } from './audit-tree.js';
import { type ChainToVerify, verifyChain } from './audit-verify.js';
import { type AuditHead, AuditRepository, type StoredAuditRecord } from './audit.repository.js';
import { AuditService } from './audit.service.js';

const PAGE = 1000;

export interface VerifyOptions {
  /**
   * Whose signatures count: the key storage signs with (default), the public keys an auditor kept (those only),
   * or none (signatures not checked: no key at hand).
   */
  trust?: 'configured' | 'none' | readonly KeyObject[];
  /** Checkpoints an auditor kept outside the system, checked against the chain too. */
  kept?: readonly AuditCheckpointV1[];
  /** Only the records up to this one (before pruning them). */
  through?: bigint;
}

@Injectable()
export class AuditVerifyService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly records: AuditRepository,
    private readonly checkpoints: AuditCheckpointRepository,
    private readonly audit: AuditService,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
    private readonly sequencer: AuditSequencer,
    private readonly sequencerSql: AuditSequencerRepository,
  ) {}

  /** storage.v1.audit.verify: verifies with the configured key; when someone asked, records that they did. */
  async verifyAsked({ tenantId, audit }: VerifyAuditV1): Promise<VerifyAuditReplyV1> {
    const result = await this.verify(tenantId);
    if (audit) {
      // After the walk, so the record of this verification is not part of what it verified.
      await this.audit.append({
        tenantId,
        audit: {
          ...audit,
          query: {
            ...audit.query,
            result: result.ok ? 'ok' : 'broken',
            ...(result.firstBroken && { firstBroken: result.firstBroken.seq }),
          },
        },
        decision: 'allow',
        count: result.checked,
      });
    }
    return result;
  }

  /** Verifies everything committed so far: what is still pending is sequenced first. */
  async verify(tenantId: string, options: VerifyOptions = {}): Promise<VerifyAuditReplyV1> {
    const trust = options.trust ?? 'configured';
    const trusted =
      trust === 'none' ? null : trustedKeysOf(trust === 'configured' ? [this.keys.publicKey] : trust);
    if (options.through === undefined) await this.sequencer.catchUp(tenantId);
    const result = await this.units.snapshot(async (uow) => {
      const retentionStart = await this.checkpoints.retentionStart(tenantId, uow);
      const head = await this.records.head(tenantId, uow);
      const startAfter = retentionStart ? BigInt(retentionStart.seq) : 0n;
      return verifyChain({
        tenantId,
        records: (afterSeq) => this.recordsAfter(uow, tenantId, afterSeq),
        checkpoints: this.checkpoints.all(tenantId, PAGE, uow),
        ...(options.kept && { kept: options.kept }),
        retentionStart,
        head,
        trusted,
        ...(options.through !== undefined && { through: options.through }),
        ...(head?.rootHash ? await this.treeBefore(uow, tenantId, head, startAfter) : {}),
      });
    });
    return { ...result, sequencing: await this.sequencerSql.lag(tenantId) };
  }

  /** The tree's leaves before the walk's first record, from the stored nodes (pruned records are gone). */
  private async treeBefore(
    uow: UnitOfWork,
    tenantId: string,
    head: AuditHead,
    startAfter: bigint,
  ): Promise<Pick<ChainToVerify, 'tree' | 'treeProblem'>> {
    const size = startAfter > head.treeBase ? Number(startAfter - head.treeBase) : 0;
    const refs = subtreesOf(0, size);
    const stored = await this.sequencerSql.nodes(tenantId, refs, uow);
    const hashes = refs.map((ref) => stored.get(`${ref.level}:${ref.index}`));
    if (hashes.some((hash) => hash === undefined)) {
      return { treeProblem: `the Merkle tree's nodes for the records up to ${startAfter} are missing` };
    }
    const prefix = Frontier.fromNodes(
      sha256,
      size,
      hashes.map((hash) => fromHex(hash!)),
    );
    return {
      tree: {
        base: head.treeBase,
        prefix,
        headRoot: head.rootHash,
        headSize: head.treeSize,
        signedHead: signedHeadOf(tenantId, head),
      },
    };
  }

  private async *recordsAfter(
    uow: UnitOfWork,
    tenantId: string,
    afterSeq: bigint,
  ): AsyncGenerator<StoredAuditRecord> {
    let after = afterSeq;
    for (;;) {
      const page = await this.records.page(tenantId, after, PAGE, uow);
      yield* page;
      if (page.length < PAGE) return;
      after = BigInt(page[page.length - 1]!.seq);
    }
  }
}
