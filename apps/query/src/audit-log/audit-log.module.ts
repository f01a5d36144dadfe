// Audit log: the auditor API, a learner's access log, and verifying the log and its checkpoints.
import { Module } from '@nestjs/common';

import { AuditIntegrityHandler } from './audit-integrity.handler.js';
import { AuditIntegrityService } from './audit-integrity.service.js';
import { AuditLogHandler } from './audit-log.handler.js';
import { AuditLogQueryService } from './audit-log.service.js';

@Module({ providers: [AuditLogQueryService, AuditLogHandler, AuditIntegrityService, AuditIntegrityHandler] })
export class AuditLogModule {}
