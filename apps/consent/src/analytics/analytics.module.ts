// Analytics (docs/flows.md "Analytics that protect individuals"): consent.v1.analytics.basis.
import { MessageBus } from '@custos/messaging';
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';

import { PeopleModule } from '../people/index.js';
import { PoliciesModule } from '../policies/index.js';
import { AnalyticsBasisService } from './analytics-basis.service.js';

@Injectable()
export class AnalyticsBasisHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly basis: AnalyticsBasisService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.analytics.basis', ({ principal }) => this.basis.basis(principal));
  }
}

@Module({
  imports: [PeopleModule, PoliciesModule],
  providers: [AnalyticsBasisService, AnalyticsBasisHandler],
})
export class AnalyticsModule {}
