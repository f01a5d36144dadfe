import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { StatementExplainService } from './statement-explain.service.js';

/** storage.v1.statements.explain: which read sources allow one statement (GET /api/v1/explain). */
@Injectable()
export class ExplainHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly explain: StatementExplainService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.statements.explain', (req) => this.explain.explain(req));
  }
}
