import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { AccessService } from './access.service.js';

/** consent.v1.principals.resolve (for explaining a decision) and consent.v1.access.effective (a learner's view). */
@Injectable()
export class AccessHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly access: AccessService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.principals.resolve', ({ principal, principalId }) =>
      this.access.resolve(principal, principalId),
    );
    this.bus.serve('consent.v1.access.effective', async ({ principal }) => ({
      entries: await this.access.effectiveAccess(principal),
    }));
  }
}
