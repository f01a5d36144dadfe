// Offline verification of an audit evidence pack (docs/audit.md "Evidence pack"), with nothing but the public keys
// an auditor trusts: what `custos audit verify-evidence` runs. Pure, so the command needs no database.
//
// What it shows: every record of the pack is exactly what the tenant's chain holds at its `seq` (each hash is
// recomputed from the record and each record links to the one before it), the chain runs without a gap from the
// record before the period to the record after it (so none was removed from the period, at its ends either), the
// last of them is in the tree the signed tree head names (RFC 9162 inclusion; the links tie every earlier record to
// it), and each head signed during the period is signed and extended by that tree (RFC 9162 consistency).
import { AuditEvidencePackV1, type AuditCheckpointV1, type AuditRecordV1 } from '@custos/contracts';
import { fromHex, verifyConsistency, verifyInclusion } from '@custos/merkle';

import { GENESIS_HASH, hashAuditRecord } from './audit-chain.js';
import { checkSignature, type TrustedKeys } from './audit-checkpoint.js';
import { leafOf, sha256 } from './audit-tree.js';

export interface EvidenceVerdict {
  ok: boolean;
  /** What failed, in words, in the order checked; empty when `ok`. */
  problems: string[];
  /** What proves nothing either way (a checkpoint signed by a key not trusted here). */
  warnings: string[];
  tenantId?: string;
  records?: number;
  firstSeq?: string;
  lastSeq?: string;
  treeHeadSeq?: string;
  checkpoints?: { total: number; valid: number };
  index?: AuditEvidencePackV1['index'];
}

/** The records an auditor looks for, by `seq`: policy changes, erasures and retention runs. */
export function indexOfPack(
  records: readonly Pick<AuditRecordV1, 'seq' | 'action'>[],
): AuditEvidencePackV1['index'] {
  const seqs = (test: (action: string) => boolean) => records.filter((r) => test(r.action)).map((r) => r.seq);
  return {
    policyChanges: seqs((a) => a.startsWith('policy.')),
    erasures: seqs((a) => a.startsWith('erasure.')),
    retentionRuns: seqs((a) => a === 'retention.run' || a === 'retention.dry-run' || a === 'audit.prune'),
  };
}

/** Verifies `input` (the parsed JSON of a pack) against the `trusted` public keys. */
export function verifyEvidencePack(input: unknown, trusted: TrustedKeys): EvidenceVerdict {
  const parsed = AuditEvidencePackV1.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      problems: [`not an audit evidence pack: ${issue.path.join('.') || '(top)'} ${issue.message}`],
      warnings: [],
    };
  }
  const pack = parsed.data;
  const problems: string[] = [];
  const warnings: string[] = [];
  const head = pack.treeHead;

  // 1. The signed tree head: everything else is proved against it.
  if (head.tenantId !== pack.tenantId) {
    problems.push(`the tree head is of tenant ${head.tenantId}, not ${pack.tenantId}`);
  }
  const headSignature = checkSignature(trusted, head);
  if (headSignature !== 'valid') {
    problems.push(
      headSignature === 'unknown-key'
        ? `the tree head of record ${head.seq} is signed by key ${head.publicKeyId}, which is not trusted here`
        : `the tree head of record ${head.seq}: its signature does not verify: the tree head was altered or forged`,
    );
  }
  if (head.treeSize === undefined || head.rootHash === undefined) {
    problems.push(`the tree head of record ${head.seq} names no Merkle tree`);
  }

  // 2. The chain, from the record before the period to the record after it.
  const chain = [...(pack.before ? [pack.before] : []), ...pack.records, ...(pack.after ? [pack.after] : [])];
  const first = chain[0];
  if (!first) problems.push('the pack holds no record at all');
  if (first && !pack.before) {
    const start = pack.retentionStart;
    if (start) {
      const check = checkSignature(trusted, start);
      if (check !== 'valid') {
        problems.push(
          `the retention-start checkpoint of record ${start.seq} is not validly signed by a trusted key`,
        );
      } else if (BigInt(first.seq) !== BigInt(start.seq) + 1n || first.prevHash !== start.hash) {
        problems.push(
          `record ${first.seq} does not follow the retention start (record ${start.seq}): records at the start of the period were removed`,
        );
      }
    } else if (first.seq !== '1' || first.prevHash !== GENESIS_HASH) {
      problems.push(
        `record ${first.seq} is the first of the pack, but the record before it (${BigInt(first.seq) - 1n}) is missing: records at the start of the period were removed`,
      );
    }
  }
  let previous: AuditRecordV1 | undefined;
  for (const record of chain) {
    if (record.tenantId !== pack.tenantId) {
      problems.push(`record ${record.seq} is of tenant ${record.tenantId}`);
    }
    const { hash, ...content } = record;
    if (hashAuditRecord(content) !== hash) {
      problems.push(`record ${record.seq}: its content does not match its hash: the record was changed`);
    }
    if (previous) {
      const expected = BigInt(previous.seq) + 1n;
      if (BigInt(record.seq) !== expected) {
        problems.push(
          `record ${expected} is missing: the pack goes from record ${previous.seq} to record ${record.seq}`,
        );
      } else if (record.prevHash !== previous.hash) {
        problems.push(`record ${record.seq}: its previous-hash link does not match record ${previous.seq}`);
      }
    }
    previous = record;
  }

  // 3. The period's edges: the records either side lie outside it, so none of the period is left out.
  const from = Date.parse(pack.period.from);
  const to = Date.parse(pack.period.to);
  if (!(from < to)) problems.push('the period ends before it starts');
  if (pack.before && !(Date.parse(pack.before.at) < from)) {
    problems.push(`record ${pack.before.seq}, given as the one before the period, was written inside it`);
  }
  if (pack.after && !(Date.parse(pack.after.at) >= to)) {
    problems.push(`record ${pack.after.seq}, given as the one after the period, was written before its end`);
  }
  const last = chain.at(-1);
  if (!pack.after && last && last.seq !== head.seq) {
    problems.push(
      `the pack ends at record ${last.seq}, but its tree head is record ${head.seq}: records at the end of the period were removed`,
    );
  }

  // 4. The last record is in the signed tree; its links tie every record before it to that tree.
  if (last && head.treeSize !== undefined && head.rootHash !== undefined) {
    const proof = pack.inclusion;
    const base = BigInt(head.seq) - BigInt(head.treeSize);
    const leafIndex = BigInt(last.seq) - base - 1n;
    if (!proof || proof.seq !== last.seq) {
      problems.push(`record ${last.seq} has no proof of inclusion in the signed tree head`);
    } else if (
      BigInt(proof.leafIndex) !== leafIndex ||
      proof.treeSize !== head.treeSize ||
      !verifyInclusion(
        sha256,
        leafOf(last.hash),
        Number(leafIndex),
        Number(head.treeSize),
        proof.path.map(fromHex),
        fromHex(head.rootHash),
      )
    ) {
      problems.push(
        `record ${last.seq} is not in the tree of ${head.treeSize} records the signed tree head names: the records differ from the log`,
      );
    }
  }

  // 5. The heads signed during the period: signed, and extended by the newest one.
  const bySeq = new Map(chain.map((r) => [r.seq, r]));
  let valid = 0;
  for (const { checkpoint, consistency } of pack.checkpoints) {
    const problem = checkpointProblem(checkpoint, consistency, pack, trusted, bySeq);
    if (problem === null) valid += 1;
    else if (problem.warning) warnings.push(problem.text);
    else problems.push(problem.text);
  }

  // 6. The index must be the records' own; and Custos's verification at the time must have passed.
  const index = indexOfPack(pack.records);
  if (JSON.stringify(index) !== JSON.stringify(pack.index)) {
    problems.push("the pack's index (policy changes, erasures, retention runs) does not match its records");
  }
  if (!pack.verification.ok) {
    const broken = pack.verification.firstBroken;
    problems.push(
      `Custos's own verification when the pack was made found the log broken${broken ? ` at record ${broken.seq}: ${broken.reason}` : ''}`,
    );
  }

  return {
    ok: problems.length === 0,
    problems,
    warnings,
    tenantId: pack.tenantId,
    records: pack.records.length,
    ...(pack.records[0] && { firstSeq: pack.records[0].seq, lastSeq: pack.records.at(-1)!.seq }),
    treeHeadSeq: head.seq,
    checkpoints: { total: pack.checkpoints.length, valid },
    index,
  };
}

