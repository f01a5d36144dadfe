import { MessageBus, serveHealth } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { QueryService } from '../query.service.js';

@Injectable()
export class FindStatementsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly query: QueryService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('query.v1.statements.find', (req) => this.query.find(req));
    serveHealth(this.bus, 'query', async () => ({}));
  }
}
