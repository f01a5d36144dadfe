// Verification of one tenant's audit chain against its signed checkpoints (docs/audit.md "Verifying the log"),
// in one pass in chain order so that a long log needs little memory: the records are walked link by link, and
// each checkpoint is checked when the walk reaches its `seq` — signature first, then the record's hash.
//
// The hash chain alone shows any record changed, removed, inserted or reordered before the newest one; a
// checkpoint also shows a chain rewritten (every hash recomputed) from some record on, or cut short, up to its
// own `seq`. What a verification cannot see is what happened after the newest checkpoint an auditor trusts.
import type { AuditCheckpointV1, CheckpointSummaryV1, VerifyAuditReplyV1 } from '@custos/contracts';

import { type Frontier, toHex } from '@custos/merkle';

import { checkLink, GENESIS_HASH } from './audit-chain.js';
import { checkSignature, type TrustedKeys } from './audit-checkpoint.js';
import { leafOf } from './audit-tree.js';
import type { StoredAuditRecord } from './audit.repository.js';

/** Problems listed per summary; the counts go on. */
const MAX_PROBLEMS = 100;

export interface ChainToVerify {
  tenantId: string;
  /** The tenant's records in `seq` order, from the first one after `afterSeq`. */
  records: (afterSeq: bigint) => AsyncIterable<StoredAuditRecord>;
  /** The tenant's stored checkpoints in `seq` order. */
  checkpoints: AsyncIterable<AuditCheckpointV1>;
  /** Checkpoints an auditor kept outside the system, any order. */
  kept?: readonly AuditCheckpointV1[];
  /** The newest retention-start checkpoint: the records up to its `seq` were pruned. */
  retentionStart: AuditCheckpointV1 | null;
  /** `storage.audit_head`: the newest record as appends left it. */
  head: { seq: bigint; hash: string } | null;
  /** The public keys to check signatures with; null when none is at hand (signatures then not checked). */
  trusted: TrustedKeys | null;
  /** Verify records up to this one only (before pruning them); the head is then not compared. */
  through?: bigint;
  /**
   * The Merkle tree over the chain (ADR 0010): leaf i is the record `base + i + 1`; `prefix` holds the leaves
   * before the walk's first record (from the stored nodes: pruned records cannot be rehashed). The walk
   * recomputes the rest and compares each signed tree head's root, and the head's.
   */
  tree?: {
    base: bigint;
    prefix: Frontier;
    headRoot: string | null;
    headSize: bigint;
    /** The head's signed tree head, as its signature claims it (null: the head is not signed). */
    signedHead: AuditCheckpointV1 | null;
  };
  /** Why the tree could not be rebuilt (its stored nodes before the walk are missing): a break at the start. */
  treeProblem?: string;
}

interface Break {
  seq: bigint;
  reason: string;
  /** At the same `seq`, a broken record is named before a checkpoint that contradicts it. */
  rank: number;
}

