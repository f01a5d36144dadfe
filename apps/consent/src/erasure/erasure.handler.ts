import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ErasureService } from './erasure.service.js';

/** consent.v1.erasures.*: an admin's erasure, a learner's own request, following, cancelling and approving them. */
@Injectable()
export class ErasureHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly erasures: ErasureService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.erasures.create', async ({ principal, personId, body }) => ({
      erasure: await this.erasures.create(principal, personId, body),
    }));
    this.bus.serve('consent.v1.erasures.request', async ({ principal, learnerId }) => ({
      erasure: await this.erasures.request(principal, learnerId),
    }));
    this.bus.serve('consent.v1.erasures.mine', async ({ principal }) => ({
      erasures: await this.erasures.mine(principal),
    }));
    this.bus.serve('consent.v1.erasures.get', async ({ principal, erasureId }) => ({
      erasure: await this.erasures.get(principal, erasureId),
    }));
    this.bus.serve('consent.v1.erasures.cancel', async ({ principal, erasureId }) => ({
      erasure: await this.erasures.cancel(principal, erasureId),
    }));
    this.bus.serve('consent.v1.erasures.approve', async ({ principal, erasureId }) => ({
      erasure: await this.erasures.approve(principal, erasureId),
    }));
  }
}
