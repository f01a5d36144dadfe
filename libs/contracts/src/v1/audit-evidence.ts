// The audit evidence pack of a period (docs/audit.md "Evidence pack", docs/privacy-operations.md "Audit evidence
// pack"): one JSON file an external auditor keeps and verifies offline with `custos audit verify-evidence`, with
// nothing but the tenant's public key. It holds the period's records (so each hash can be recomputed), the records
// just outside it (so nobody can cut records from its ends unnoticed), an inclusion proof of the last of them in
// the newest signed tree head, and the heads signed during the period with their consistency proofs.
import { z } from 'zod';

import {
  AuditCheckpointV1,
  AuditConsistencyProofV1,
  AuditInclusionProofV1,
  VerifyAuditReplyV1,
} from './audit.js';
import { AuditRecordV1 } from './audit-log.js';
import { PrincipalV1 } from './principal.js';
import { AuditContextV1 } from './statements.js';

const Instant = z.iso.datetime({ offset: true });
const Seq = z.string().regex(/^\d{1,19}$/);

/** GET /api/v1/audit/evidence: the raw query string (`from`, `to`), which query parses and decides on. */
export const AuditEvidenceParamsV1 = z.object({
  principal: PrincipalV1,
  params: z.record(z.string(), z.string()),
});
export type AuditEvidenceParamsV1 = z.infer<typeof AuditEvidenceParamsV1>;

/** Storage's side: the period, half open (`from` ≤ at < `to`), and the call's own audit context. */
export const BuildAuditEvidenceV1 = z.object({
  tenantId: z.string().min(1),
  from: Instant,
  to: Instant,
  audit: AuditContextV1,
});
export type BuildAuditEvidenceV1 = z.infer<typeof BuildAuditEvidenceV1>;

/** The identifier of the pack's format; a verifier refuses a pack of another format. */
export const AUDIT_EVIDENCE_FORMAT = 'custos.audit-evidence.v1';

export const AuditEvidencePackV1 = z.object({
  format: z.literal(AUDIT_EVIDENCE_FORMAT),
  tenantId: z.string().min(1),
  period: z.object({ from: Instant, to: Instant }),
  generatedAt: Instant,
  /**
   * The records written in the period, in chain order: from the first record written at or after `from` to the
   * last written before `to`, every record in between included (records of concurrent requests are sequenced
   * within milliseconds of each other, so one at the edges may carry a time just outside the period).
   */
  records: z.array(AuditRecordV1),
  /** The record just before the first one (written before `from`); null when the period starts the retained log. */
  before: AuditRecordV1.nullable(),
  /** The record just after the last one (written at or after `to`); null when the period reaches the head. */
  after: AuditRecordV1.nullable(),
  /** When records were pruned: the signed retention-start checkpoint the retained log starts after. */
  retentionStart: AuditCheckpointV1.nullable(),
  /** The newest signed tree head when the pack was made. */
  treeHead: AuditCheckpointV1,
  /** That the last of before, records, after is leaf `leafIndex` of the tree `treeHead` signs. */
  inclusion: AuditInclusionProofV1.nullable(),
  /** The checkpoints signed during the period, each with the proof that `treeHead`'s tree extends its tree. */
  checkpoints: z.array(
    z.object({ checkpoint: AuditCheckpointV1, consistency: AuditConsistencyProofV1.nullable() }),
  ),
  /** Custos's own verification of the whole chain when the pack was made (GET /api/v1/audit/verify). */
  verification: VerifyAuditReplyV1,
  /**
   * Records of the period an auditor looks for, by `seq` (each is in `records`): changes to institution policies
   * (`policy.*`, consent's change log), erasures (`erasure.*`) and retention runs (`retention.run`,
   * `retention.dry-run`, `audit.prune`).
   */
  index: z.object({
    policyChanges: z.array(Seq),
    erasures: z.array(Seq),
    retentionRuns: z.array(Seq),
  }),
});
export type AuditEvidencePackV1 = z.infer<typeof AuditEvidencePackV1>;
