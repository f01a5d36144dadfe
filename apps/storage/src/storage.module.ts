import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { ActivityRepository } from './activity.repository.js';
import { AttachmentRepository } from './attachment.repository.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { storageDataSource } from './db/data-source.js';
import { STORAGE_DB, TransactionRunner } from './db/transaction.js';
import { DocumentRepository } from './document.repository.js';
import { DocumentsService } from './documents.service.js';
import { ActivitiesHandler } from './handlers/activities.handler.js';
import { AuditHandler } from './handlers/audit.handler.js';
import { DocumentsHandler } from './handlers/documents.handler.js';
import { StorageHealth } from './handlers/health.handler.js';
import { StatementsHandler } from './handlers/statements.handler.js';
import { OutboxPublisher } from './outbox.publisher.js';
import { OutboxRepository } from './outbox.repository.js';
import { StatementRepository } from './statement.repository.js';
import { StatementsService } from './statements.service.js';

export interface StorageModuleOptions {
  databaseUrl: string;
  poolSize?: number;
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
        DatabaseCloser,
        TransactionRunner,
        StatementRepository,
        AuditRepository,
        OutboxRepository,
        OutboxPublisher,
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
      ],
      exports: [StorageHealth, OutboxPublisher],
    };
  }
}
