import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { IngestService } from '../statements.service.js';

@Injectable()
export class IngestStatementsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly ingest: IngestService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('ingest.v1.statements.ingest', async (req) => ({ ids: await this.ingest.ingest(req) }));
    this.bus.serve('ingest.v1.health.check', async () => ({
      service: 'ingest',
      ready: this.bus.isReady(),
      checks: { messaging: this.bus.isReady() },
    }));
  }
}
