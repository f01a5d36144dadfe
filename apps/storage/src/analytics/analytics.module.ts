// Analytics that protect individuals: storage.v1.analytics.aggregate.
import { MessageBus } from '@custos/messaging';
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';

import { AuditModule } from '../audit/index.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';

@Injectable()
export class AnalyticsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly analytics: AnalyticsService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.analytics.aggregate', (req) => this.analytics.aggregate(req));
  }
}

@Module({
  imports: [AuditModule],
  providers: [AnalyticsRepository, AnalyticsService, AnalyticsHandler],
})
export class AnalyticsModule {}
