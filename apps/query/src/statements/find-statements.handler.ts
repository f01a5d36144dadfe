import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { StatementsQueryService } from './statements.service.js';

@Injectable()
export class FindStatementsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly query: StatementsQueryService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('query.v1.statements.find', (req) => this.query.find(req));
  }
}
