import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ActivitiesService } from './activities.service.js';

/** storage.v1.activities.read: what a caller may be told of an Activity's definition, audited. */
@Injectable()
export class ActivitiesHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly activities: ActivitiesService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.activities.read', (req) => this.activities.read(req));
  }
}
