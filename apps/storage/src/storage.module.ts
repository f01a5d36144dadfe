import { outboxProvider } from '@custos/platform';
import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { ActivityRepository } from './activity.repository.js';
import { AgentsService } from './agents.service.js';
import { AttachmentRepository } from './attachment.repository.js';
import { AUDIT_KEYS, type AuditKeySettings, auditKeysFrom } from './audit-keys.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { storageDataSource } from './db/data-source.js';
import { STORAGE_DB, TransactionRunner } from './db/transaction.js';
import { DocumentRepository } from './document.repository.js';
import { DocumentsService } from './documents.service.js';
import { ExportsService } from './exports.service.js';
import { ActivitiesHandler } from './handlers/activities.handler.js';
import { AuditHandler } from './handlers/audit.handler.js';
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
  poolSize?: number;
  /** Relay leftover events from storage's outbox (default true; false in the CLI). */
  outboxRelay?: boolean;
  /** The audit log's pseudonym and checkpoint-signing keys (audit-keys.ts). */
  audit: AuditKeySettings;
}

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }
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
          useFactory: () => storageDataSource(options.databaseUrl, options.poolSize).initialize(),
        },
        { provide: AUDIT_KEYS, useFactory: () => auditKeysFrom(options.audit) },
        DatabaseCloser,
        TransactionRunner,
        StatementRepository,
        AuditRepository,
        outboxProvider(STORAGE_DB, 'storage.outbox', options.outboxRelay ?? true),
        StatementsService,
        AuditService,
        StatementsHandler,
        AuditHandler,
        StorageHealth,
        ActivityRepository,
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
      ],
      exports: [StorageHealth],
    };
  }
}
