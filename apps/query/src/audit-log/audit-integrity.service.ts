// Is the audit log whole, and the proof of it (docs/audit.md "Verifying the log"): GET /api/v1/audit/verify,
// GET and POST /api/v1/audit/checkpoints, GET /api/v1/audit/public-key. CASL decides (`verify` and `checkpoint` on
// the tenant's `AuditRecord`s: its auditors and admins); storage verifies, signs and records each call in the
// chain; a denial is recorded before the 403.
import { auditLogOf, abilityWithoutPolicies } from '@custos/authz';
import {
  type AuditCheckpointV1,
  type AuditContextV1,
  type AuditIntegrityRequestV1,
  type AuditProofParamsV1,
  type AuditProofV1,
  type AuditPublicKeyV1,
  BadRequestError,
  ForbiddenError,
  type ListCheckpointsReplyV1,
  type ListCheckpointsRequestV1,
  type PrincipalV1,
  principalIdOf,
  type VerifyAuditReplyV1,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Injectable } from '@nestjs/common';

import { recordDenial } from '../core/index.js';
import { encodeCheckpointPosition, parseCheckpointParams } from './checkpoint-params.js';

/** A long chain takes a while to walk; the caller waits for the verdict rather than for a timeout. */
const VERIFY_TIMEOUT_MS = 10 * 60 * 1000;

const NOT_ALLOWED = "verifying the audit log needs the auditor or admin role in the log's tenant";

@Injectable()
export class AuditIntegrityService {
  constructor(private readonly bus: MessageBus) {}

  async verify({ principal }: AuditIntegrityRequestV1): Promise<VerifyAuditReplyV1> {
    const audit = await this.allowed(principal, 'verify', 'audit.verify', {});
    return this.bus.request(
      'storage.v1.audit.verify',
      { tenantId: principal.tenantId, audit },
      { timeoutMs: VERIFY_TIMEOUT_MS },
    );
  }

  async checkpoints({ principal, params }: ListCheckpointsRequestV1): Promise<ListCheckpointsReplyV1> {
    const parsed = parseCheckpointParams(params);
    const audit = await this.allowed(principal, 'verify', 'audit.checkpoints.read', { ...params });
    const page = await this.bus.request('storage.v1.audit.checkpoints.list', {
      tenantId: principal.tenantId,
      order: parsed.order,
      ...(parsed.after && { after: parsed.after }),
      limit: parsed.limit,
      audit,
    });
    return { checkpoints: page.checkpoints, next: page.next && encodeCheckpointPosition(page.next) };
  }

  async checkpoint({ principal }: AuditIntegrityRequestV1): Promise<AuditCheckpointV1> {
    const audit = await this.allowed(principal, 'checkpoint', 'audit.checkpoint', {});
    return this.bus.request('storage.v1.audit.checkpoints.create', { tenantId: principal.tenantId, audit });
  }

  async publicKey({ principal }: AuditIntegrityRequestV1): Promise<AuditPublicKeyV1> {
    const audit = await this.allowed(principal, 'verify', 'audit.public-key.read', {});
    return this.bus.request('storage.v1.audit.public-key', { tenantId: principal.tenantId, audit });
  }

  /** An inclusion or consistency proof (GET /api/v1/audit/proof): `seq` or `from`, and optionally `treeSize`. */
  async proof({ principal, params }: AuditProofParamsV1): Promise<AuditProofV1> {
    const parsed = parseProofParams(params);
    const audit = await this.allowed(principal, 'verify', 'audit.proof.read', { ...parsed });
    return this.bus.request('storage.v1.audit.proof', { tenantId: principal.tenantId, audit, ...parsed });
  }

  /** The call's audit context when CASL allows it; otherwise a recorded denial and 403. */
  private async allowed(
    principal: PrincipalV1,
    action: 'verify' | 'checkpoint',
    recordedAction: string,
    query: Record<string, unknown>,
  ): Promise<AuditContextV1> {
    const audit: AuditContextV1 = {
      principalId: principalIdOf(principal),
      principalKind: principal.kind,
      action: recordedAction,
      resource: 'audit',
      query,
    };
    if (!abilityWithoutPolicies(principal).can(action, auditLogOf(principal.tenantId))) {
      await recordDenial(
        this.bus,
        principal.tenantId,
        audit,
        `no rule lets this principal ${action} the audit log`,
      );
      throw new ForbiddenError(NOT_ALLOWED);
    }
    return audit;
  }
}

const PROOF_PARAMS = ['seq', 'from', 'treeSize'] as const;

/** `seq` (a record) or `from` (a tree size), not both; `treeSize` optional; each a positive integer. */
export function parseProofParams(params: Record<string, string>): {
  seq?: string;
  from?: string;
  treeSize?: string;
} {
  const unknown = Object.keys(params).filter((name) => !(PROOF_PARAMS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new BadRequestError(`unknown parameter ${unknown.join(', ')}: use seq, from, treeSize`);
  }
  for (const name of PROOF_PARAMS) {
    const value = params[name];
    if (value !== undefined && !/^[1-9]\d{0,17}$/.test(value)) {
      throw new BadRequestError(`${name} must be a positive integer`);
    }
  }
  if ((params.seq === undefined) === (params.from === undefined)) {
    throw new BadRequestError('name either a record (seq) or an earlier tree size (from)');
  }
  return {
    ...(params.seq !== undefined && { seq: params.seq }),
    ...(params.from !== undefined && { from: params.from }),
    ...(params.treeSize !== undefined && { treeSize: params.treeSize }),
  };
}