export async function verifyChain(chain: ChainToVerify): Promise<VerifyAuditReplyV1> {
  const signatures = chain.trusted ? 'checked' : 'not-checked';
  const publicKeyIds = chain.trusted ? [...chain.trusted.keys()] : [];
  const start = chain.retentionStart;
  if (start && chain.trusted) {
    const check = checkSignature(chain.trusted, start);
    if (check !== 'valid') {
      // Whoever can write the database but lacks the key could otherwise hide any prefix of the log.
      const why =
        check === 'unknown-key' ? `signed by an unknown key (${start.publicKeyId})` : 'not validly signed';
      return {
        ok: false,
        checked: 0,
        signatures,
        publicKeyIds,
        firstBroken: {
          seq: start.seq,
          reason: `the retention-start checkpoint of record ${start.seq} is ${why}: records before it may have been removed`,
        },
      };
    }
  }
  const startAfter = start ? BigInt(start.seq) : 0n;
  const walk = new ChainWalk(
    chain.records(startAfter),
    startAfter,
    start?.hash ?? GENESIS_HASH,
    chain.through,
    chain.tree,
  );
  const breaks: Break[] = [];
  if (chain.treeProblem) breaks.push({ seq: startAfter + 1n, rank: 0, reason: chain.treeProblem });
  const headSignature = checkHeadSignature(chain);
  if (headSignature) breaks.push(headSignature);
  const stored = new Summary();
  const kept = new Summary();

  for await (const { checkpoint, summary } of inSeqOrder(chain.checkpoints, chain.kept ?? [], stored, kept)) {
    const seq = BigInt(checkpoint.seq);
    summary.total += 1;
    if (chain.through !== undefined && seq > chain.through) {
      summary.unchecked += 1;
      continue;
    }
    if (checkpoint.tenantId !== chain.tenantId) {
      summary.problem(checkpoint, 'other-tenant', `a checkpoint of tenant ${checkpoint.tenantId}`);
      continue;
    }
    const signature = chain.trusted ? checkSignature(chain.trusted, checkpoint) : 'valid';
    if (signature === 'unknown-key') {
      // Proves nothing either way (a key since replaced, or a forgery): as if it were absent.
      summary.problem(
        checkpoint,
        'unknown-key',
        `signed by key ${checkpoint.publicKeyId}, which is not trusted`,
      );
      continue;
    }
    if (signature === 'bad-signature') {
      const detail = 'its signature does not verify: the checkpoint was altered or forged';
      summary.problem(checkpoint, 'bad-signature', detail);
      breaks.push({ seq, rank: 1, reason: `the checkpoint of record ${seq} (${checkpoint.at}): ${detail}` });
      continue;
    }
    if (seq < startAfter) {
      summary.beforeStart += 1;
      continue;
    }
    const reached = await walk.hashAt(seq);
    if (reached.kind === 'unchecked') {
      summary.unchecked += 1;
    } else if (reached.kind === 'missing') {
      const detail = `the chain ends at record ${reached.lastSeq}, but this checkpoint shows it reached record ${seq}`;
      summary.problem(checkpoint, 'missing-record', detail);
      breaks.push({
        seq: reached.lastSeq + 1n,
        rank: 1,
        reason: `record ${reached.lastSeq + 1n} is missing: the checkpoint of record ${seq} (${checkpoint.at}) shows the chain reached it`,
      });
    } else if (reached.hash !== checkpoint.hash) {
      const detail =
        'the record differs from the one signed: the chain was rewritten at or before this record';
      summary.problem(checkpoint, 'hash-mismatch', detail);
      breaks.push({
        seq,
        rank: 1,
        reason: `record ${seq} differs from its checkpoint of ${checkpoint.at}: ${detail}`,
      });
    } else if (checkpoint.rootHash !== undefined && walk.rootAt(checkpoint) !== checkpoint.rootHash) {
      const detail =
        'the Merkle tree of the records up to it differs from the signed tree head: the log was rewritten';
      summary.problem(checkpoint, 'root-mismatch', detail);
      breaks.push({ seq, rank: 1, reason: `record ${seq} (${checkpoint.at}): ${detail}` });
    } else {
      summary.valid += 1;
      summary.latestValid = {
        seq: checkpoint.seq,
        hash: checkpoint.hash,
        at: checkpoint.at,
        kind: checkpoint.kind,
      };
    }
  }

  await walk.finish();
  if (walk.broken) breaks.push({ ...walk.broken, rank: 0 });
  else if (chain.through === undefined) {
    const headBreak =
      compareHead(walk, chain.head ?? { seq: 0n, hash: GENESIS_HASH }) ?? compareRoot(walk, chain.tree);
    if (headBreak) breaks.push(headBreak);
  }
  const first = breaks.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : a.rank - b.rank))[0];
  return {
    ok: first === undefined,
    checked: walk.checked,
    ...(first
      ? { firstBroken: { seq: first.seq.toString(), reason: first.reason } }
      : { headSeq: walk.lastSeq.toString(), headHash: walk.prev }),
    startSeq: (startAfter + 1n).toString(),
    signatures,
    publicKeyIds,
    ...(start && { retentionStart: { seq: start.seq, hash: start.hash, at: start.at } }),
    checkpoints: stored.toJson(),
    ...(chain.kept && { kept: kept.toJson() }),
  };
}

