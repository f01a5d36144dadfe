import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { RetentionService } from './retention.service.js';

/** storage.v1.retention.*: the admin API over retention rules and legal holds, dry runs and runs. */
@Injectable()
export class RetentionHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly retention: RetentionService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.retention.rules.list', (req) => this.retention.listRules(req));
    this.bus.serve('storage.v1.processing.retention', (req) => this.retention.rulesForProcessingRecords(req));
    this.bus.serve('storage.v1.retention.rules.create', (req) => this.retention.createRule(req));
    this.bus.serve('storage.v1.retention.rules.delete', (req) => this.retention.deleteRule(req));
    this.bus.serve('storage.v1.retention.holds.list', (req) => this.retention.listHolds(req));
    this.bus.serve('storage.v1.retention.holds.create', (req) => this.retention.createHold(req));
    this.bus.serve('storage.v1.retention.holds.release', (req) => this.retention.releaseHold(req));
    this.bus.serve('storage.v1.retention.dry-run', (req) => this.retention.dryRunFor(req));
    this.bus.serve('storage.v1.retention.run', (req) => this.retention.runFor(req));
  }
}
