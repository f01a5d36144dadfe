import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { AuditLogQueryService } from './audit-log.service.js';

/** query.v1.audit.*: the auditor API (records, export pages, statistics) and a learner's access log. */
@Injectable()
export class AuditLogHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly log: AuditLogQueryService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('query.v1.audit.records', (req) => this.log.records(req));
    this.bus.serve('query.v1.audit.export.start', (req) => this.log.startExport(req));
    this.bus.serve('query.v1.audit.export.read', (req) => this.log.readExport(req));
    this.bus.serve('query.v1.audit.stats', (req) => this.log.stats(req));
    this.bus.serve('query.v1.audit.access-log', (req) => this.log.accessLog(req));
    this.bus.serve('query.v1.audit.evidence', (req) => this.log.evidence(req));
  }
}
