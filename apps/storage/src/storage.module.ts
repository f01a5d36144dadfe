import type { DatabaseTlsFiles } from '@custos/config';
import { databaseCloser, outboxProvider } from '@custos/platform';
import { type DynamicModule, Module } from '@nestjs/common';

import { ActivitiesService } from './activities/activities.service.js';
import { ActivityRepository } from './activities/activity.repository.js';
import { AgentsService } from './learner-records/agents.service.js';
import { AttachmentRepository } from './attachments/attachment.repository.js';
import { AUDIT_KEYS, type AuditKeySettings, auditKeysFrom } from './audit/audit-keys.js';
import { AuditLogRepository } from './audit/audit-log.repository.js';
import { AuditLogService } from './audit/audit-log.service.js';
import { AuditCheckpointRepository } from './audit/audit-checkpoint.repository.js';
import { AuditCheckpointService } from './audit/audit-checkpoint.service.js';
import {
  AUDIT_MAINTENANCE,
  AuditMaintenance,
  type AuditMaintenanceOptions,
} from './audit/audit-maintenance.js';
import { AuditRetentionRepository } from './audit/audit-retention.repository.js';
import { AuditRetentionService } from './audit/audit-retention.service.js';
import { AuditVerifyService } from './audit/audit-verify.service.js';
import { AuditRepository } from './audit/audit.repository.js';
import { AuditService } from './audit/audit.service.js';
import { storageDataSource } from './db/data-source.js';
import { STORAGE_DB, TransactionRunner } from './db/transaction.js';
import { DocumentRepository } from './documents/document.repository.js';
import { DocumentsService } from './documents/documents.service.js';
import { ExportsService } from './learner-records/exports.service.js';
import { ActivitiesHandler } from './activities/activities.handler.js';
import { AuditHandler } from './audit/audit.handler.js';
import { AuditIntegrityHandler } from './audit/audit-integrity.handler.js';
import { ChangeRecordsHandler } from './audit/change-records.handler.js';
import { AuditLogHandler } from './audit/audit-log.handler.js';
import { DocumentsHandler } from './documents/documents.handler.js';
import { ExplainHandler } from './statements/explain.handler.js';
import { StorageHealth } from './core/health.handler.js';
import { LearnerRecordsHandler } from './learner-records/learner-records.handler.js';
import { LearnerRecordsRepository } from './learner-records/learner-records.repository.js';
import { StatementsHandler } from './statements/statements.handler.js';
import { StatementExplainService } from './statements/statement-explain.service.js';
import { StatementRepository } from './statements/statement.repository.js';
import { StatementsService } from './statements/statements.service.js';

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
      providers: [
        {
          provide: STORAGE_DB,
          useFactory: () =>
            storageDataSource(options.databaseUrl, options.poolSize, options.databaseTls).initialize(),
        },
        { provide: AUDIT_KEYS, useFactory: () => auditKeysFrom(options.audit) },
        { provide: AUDIT_MAINTENANCE, useValue: options.auditMaintenance ?? null },
        databaseCloser(STORAGE_DB),
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
