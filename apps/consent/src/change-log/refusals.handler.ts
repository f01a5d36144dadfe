import { randomUUID } from 'node:crypto';

import { refusalRecordOf } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

/**
 * Consent's refused principal assertions (ADR 0006) reach the tenant's chain as its other security records do:
 * an `audit.recorded` event that storage appends. Published at once rather than through the outbox: a refusal
 * changes nothing in consent's database to commit with, and JetStream keeps the event until storage takes it.
 */
@Injectable()
export class RefusalsHandler implements OnModuleInit {
  constructor(private readonly bus: MessageBus) {}

  onModuleInit(): void {
    this.bus.onPrincipalRefused('consent', async (refusal) => {
      const messageId = randomUUID();
      const { requestId, ...record } = refusalRecordOf(refusal);
      await this.bus.publish(
        'consent.v1.audit.recorded',
        {
          type: 'custos.consent.v1.audit_recorded',
          messageId,
          tenantId: refusal.tenantId,
          ...record,
          ...(requestId !== undefined && { requestId }),
          at: new Date().toISOString(),
        },
        messageId,
      );
    });
  }
}
