import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ExplainService } from './explain.service.js';

/** query.v1.statements.explain: who may read one statement, and by which rule (GET /api/v1/explain). */
@Injectable()
export class ExplainHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly explain: ExplainService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('query.v1.statements.explain', (req) => this.explain.explain(req));
  }
}
