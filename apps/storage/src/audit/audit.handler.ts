import { MessageBus, RefusalLimiter } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { AuditService } from './audit.service.js';
import { refusalEntryOf } from './refusal-record.js';

/**
 * storage.v1.audit.append: decisions that return no data (denials); storage.v1.audit.refusal and storage's own
 * refusals: requests refused for their principal assertion (ADR 0006). Verification: audit-integrity.handler.ts.
 */
@Injectable()
export class AuditHandler implements OnModuleInit {
  /**
   * The refusal subject carries no principal to verify; its senders limit what they send, and so does storage,
   * so no client that reaches the bus can fill a chain through it (docs/audit.md "Refused principals").
   */
  private readonly refusals = new RefusalLimiter();

  constructor(
    private readonly bus: MessageBus,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.audit.append', (req) => this.audit.append(req));
    this.bus.serve('storage.v1.audit.refusal', async (req) => {
      const admitted = this.refusals.admit(req.tenantId);
      if (!admitted) return { recorded: false };
      const suppressed = (req.suppressed ?? 0) + admitted.suppressed;
      await this.audit.append(refusalEntryOf({ ...req, ...(suppressed > 0 && { suppressed }) }));
      return { recorded: true };
    });
    this.bus.onPrincipalRefused('storage', async (refusal) => {
      await this.audit.append(refusalEntryOf(refusal));
    });
  }
}
