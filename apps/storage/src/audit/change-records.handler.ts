import { DurableConsumers } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { AuditService } from './audit.service.js';
import { changeEntryOf } from './change-record.js';

/**
 * The durable consumer of `consent.v1.audit.recorded`, shared by all storage replicas (JetStream hands each
 * event to one of them). An event is acknowledged only once its record has committed; a failure leaves it to
 * be delivered again, which `appendOnce` makes harmless.
 */
export const CHANGE_RECORDS_CONSUMER = DurableConsumers['consent.v1.audit.recorded'].storage;

@Injectable()
export class ChangeRecordsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.bus.consume('consent.v1.audit.recorded', CHANGE_RECORDS_CONSUMER, async (event) => {
      await this.audit.appendOnce(changeEntryOf(event));
    });
  }
}
