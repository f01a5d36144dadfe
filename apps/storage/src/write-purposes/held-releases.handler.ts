import { DurableConsumers } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { WritePurposesService } from './write-purposes.service.js';

/**
 * The durable consumer of `consent.v1.consent.changed`, shared by all storage replicas: a change that can give a
 * learner a basis (a grant, an objection withdrawn, a policy edited) releases at once the statements held for that
 * policy whose data subjects all have one now. Idempotent (a release finds nothing left the second time); the
 * periodic job (held-schedule.ts) catches whatever an event could not do.
 */
export const HELD_RELEASES_CONSUMER = DurableConsumers['consent.v1.consent.changed'].storage;

const MAY_GIVE_BASIS = new Set(['granted', 'objection-withdrawn', 'policy-updated']);

@Injectable()
export class HeldReleasesHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly purposes: WritePurposesService,
  ) {}

  onModuleInit(): void {
    this.bus.consume('consent.v1.consent.changed', HELD_RELEASES_CONSUMER, async (event) => {
      if (!MAY_GIVE_BASIS.has(event.change)) return;
      await this.purposes.release(event.tenantId, event.policyId);
    });
  }
}
