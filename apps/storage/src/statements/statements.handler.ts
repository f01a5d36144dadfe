import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { StatementsService } from './statements.service.js';

/** storage.v1.statements.store / .read: the only way into the statement tables. */
@Injectable()
export class StatementsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly statements: StatementsService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.statements.store', async (req) => ({ ids: await this.statements.store(req) }));
    this.bus.serve('storage.v1.statements.read', (req) => this.statements.read(req));
  }
}
