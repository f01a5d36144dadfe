// Where the bus applies ADR 0006, the same for NATS and the in-process bus: every outgoing request that
// carries a principal gets its assertion (forwarded from the request being handled, or signed where the
// signing key is: the gateway, and standalone), and every incoming one is checked before its handler runs.
// A refusal answers 401/403 and is recorded, as a security event, in the chain of the tenant it names.
import {
  ForbiddenError,
  type DomainError,
  owningService,
  type Part,
  type RecordRefusalV1,
  type RequestSubject,
  UnauthorizedError,
} from '@custos/contracts';
import type { Logger } from 'pino';

import {
  principalDigest,
  PrincipalAssertions,
  type PrincipalKeys,
  type RefusalReason,
  type Verified,
} from './principal-assertion.js';
import { currentRequestContext } from './request-context.js';

/** What a security record says about a refused request (the contract storage records); never learner data. */
export type PrincipalRefusal = RecordRefusalV1;

export type RefusalRecorder = (refusal: PrincipalRefusal) => Promise<void>;

const MESSAGES: Record<RefusalReason, string> = {
  missing: 'the request carries no signed principal assertion',
  forged: 'the principal assertion is not signed with a trusted key',
  expired: 'the principal assertion has expired',
  retargeted: 'the principal assertion was made for another part',
  mismatch: 'the principal assertion does not match the principal of the request',
};

/** 401 when the assertion proves nothing; 403 when a genuine one is used for what it was not made for. */
export const refusalError = (reason: RefusalReason): DomainError =>
  reason === 'retargeted' || reason === 'mismatch'
    ? new ForbiddenError(MESSAGES[reason])
    : new UnauthorizedError(MESSAGES[reason]);

const ID = /^[\w.:@-]{1,128}$/;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/**
 * Flooding: anyone who reaches the bus can provoke refusals, and each one would otherwise be a row in a tenant's
 * chain. Per process and minute, at most PER_TENANT records per tenant and TOTAL in all are written; the others
 * are counted, logged, and the count rides on the tenant's next record (`suppressed`), so the chain still
 * shows that they happened.
 */
export class RefusalLimiter {
  static readonly PER_TENANT = 20;
  static readonly TOTAL = 200;
  private windowStart = 0;
  private total = 0;
  private readonly perTenant = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Undefined: do not record (counted); else how many were suppressed before this one. */
  admit(tenantId: string): { suppressed: number } | undefined {
    const now = this.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.total = 0;
      this.perTenant.clear();
    }
    const count = this.perTenant.get(tenantId) ?? 0;
    if (count >= RefusalLimiter.PER_TENANT || this.total >= RefusalLimiter.TOTAL) {
      // Bounded: the map of counts is cleared with the tenants it names once it grows past the total cap.
      if (this.suppressed.size >= 10_000) this.suppressed.clear();
      this.suppressed.set(tenantId, (this.suppressed.get(tenantId) ?? 0) + 1);
      return undefined;
    }
    this.perTenant.set(tenantId, count + 1);
    this.total += 1;
    const suppressed = this.suppressed.get(tenantId) ?? 0;
    this.suppressed.delete(tenantId);
    return { suppressed };
  }
}

export class PrincipalGate {
  private readonly assertions: PrincipalAssertions;
  private readonly recorders = new Map<Part, RefusalRecorder>();
  private readonly limiter = new RefusalLimiter();

  constructor(
    keys: PrincipalKeys,
    private readonly logger: Logger,
  ) {
    this.assertions = new PrincipalAssertions(keys);
  }

  /** How `part` records its refusals in the tenant's audit chain (each part registers its own). */
  onRefused(part: Part, recorder: RefusalRecorder): void {
    this.recorders.set(part, recorder);
  }

  /**
   * The assertion to send with a request on `subject`: the one the current request was admitted with when it
   * is about the same principal (or the request carries none: storage's requests), else a new one where this
   * process may sign; undefined otherwise, and the receiver refuses it.
   */
  async assertionFor(
    subject: RequestSubject,
    payload: unknown,
    deadline: number,
  ): Promise<string | undefined> {
    const context = currentRequestContext();
    const held = context?.principalAssertion;
    const principal = isRecord(payload) ? payload.principal : undefined;
    if (!isRecord(principal)) return held?.token;
    if (held && held.digest === principalDigest(principal)) return held.token;
    if (!this.assertions.canSign()) return undefined;
    return this.assertions.sign(principal, owningService(subject) as Part, {
      ...(context?.requestId !== undefined && { requestId: context.requestId }),
      deadline,
    });
  }

  /**
   * Admits a request before its handler runs: one whose payload carries a principal needs a valid assertion for
   * it. The admitted assertion is kept in the request's context, to be forwarded on the requests made for it.
   * A refused one is recorded, then thrown as a 401/403.
   */
  async admit(subject: RequestSubject, payload: unknown, token: string | undefined): Promise<void> {
    const context = currentRequestContext();
    if (!isRecord(payload) || !('principal' in payload)) {
      // Nothing to act on for someone; the assertion still travels on (query's requests to storage).
      if (token && context) context.principalAssertion = { token, digest: '' };
      return;
    }
    const result = await this.assertions.verify(token, payload.principal, subject, context?.requestId);
    if (result.ok) {
      if (context) context.principalAssertion = { token: result.token, digest: result.digest };
      return;
    }
    await this.record(subject, payload.principal, result.reason, context?.requestId);
    throw refusalError(result.reason);
  }

  private async record(
    subject: RequestSubject,
    claimed: unknown,
    reason: RefusalReason,
    requestId: string | undefined,
  ): Promise<void> {
    const part = owningService(subject) as Part;
    const p = isRecord(claimed) ? claimed : {};
    const tenantId = typeof p.tenantId === 'string' && ID.test(p.tenantId) ? p.tenantId : undefined;
    const rawId = p.kind === 'credential' ? p.credentialId : p.kind === 'person' ? p.personId : undefined;
    const known = typeof rawId === 'string' && ID.test(rawId);
    const refusal = {
      part,
      subject,
      reason,
      principalId: known ? rawId : 'anonymous',
      principalKind: known ? (p.kind as 'credential' | 'person') : ('anonymous' as const),
      ...(requestId !== undefined && { requestId }),
    };
    // Ids only: the claimed principal's other fields may be learner data.
    this.logger.warn({ ...refusal, tenantId }, 'principal assertion refused');
    const recorder = this.recorders.get(part);
    if (!tenantId || !recorder) return;
    const admitted = this.limiter.admit(tenantId);
    if (!admitted) return;
    try {
      await recorder({
        ...refusal,
        tenantId,
        ...(admitted.suppressed > 0 && { suppressed: admitted.suppressed }),
      });
    } catch (err) {
      // The refusal stands either way; a record that could not be written is at least in the log.
      this.logger.error({ subject, err: (err as Error).message }, 'refusal could not be recorded');
    }
  }
}

export type { Verified };

/** How ingest and query, which hold no database, record their refusals: through storage. */
export const refusalsThroughStorage =
  (bus: {
    request: (s: 'storage.v1.audit.refusal', r: PrincipalRefusal) => Promise<unknown>;
  }): RefusalRecorder =>
  async (refusal) => {
    await bus.request('storage.v1.audit.refusal', refusal);
  };