/** The end of the walk against `storage.audit_head`: records cut from the end, or added past it. */
function compareHead(walk: ChainWalk, head: { seq: bigint; hash: string }): Break | null {
  const last = walk.lastSeq;
  if (last < head.seq) {
    return {
      seq: last + 1n,
      rank: 0,
      reason: `record ${last + 1n} is missing: the chain ends at record ${last} but its head is record ${head.seq}`,
    };
  }
  if (last > head.seq) {
    return {
      seq: head.seq + 1n,
      rank: 0,
      reason: `record ${head.seq + 1n} lies beyond the chain's head (record ${head.seq}): it was not appended through the chain`,
    };
  }
  if (walk.prev !== head.hash) {
    return { seq: last, rank: 0, reason: `record ${last} does not match the chain's head` };
  }
  return null;
}

/**
 * The head's tree must be signed, with a trusted key: whoever can write the database but lacks the key cannot
 * move the head (cut the log short, rewrite it) and re-sign it.
 */
function checkHeadSignature(chain: ChainToVerify): Break | null {
  const tree = chain.tree;
  if (!tree?.headRoot || tree.headSize === 0n || !chain.trusted) return null;
  const seq = tree.base + tree.headSize;
  // Rank 2: after a broken record or a checkpoint naming the same record, which say more.
  const moved = chain.head && chain.head.seq !== seq;
  if (moved) {
    const reason = `the head names record ${chain.head!.seq}, but its signed tree head holds ${tree.headSize} records: the head was moved`;
    return { seq: chain.head!.seq < seq ? chain.head!.seq + 1n : seq + 1n, rank: 2, reason };
  }
  if (!tree.signedHead) return { seq, rank: 2, reason: `the tree head of record ${seq} is not signed` };
  const check = checkSignature(chain.trusted, tree.signedHead);
  if (check === 'valid') return null;
  const why =
    check === 'unknown-key'
      ? `signed by an unknown key (${tree.signedHead.publicKeyId})`
      : 'not validly signed';
  return {
    seq,
    rank: 0,
    reason: `the tree head of record ${seq} is ${why}: the head was moved or rewritten`,
  };
}

/** The tree the walk rebuilt against the head's root: stored tree nodes rewritten, or a head root forged. */
function compareRoot(walk: ChainWalk, tree: ChainToVerify['tree']): Break | null {
  if (!tree?.headRoot) return null;
  const walked = walk.treeSize();
  if (walked === null) return null;
  if (BigInt(walked) !== tree.headSize) {
    const held = BigInt(walked) < tree.headSize ? BigInt(walked) : tree.headSize;
    const seq = tree.base + held + 1n;
    // After any checkpoint naming the same record (rank 1), which says more.
    return {
      seq,
      rank: 2,
      reason:
        BigInt(walked) < tree.headSize
          ? `record ${seq} is missing: the signed tree head holds ${tree.headSize} records`
          : `record ${seq} lies beyond the signed tree head (${tree.headSize} records)`,
    };
  }
  if (walk.root() === tree.headRoot) return null;
  return {
    seq: walk.lastSeq,
    rank: 0,
    reason: `the Merkle tree's root in the head does not match the records up to record ${walk.lastSeq}`,
  };
}

type Reached =
  { kind: 'record'; hash: string } | { kind: 'missing'; lastSeq: bigint } | { kind: 'unchecked' };

/** Walks the records link by link, as far as it is asked to. */
class ChainWalk {
  checked = 0;
  broken: { seq: bigint; reason: string } | undefined;
  private ended = false;
  private readonly iterator: AsyncIterator<StoredAuditRecord>;

  constructor(
    records: AsyncIterable<StoredAuditRecord>,
    /** The last record before the walk (0, or the retention start). */
    public lastSeq: bigint,
    /** The hash of `lastSeq` (the genesis hash, or the retention start's). */
    public prev: string,
    private readonly through: bigint | undefined,
    private readonly tree: ChainToVerify['tree'],
  ) {
    this.iterator = records[Symbol.asyncIterator]();
  }

