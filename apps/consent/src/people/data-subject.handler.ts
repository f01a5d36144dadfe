import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { DataSubjectService } from './data-subject.service.js';

/** consent.v1.agents.resolve (Agents resource) and consent.v1.exports.authorize (learner data exports). */
@Injectable()
export class DataSubjectHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly subjects: DataSubjectService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.agents.resolve', async ({ tenantId, ifiHash }) => ({
      agents: await this.subjects.identifiersOf(tenantId, ifiHash),
    }));
    this.bus.serve('consent.v1.exports.authorize', ({ principal, personId }) =>
      this.subjects.authorizeExport(principal, personId),
    );
  }
}
