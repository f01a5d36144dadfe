// Analytics that protect individuals: query.v1.analytics.run.
import { MessageBus } from '@custos/messaging';
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';

import { AnalyticsService } from './analytics.service.js';

@Injectable()
export class AnalyticsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly analytics: AnalyticsService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('query.v1.analytics.run', (req) => this.analytics.run(req));
  }
}

@Module({ providers: [AnalyticsService, AnalyticsHandler] })
export class AnalyticsModule {}
