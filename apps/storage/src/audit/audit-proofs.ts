// Proofs from a tenant's audit Merkle tree (ADR 0010, docs/audit.md "Proofs"): that a record is in the tree a
// signed head names (inclusion, RFC 9162 §2.1.3), and that a later head's tree extends an earlier one's without
// rewriting it (consistency, §2.1.4). Assembled from the stored complete subtrees, fetched in one query.
import {
  type AuditCheckpointV1,
  type AuditProofRequestV1,
  type AuditProofV1,
  BadRequestError,
  NotFoundError,
} from '@custos/contracts';
import {
  assemble,
  consistencyPlan,
  inclusionPlan,
  neededNodes,
  type NodeRef,
  type ProofPlan,
  toHex,
  fromHex,
} from '@custos/merkle';
import { Injectable } from '@nestjs/common';

import { signedHeadOf } from './audit-checkpoint.js';
import { AuditSequencerRepository } from './audit-sequencer.repository.js';
import { sha256 } from './audit-tree.js';
import { AuditSequencer } from './audit-sequencer.js';
import { type AuditHead, AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

export interface InclusionProof {
  seq: string;
  leafIndex: string;
  treeSize: string;
  path: string[];
}

@Injectable()
export class AuditProofs {
  constructor(
    private readonly records: AuditRepository,
    private readonly sequencer: AuditSequencerRepository,
    private readonly sequencing: AuditSequencer,
    private readonly audit: AuditService,
  ) {}

  /**
   * storage.v1.audit.proof: an auditor's proof of one record's inclusion (`seq`), or of consistency since an
   * earlier tree size (`from`), against the newest signed tree head or an earlier size; the read is recorded.
   */
  async answer(request: AuditProofRequestV1): Promise<AuditProofV1> {
    const { tenantId } = request;
    await this.sequencing.catchUp(tenantId);
    const signed = await this.signedHead(tenantId);
    if (!signed) throw new NotFoundError('the audit log has no signed tree head yet');
    const { head, treeHead } = signed;
    const size = request.treeSize === undefined ? head.treeSize : BigInt(request.treeSize);
    if (size < 1n || size > head.treeSize) {
      throw new BadRequestError(`treeSize must be between 1 and the tree's size, ${head.treeSize}`);
    }
    const reply: AuditProofV1 = size === head.treeSize ? { treeHead } : {};
    if (request.seq !== undefined) {
      const seq = BigInt(request.seq);
      const [record] = seq > 0n ? await this.records.page(tenantId, seq - 1n, 1) : [];
      const [proof] = await this.inclusion(tenantId, head, [seq], size);
      if (!record || BigInt(record.seq) !== seq || !proof) {
        throw new NotFoundError(`record ${seq} is not in the tree of ${size} records (or was pruned)`);
      }
      reply.inclusion = { ...proof, recordHash: record.hash };
    } else if (request.from !== undefined) {
      const from = BigInt(request.from);
      if (from < 1n || from > size) throw new BadRequestError(`from must be between 1 and ${size}`);
      reply.consistency = {
        from: from.toString(),
        to: size.toString(),
        path: await this.consistency(tenantId, from, size),
      };
    } else {
      throw new BadRequestError('name a record (seq) or an earlier tree size (from)');
    }
    await this.audit.append({ tenantId, audit: request.audit, decision: 'allow', count: 1 });
    return reply;
  }

  /** The tenant's newest signed tree head; null before its tree has one. */
  async signedHead(tenantId: string): Promise<{ head: AuditHead; treeHead: AuditCheckpointV1 } | null> {
    const head = await this.records.head(tenantId);
    const treeHead = head && signedHeadOf(tenantId, head);
    return head && treeHead ? { head, treeHead } : null;
  }

  /**
   * Proofs that these records are in the tree of `treeSize` leaves; null for a record outside it (written after
   * it, or before the tree began).
   */
  async inclusion(
    tenantId: string,
    head: AuditHead,
    seqs: readonly bigint[],
    treeSize: bigint,
  ): Promise<(InclusionProof | null)[]> {
    const plans = seqs.map((seq) => {
      const leaf = seq - head.treeBase - 1n;
      return leaf >= 0n && leaf < treeSize ? inclusionPlan(Number(leaf), Number(treeSize)) : null;
    });
    const paths = await this.assembled(tenantId, plans);
    return seqs.map((seq, i) =>
      paths[i]
        ? {
            seq: seq.toString(),
            leafIndex: (seq - head.treeBase - 1n).toString(),
            treeSize: treeSize.toString(),
            path: paths[i],
          }
        : null,
    );
  }

  /** The proof that the tree of `to` leaves extends the tree of `from` leaves (0 < from ≤ to ≤ the tree). */
  async consistency(tenantId: string, from: bigint, to: bigint): Promise<string[]> {
    const [path] = await this.assembled(tenantId, [consistencyPlan(Number(from), Number(to))]);
    return path!;
  }

  private async assembled(
    tenantId: string,
    plans: readonly (ProofPlan | null)[],
  ): Promise<(string[] | null)[]> {
    const present = plans.filter((plan): plan is ProofPlan => plan !== null);
    const nodes = await this.sequencer.nodes(tenantId, neededNodes(present));
    const lookup = (ref: NodeRef): Uint8Array => {
      const hex = nodes.get(`${ref.level}:${ref.index}`);
      if (hex === undefined) {
        throw new Error(`audit tree of tenant ${tenantId} lacks node ${ref.level}:${ref.index}`);
      }
      return fromHex(hex);
    };
    return plans.map((plan) => (plan ? assemble(sha256, plan, lookup).map(toHex) : null));
  }
}
