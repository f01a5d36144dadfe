import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ResourcesService } from './resources.service.js';

@Injectable()
export class ResourcesHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly resources: ResourcesService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('query.v1.activities.get', (req) => this.resources.activity(req));
    this.bus.serve('query.v1.agents.person', (req) => this.resources.person(req));
  }
}
