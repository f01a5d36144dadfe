import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { AuditService } from '../audit.service.js';

/** storage.v1.audit.append: decisions that return no data (denials). Verification: audit-integrity.handler.ts. */
@Injectable()
export class AuditHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.audit.append', (req) => this.audit.append(req));
  }
}