function checkpointProblem(
  checkpoint: AuditCheckpointV1,
  consistency: AuditEvidencePackV1['checkpoints'][number]['consistency'],
  pack: AuditEvidencePackV1,
  trusted: TrustedKeys,
  bySeq: ReadonlyMap<string, AuditRecordV1>,
): { text: string; warning?: true } | null {
  const name = `the checkpoint of record ${checkpoint.seq} (${checkpoint.at})`;
  if (checkpoint.tenantId !== pack.tenantId) return { text: `${name} is of tenant ${checkpoint.tenantId}` };
  const signature = checkSignature(trusted, checkpoint);
  if (signature === 'unknown-key') {
    return {
      text: `${name} is signed by key ${checkpoint.publicKeyId}, not trusted here: it proves nothing`,
      warning: true,
    };
  }
  if (signature === 'bad-signature') {
    return { text: `${name}: its signature does not verify: it was altered or forged` };
  }
  const record = bySeq.get(checkpoint.seq);
  if (record && record.hash !== checkpoint.hash) {
    return { text: `${name} does not match record ${checkpoint.seq} of the pack` };
  }
  const head = pack.treeHead;
  if (checkpoint.rootHash === undefined || checkpoint.treeSize === undefined) return null;
  if (!consistency || head.rootHash === undefined || head.treeSize === undefined) {
    return { text: `${name} has no proof that the signed tree head extends it` };
  }
  const consistent =
    consistency.from === checkpoint.treeSize &&
    consistency.to === head.treeSize &&
    verifyConsistency(
      sha256,
      Number(checkpoint.treeSize),
      Number(head.treeSize),
      consistency.path.map(fromHex),
      fromHex(checkpoint.rootHash),
      fromHex(head.rootHash),
    );
  return consistent
    ? null
    : { text: `${name}: the signed tree head does not extend its tree: the log was rewritten since` };
}

/** One line for the terminal. */
export function evidenceVerdictLine(verdict: EvidenceVerdict): string {
  if (!verdict.ok) {
    return `evidence pack: REFUSED: ${verdict.problems.join('; ')}.`;
  }
  const range = verdict.firstSeq
    ? `records ${verdict.firstSeq} to ${verdict.lastSeq}`
    : 'no records in the period';
  const index = verdict.index!;
  const warnings = verdict.warnings.length > 0 ? ` Warnings: ${verdict.warnings.join('; ')}.` : '';
  return (
    `evidence pack of ${verdict.tenantId}: OK, ${verdict.records} records (${range}) in the signed tree head of record ${verdict.treeHeadSeq}, ` +
    `${verdict.checkpoints!.valid} of ${verdict.checkpoints!.total} checkpoints of the period consistent with it; ` +
    `${index.policyChanges.length} policy changes, ${index.erasures.length} erasure records, ${index.retentionRuns.length} retention runs.${warnings}`
  );
}
