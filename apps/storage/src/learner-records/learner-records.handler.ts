import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { AgentsService } from './agents.service.js';
import { ExportsService } from './exports.service.js';

/** storage.v1.agents.readable (Agents resource) and storage.v1.exports.* (learner data exports). */
@Injectable()
export class LearnerRecordsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly agents: AgentsService,
    private readonly exports: ExportsService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.agents.readable', (req) => this.agents.readable(req));
    this.bus.serve('storage.v1.exports.begin', (req) => this.exports.begin(req));
    this.bus.serve('storage.v1.exports.read', (req) => this.exports.read(req));
  }
}
