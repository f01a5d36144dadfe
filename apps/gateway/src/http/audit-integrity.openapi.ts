// The OpenAPI description of ./audit-integrity.controller.ts (see ./openapi-route.ts).
import {
  AuditCheckpointV1,
  AuditEvidencePackV1,
  AuditProofV1,
  AuditPublicKeyV1,
  VerifyAuditReplyV1,
} from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

import { AUDIT_ORDER } from './audit-log.openapi.js';
import { documentRoute, named, param } from './openapi-route.js';

const AUDIT_VERIFIER =
  "Needs the `auditor` or `admin` role in the tenant (403 otherwise, and for xAPI credentials); only that tenant's log.";

export function documentAuditIntegrity(registry: OpenAPIRegistry): void {
  const AuditCheckpoint = named('AuditCheckpoint', AuditCheckpointV1);
  /** A page of a tenant's signed checkpoints: `next` is the link to the following page. */
  const AuditCheckpointsPage = z.object({
    checkpoints: z.array(AuditCheckpoint),
    next: z.string().nullable().describe('The URL of the next page; null on the last page'),
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/audit/verify',
    operationId: 'verifyAuditLog',
    tag: 'audit',
    summary: 'Verify the tenant’s audit chain and its signed checkpoints',
    description:
      `${AUDIT_VERIFIER} Walks the chain from its start (or from the newest retention-start checkpoint), checks ` +
      'every link and every checkpoint (its signature, and the hash of the record it names), and names the first ' +
      'broken record. The verification is itself recorded, after the walk.',
    auth: 'person-or-credential',
    ok: {
      status: 200,
      description: 'The verdict (`ok: false` names `firstBroken`)',
      json: named('AuditVerification', VerifyAuditReplyV1),
    },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/audit/checkpoints',
    operationId: 'listAuditCheckpoints',
    tag: 'audit',
    summary: 'The tenant’s signed checkpoints, a page at a time, to keep outside the system',
    description: `${AUDIT_VERIFIER} The read is itself recorded.`,
    auth: 'person-or-credential',
    query: z.object({
      ...AUDIT_ORDER,
      limit: param(z.int().min(1).max(1000), 'Checkpoints per page, 1 to 1000 (default 100)').optional(),
      after: param(z.string(), 'From the `next` link of the previous page').optional(),
    }),
    ok: {
      status: 200,
      description: 'A page of checkpoints',
      json: named('AuditCheckpointsPage', AuditCheckpointsPage),
    },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/audit/checkpoints',
    operationId: 'createAuditCheckpoint',
    tag: 'audit',
    summary: 'Sign the tenant’s chain head now',
    description:
      `${AUDIT_VERIFIER} The request is recorded first, and the checkpoint signs the head that record made. Keep ` +
      'the answer, with the public key, outside the system.',
    auth: 'person-or-credential',
    ok: { status: 201, description: 'The new checkpoint', json: AuditCheckpoint },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/audit/public-key',
    operationId: 'getAuditPublicKey',
    tag: 'audit',
    summary: 'The Ed25519 public key checkpoints are signed with, and its id',
    description: `${AUDIT_VERIFIER} Keep it outside the system to verify checkpoints with \`custos audit verify --public-key\`.`,
    auth: 'person-or-credential',
    ok: {
      status: 200,
      description: 'The public key (SPKI PEM)',
      json: named('AuditPublicKey', AuditPublicKeyV1),
    },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/audit/proof',
    operationId: 'getAuditProof',
    tag: 'audit',
    summary: 'Prove a record is in the signed log, or that the log only grew since an earlier tree head',
    description:
      `${AUDIT_VERIFIER} The log is a Merkle tree (RFC 9162) whose heads the sequencer signs. With \`seq\`: the ` +
      'inclusion proof of that record; with `from`: the consistency proof from the tree of `from` records to the ' +
      'tree of `treeSize` (default: the newest signed tree head, returned as `treeHead`). Verify both with ' +
      '`custos audit verify` or any RFC 9162 implementation. The read is itself recorded.',
    auth: 'person-or-credential',
    query: z.object({
      seq: param(z.string().regex(/^[1-9]\d*$/), 'A record of the log').optional(),
      from: param(z.string().regex(/^[1-9]\d*$/), 'The size of an earlier tree (a kept head)').optional(),
      treeSize: param(
        z.string().regex(/^[1-9]\d*$/),
        'Prove against this tree size (default: the newest)',
      ).optional(),
    }),
    ok: { status: 200, description: 'The proof', json: named('AuditProof', AuditProofV1) },
    errors: [400, 403, 404],
  });
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/audit/evidence',
    operationId: 'getAuditEvidence',
    tag: 'audit',
    summary: 'The audit evidence pack of a period, to verify offline',
    description:
      'For auditors (it holds the records of the period). One JSON file: the records written in [from, to) with the ' +
      'records just before and after the period, the proof that the last of them is in the newest signed tree head, ' +
      'the heads signed in the period with consistency proofs, the verification of the whole chain, and the seqs of ' +
      'the policy changes, erasure records and retention runs among the records. An auditor verifies it with ' +
      '`custos audit verify-evidence FILE --public-key KEY.pem` and nothing else. The request is itself recorded ' +
      '(`audit.evidence`).',
    auth: 'person-or-credential',
    query: z.object({
      from: param(z.string(), 'The start of the period (ISO 8601 with a time zone), included'),
      to: param(
        z.string(),
        'The end of the period (ISO 8601 with a time zone), excluded; at most 366 days on',
      ),
    }),
    ok: {
      status: 200,
      description: 'The evidence pack',
      json: named('AuditEvidencePack', AuditEvidencePackV1),
    },
    errors: [400, 403, 404],
  });
}
