import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ImportedStatementsService } from './imported-statements.service.js';
import { StatementsService } from './statements.service.js';

/** storage.v1.statements.store / .read / .import: the only way into the statement tables. */
@Injectable()
export class StatementsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly statements: StatementsService,
    private readonly imported: ImportedStatementsService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.statements.store', async (req) => ({ ids: await this.statements.store(req) }));
    this.bus.serve('storage.v1.statements.read', (req) => this.statements.read(req));
    this.bus.serve('storage.v1.statements.import', (req) => this.imported.store(req));
  }
}
