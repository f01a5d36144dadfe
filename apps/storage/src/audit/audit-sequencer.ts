// The audit sequencer (ADR 0010, docs/audit.md "How records become the log"). Requests write their records into
// `audit_pending` without any lock; the sequencer takes committed records of a tenant in the order they were
// written, gives each its place in the hash chain (seq, previous hash, hash), adds its hash as a leaf of the
// tenant's Merkle tree (RFC 9162), stores the tree's new complete subtrees, and signs the new tree head — in one
// transaction per batch, under the tenant's advisory lock, so exactly one sequencer works on a tenant at a time
// across every storage replica. A record committed but not yet sequenced when a process dies stays pending and
// is sequenced by the next round of any replica.
import { Frontier, fromHex, subtreesOf, toHex } from '@custos/merkle';
import { LOGGER, type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';

import { STORAGE_UNITS } from '../core/index.js';
import { hashAuditRecord } from './audit-chain.js';
import { signCheckpoint } from './audit-checkpoint.js';
import { AUDIT_KEYS, type AuditKeys } from './audit-keys.js';
import { placed } from './audit-record.js';
import { leafOf, sha256 } from './audit-tree.js';
import {
  AuditSequencerRepository,
  type Placement,
  type SignedHead,
  type StoredNode,
} from './audit-sequencer.repository.js';
import { AuditRepository, type AuditHead } from './audit.repository.js';

/** Records per transaction: big enough to amortise a commit, small enough to keep a batch short. */
const BATCH = 2000;
/** How long a request waits for its record to be sequenced before answering anyway (the record is durable). */
const WAIT_MS = 2000;

export interface AuditSequencerOptions {
  /** Milliseconds between rounds over every tenant with records waiting (catches what no request waited for). */
  everyMs: number;
}

export const AUDIT_SEQUENCER = Symbol('AUDIT_SEQUENCER');

interface TenantRuns {
  current: Promise<void>;
  next?: Promise<void>;
}

@Injectable()
export class AuditSequencer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runs = new Map<string, TenantRuns>();
  /** The right edge of each tenant's tree as this process last left it; checked against the head before use. */
  private readonly frontiers = new Map<string, Frontier>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly sequencer: AuditSequencerRepository,
    private readonly records: AuditRepository,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
    @Inject(AUDIT_SEQUENCER) private readonly options: AuditSequencerOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    await Promise.all([...this.runs.values()].map((r) => r.next ?? r.current));
  }

  /**
   * Resolves once every record of the tenant committed before the call is in the chain (or after WAIT_MS: the
   * records are durable and the next round sequences them). Concurrent callers share runs: one run in flight, at
   * most one queued behind it, whatever the number of callers — group commit for the log.
   */
  awaitSequenced(tenantId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, WAIT_MS);
      timer.unref();
    });
    return Promise.race([this.catchUp(tenantId), timeout]).finally(() => clearTimeout(timer));
  }

  /** Sequences everything the tenant has pending now; shares runs with concurrent callers. Never rejects. */
  catchUp(tenantId: string): Promise<void> {
    const runs = this.runs.get(tenantId);
    if (!runs) {
      const current = this.runToEnd(tenantId).finally(() => this.settle(tenantId, current));
      this.runs.set(tenantId, { current });
      return current;
    }
    // A run in flight may have read the pending records before ours committed: queue one more behind it.
    runs.next ??= runs.current.then(() => this.runToEnd(tenantId));
    return runs.next;
  }

  private settle(tenantId: string, finished: Promise<void>): void {
    const runs = this.runs.get(tenantId);
    if (runs?.current !== finished) return;
    if (runs.next) {
      const next = runs.next;
      const current = next.finally(() => this.settle(tenantId, current));
      this.runs.set(tenantId, { current });
    } else {
      this.runs.delete(tenantId);
    }
  }

  private async runToEnd(tenantId: string): Promise<void> {
    try {
      while ((await this.batch(tenantId, true)) === 'more');
    } catch (err) {
      this.failed(err, tenantId);
    }
  }

  /**
   * One transaction: under the tenant's lock, first brings the tree up to the chain (records chained before the
   * tree existed: the migration of existing chains), then sequences up to BATCH pending records.
   */
  batch(tenantId: string, wait: boolean): Promise<'busy' | 'done' | 'more'> {
    return this.units.run(async (uow) => {
      const head = await this.sequencer.begin(uow, tenantId, wait);
      if (!head) return 'busy';
      const tree = await this.treeOf(uow, tenantId, head);
      const nodes: StoredNode[] = [];
      let { treeBase } = head;
      if (head.seq > head.treeBase + head.treeSize) {
        // Leaves for records already chained. A chain pruned before its tree was built starts its tree after them.
        const chained = await this.records.page(tenantId, head.treeBase + head.treeSize, BATCH, uow);
        if (head.treeSize === 0n) treeBase = chained[0] ? BigInt(chained[0].seq) - 1n : head.seq;
        for (const record of chained) nodes.push(...appended(tree, leafOf(record.hash)));
        // Signed once the tree has caught up with the chain, when its root and the head name the same record.
        const caughtUp = treeBase + BigInt(tree.size) === head.seq;
        await this.sequencer.commit(uow, tenantId, [], [], nodes, {
          ...head,
          treeBase,
          treeSize: BigInt(tree.size),
          rootHash: toHex(tree.root()),
          ...(caughtUp ? this.sign(tenantId, head, treeBase, tree) : {}),
        });
        this.remember(tenantId, tree);
        return 'more';
      }
      const pending = await this.sequencer.pending(uow, tenantId, BATCH);
      if (pending.length === 0) return 'done';
      const placements: Placement[] = [];
      const dropped: string[] = [];
      let { seq, hash } = head;
      for (const { id, record, inChain } of pending) {
        if (inChain) {
          dropped.push(id);
          continue;
        }
        seq += 1n;
        const prevHash = hash;
        hash = hashAuditRecord(placed(record, { seq: seq.toString(), prevHash }));
        placements.push({ id, seq, prevHash, hash });
        nodes.push(...appended(tree, leafOf(hash)));
      }
      const moved = { ...head, seq, hash };
      await this.sequencer.commit(
        uow,
        tenantId,
        placements,
        dropped,
        nodes,
        this.sign(tenantId, moved, treeBase, tree),
      );
      this.remember(tenantId, tree);
      return pending.length === BATCH ? 'more' : 'done';
    });
  }

  /** The tree's right edge: this process's copy when it still matches the head, else from the stored nodes. */
  private async treeOf(uow: UnitOfWork, tenantId: string, head: AuditHead): Promise<Frontier> {
    // A batch that rolled back may have grown the copy: it is used only if it still is the stored tree.
    const known = this.frontiers.get(tenantId);
    if (known && BigInt(known.size) === head.treeSize && toHex(known.root()) === head.rootHash) return known;
    const size = Number(head.treeSize);
    const refs = subtreesOf(0, size);
    const stored = await this.sequencer.nodes(tenantId, refs, uow);
    const hashes = refs.map((ref) => {
      const hex = stored.get(`${ref.level}:${ref.index}`);
      if (hex === undefined) {
        throw new Error(`audit tree of tenant ${tenantId} lacks node ${ref.level}:${ref.index}`);
      }
      return fromHex(hex);
    });
    return Frontier.fromNodes(sha256, size, hashes);
  }

  private remember(tenantId: string, tree: Frontier): void {
    this.frontiers.set(tenantId, tree);
  }

  /** The head after a batch, signed: the signature covers the chain's newest record and the tree's root. */
  private sign(
    tenantId: string,
    head: { seq: bigint; hash: string },
    treeBase: bigint,
    tree: Frontier,
  ): SignedHead {
    const treeSize = BigInt(tree.size);
    const rootHash = toHex(tree.root());
    const signed = signCheckpoint(this.keys, {
      tenantId,
      seq: (treeBase + treeSize).toString(),
      hash: head.hash,
      at: new Date().toISOString(),
      kind: 'periodic',
      treeSize: treeSize.toString(),
      rootHash,
    });
    return {
      seq: head.seq,
      hash: head.hash,
      treeBase,
      treeSize,
      rootHash,
      signedAt: signed.at,
      publicKeyId: signed.publicKeyId,
      signature: signed.signature,
    };
  }

  /** One round over every tenant with records waiting; a tenant another replica is sequencing is skipped. */
  async runOnce(): Promise<void> {
    for (const tenantId of await this.sequencer.tenantsDue()) {
      if (this.stopped) return;
      try {
        while (!this.stopped && (await this.batch(tenantId, false)) === 'more');
      } catch (err) {
        this.failed(err, tenantId);
      }
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.round = this.runOnce()
        .catch((err: unknown) => this.failed(err))
        .finally(() => {
          this.round = undefined;
          if (!this.stopped) this.schedule();
        });
    }, this.options.everyMs);
    this.timer.unref();
  }

  private failed(err: unknown, tenantId?: string): void {
    // Tenant ids are not learner data. Records stay pending and durable; the next round tries again.
    this.logger.error({ tenantId, err: (err as Error)?.message ?? String(err) }, 'audit sequencing failed');
  }
}

/** Appends a leaf and says which stored nodes that made. */
function appended(tree: Frontier, leaf: Uint8Array): StoredNode[] {
  return tree
    .append(leaf)
    .map(({ ref, hash }) => ({ level: ref.level, index: ref.index, hash: toHex(hash) }));
}
