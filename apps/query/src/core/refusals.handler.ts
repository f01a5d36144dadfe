import { MessageBus, refusalsThroughStorage } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

/** Query's refused principal assertions (ADR 0006) go to the tenant's chain through storage. */
@Injectable()
export class RefusalsHandler implements OnModuleInit {
  constructor(private readonly bus: MessageBus) {}

  onModuleInit(): void {
    this.bus.onPrincipalRefused('query', refusalsThroughStorage(this.bus));
  }
}
