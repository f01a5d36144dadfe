import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { AuditLogService } from './audit-log.service.js';

/** storage.v1.audit.records.read, .export.begin / .export.read and .stats: reading the audit log. */
@Injectable()
export class AuditLogHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly log: AuditLogService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.audit.records.read', (req) => this.log.read(req));
    this.bus.serve('storage.v1.audit.export.begin', (req) => this.log.beginExport(req));
    this.bus.serve('storage.v1.audit.export.read', (req) => this.log.readExport(req));
    this.bus.serve('storage.v1.audit.stats', (req) => this.log.stats(req));
  }
}
