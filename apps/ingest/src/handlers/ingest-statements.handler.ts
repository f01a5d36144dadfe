import { MessageBus, serveHealth } from '@custos/messaging';
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
    serveHealth(this.bus, 'ingest', async () => ({}));
  }
}
