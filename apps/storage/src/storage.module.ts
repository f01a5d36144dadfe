import type { DatabaseTlsFiles } from '@custos/config';
import { outboxProvider } from '@custos/platform';
import { type DynamicModule, Module } from '@nestjs/common';

import { ActivitiesService } from './activities.service.js';
import { ActivityRepository } from './activity.repository.js';
import { AgentsService } from './agents.service.js';
import { AttachmentRepository } from './attachment.repository.js';
import { AUDIT_KEYS, type AuditKeySettings, auditKeysFrom } from './audit-keys.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditCheckpointRepository } from './audit-checkpoint.repository.js';
import { AuditCheckpointService } from './audit-checkpoint.service.js';
import { AUDIT_MAINTENANCE, AuditMaintenance, type AuditMaintenanceOptions } from './audit-maintenance.js';
import { AuditRetentionRepository } from './audit-retention.repository.js';
import { AuditRetentionService } from './audit-retention.service.js';
import { AuditVerifyService } from './audit-verify.service.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { storageDatabaseModule } from './db/data-source.js';
import { STORAGE_DB, TransactionRunner } from './db/transaction.js';
import { DocumentRepository } from './document.repository.js';
import { DocumentsService } from './documents.service.js';
import { ExportsService } from './exports.service.js';
import { ActivitiesHandler } from './handlers/activities.handler.js';
import { AuditHandler } from './handlers/audit.handler.js';
import { AuditIntegrityHandler } from './handlers/audit-integrity.handler.js';
import { ChangeRecordsHandler } from './handlers/change-records.handler.js';
import { AuditLogHandler } from './handlers/audit-log.handler.js';
import { DocumentsHandler } from './handlers/documents.handler.js';
import { ExplainHandler } from './handlers/explain.handler.js';
import { StorageHealth } from './handlers/health.handler.js';
import { LearnerRecordsHandler } from './handlers/learner-records.handler.js';
import { LearnerRecordsRepository } from './learner-records.repository.js';
import { StatementsHandler } from './handlers/statements.handler.js';
import { StatementExplainService } from './statement-explain.service.js';
import { StatementRepository } from './statement.repository.js';
import { StatementsService } from './statements.service.js';

export interface StorageModuleOptions {
  databaseUrl: string;
  /** TLS files beside DATABASE_URL (CUSTOS_DATABASE_CA_FILE, …); absent for the embedded database. */
  databaseTls?: DatabaseTlsFiles;
  poolSize?: number;
  /** Publish storage's events and relay leftovers (default true; false in the CLI, see OutboxOptions.relay). */
  outboxRelay?: boolean;
  /** The audit log's pseudonym and checkpoint-signing keys (audit-keys.ts). */
  audit: AuditKeySettings;
  /** Periodic checkpoints and retention of the audit log (audit-maintenance.ts); absent: none (the CLI). */
  auditMaintenance?: AuditMaintenanceOptions;
}

/** The storage part: sole owner of the `storage` schema. */
@Module({})
export class StorageModule {
  static forRoot(options: StorageModuleOptions): DynamicModule {
    return {
      module: StorageModule,
      imports: [storageDatabaseModule(options.databaseUrl, options.poolSize, options.databaseTls)],
      providers: [
        { provide: AUDIT_KEYS, useFactory: () => auditKeysFrom(options.audit) },
        { provide: AUDIT_MAINTENANCE, useValue: options.auditMaintenance ?? null },
        TransactionRunner,
        StatementRepository,
        AuditRepository,
        outboxProvider(STORAGE_DB, 'storage.outbox', options.outboxRelay ?? true),
        StatementsService,
        AuditService,
        StatementsHandler,
        AuditHandler,
        AuditCheckpointRepository,
        AuditRetentionRepository,
        AuditVerifyService,
        AuditCheckpointService,
        AuditRetentionService,
        AuditMaintenance,
        AuditIntegrityHandler,
        ChangeRecordsHandler,
        StorageHealth,
        ActivityRepository,
        ActivitiesService,
        ActivitiesHandler,
        AttachmentRepository,
        DocumentRepository,
        DocumentsService,
        DocumentsHandler,
        StatementExplainService,
        ExplainHandler,
        LearnerRecordsRepository,
        AgentsService,
        ExportsService,
        LearnerRecordsHandler,
        AuditLogRepository,
        AuditLogService,
        AuditLogHandler,
      ],
      exports: [StorageHealth],
    };
  }
}
