import { DurableConsumers } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ForwardingService } from './forwarding.service.js';

/** The durable consumer through which consent queues stored batches for the tenant's forwarding targets. */
export const FORWARDING_CONSUMER = DurableConsumers['storage.v1.statements.stored'].consent;

/**
 * consent.v1.forwarding.*: the admin API over targets and dead letters (from the gateway), the delivery worker's
 * claim and settle (from query); and the stored batches, queued from storage's durable event.
 */
@Injectable()
export class ForwardingHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly forwarding: ForwardingService,
  ) {}

  onModuleInit(): void {
    const f = this.forwarding;
    this.bus.serve('consent.v1.forwarding.targets.list', ({ principal }) => f.list(principal));
    this.bus.serve('consent.v1.forwarding.targets.create', ({ principal, target }) =>
      f.create(principal, target),
    );
    this.bus.serve('consent.v1.forwarding.targets.get', ({ principal, targetId }) =>
      f.get(principal, targetId),
    );
    this.bus.serve('consent.v1.forwarding.targets.update', ({ principal, targetId, patch }) =>
      f.update(principal, targetId, patch),
    );
    this.bus.serve('consent.v1.forwarding.targets.delete', ({ principal, targetId }) =>
      f.delete(principal, targetId),
    );
    this.bus.serve('consent.v1.forwarding.targets.status', ({ principal, targetId }) =>
      f.status(principal, targetId),
    );
    this.bus.serve('consent.v1.forwarding.dead-letters.list', ({ principal, targetId }) =>
      f.deadLetters(principal, targetId),
    );
    this.bus.serve('consent.v1.forwarding.dead-letters.retry', ({ principal, targetId, deadLetterId }) =>
      f.settleDeadLetter(principal, targetId, deadLetterId, 'retry'),
    );
    this.bus.serve('consent.v1.forwarding.dead-letters.discard', ({ principal, targetId, deadLetterId }) =>
      f.settleDeadLetter(principal, targetId, deadLetterId, 'discard'),
    );
    this.bus.serve('consent.v1.forwarding.claim', () => f.claim());
    this.bus.serve('consent.v1.forwarding.settle', (req) => f.settle(req));
    this.bus.consume('storage.v1.statements.stored', FORWARDING_CONSUMER, (event) => f.enqueueStored(event));
  }
}