  /** Leaves in the rebuilt tree, when it holds exactly the records walked so far; null otherwise. */
  treeSize(): number | null {
    if (!this.tree) return null;
    const size = this.tree.prefix.size;
    return this.lastSeq - this.tree.base === BigInt(size) ? size : null;
  }

  root(): string | null {
    return this.tree ? toHex(this.tree.prefix.root()) : null;
  }

  /** The rebuilt root when the walk stands at the checkpoint's record and the sizes agree; null otherwise. */
  rootAt(checkpoint: AuditCheckpointV1): string | null {
    const size = this.treeSize();
    if (size === null || checkpoint.treeSize === undefined || BigInt(checkpoint.treeSize) !== BigInt(size)) {
      return null;
    }
    return this.root();
  }

  /** The hash of record `seq` (at or after the walk's start), once the walk has checked every link up to it. */
  async hashAt(seq: bigint): Promise<Reached> {
    while (!this.broken && !this.ended && this.lastSeq < seq) await this.step();
    if (this.broken) return { kind: 'unchecked' };
    if (this.lastSeq < seq) return { kind: 'missing', lastSeq: this.lastSeq };
    return seq === this.lastSeq ? { kind: 'record', hash: this.prev } : { kind: 'unchecked' };
  }

  async finish(): Promise<void> {
    while (!this.broken && !this.ended) await this.step();
  }

  private async step(): Promise<void> {
    if (this.through !== undefined && this.lastSeq >= this.through) {
      this.ended = true;
      return;
    }
    const next = await this.iterator.next();
    if (next.done) {
      this.ended = true;
      return;
    }
    const record = next.value;
    const expected = this.lastSeq + 1n;
    const seq = BigInt(record.seq);
    if (seq !== expected) {
      this.broken = { seq: expected, reason: `record ${expected} is missing (the next record is ${seq})` };
      return;
    }
    const why = checkLink(record, expected, this.prev);
    if (why) {
      this.broken = { seq, reason: `record ${seq}: ${why}` };
      return;
    }
    this.checked += 1;
    this.lastSeq = seq;
    this.prev = record.hash;
    if (this.tree && seq > this.tree.base) this.tree.prefix.append(leafOf(record.hash));
  }
}

class Summary {
  total = 0;
  valid = 0;
  beforeStart = 0;
  unchecked = 0;
  latestValid: CheckpointSummaryV1['latestValid'];
  private readonly problems: CheckpointSummaryV1['problems'] = [];

  problem(
    checkpoint: AuditCheckpointV1,
    problem: CheckpointSummaryV1['problems'][number]['problem'],
    detail: string,
  ): void {
    if (this.problems.length < MAX_PROBLEMS) {
      this.problems.push({ seq: checkpoint.seq, kind: checkpoint.kind, problem, detail });
    }
  }

  toJson(): CheckpointSummaryV1 {
    return {
      total: this.total,
      valid: this.valid,
      beforeStart: this.beforeStart,
      unchecked: this.unchecked,
      ...(this.latestValid && { latestValid: this.latestValid }),
      problems: this.problems,
    };
  }
}

/** The stored and the kept checkpoints merged into one `seq` order, each with the summary it counts in. */
async function* inSeqOrder(
  stored: AsyncIterable<AuditCheckpointV1>,
  kept: readonly AuditCheckpointV1[],
  storedSummary: Summary,
  keptSummary: Summary,
): AsyncGenerator<{ checkpoint: AuditCheckpointV1; summary: Summary }> {
  const pending = [...kept].sort((a, b) => compareSeq(a.seq, b.seq));
  let i = 0;
  for await (const checkpoint of stored) {
    while (i < pending.length && compareSeq(pending[i]!.seq, checkpoint.seq) <= 0) {
      yield { checkpoint: pending[i++]!, summary: keptSummary };
    }
    yield { checkpoint, summary: storedSummary };
  }
  while (i < pending.length) yield { checkpoint: pending[i++]!, summary: keptSummary };
}

const compareSeq = (a: string, b: string): number => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
