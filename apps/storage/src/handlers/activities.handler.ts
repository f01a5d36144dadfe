import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ActivityRepository } from '../activity.repository.js';

/** storage.v1.activities.read: canonical definitions carry no learner data, so no audit. */
@Injectable()
export class ActivitiesHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly activities: ActivityRepository,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.activities.read', async (req) => {
      const definition = await this.activities.definition(req.tenantId, req.activityId);
      return definition ? { definition } : {};
    });
  }
}
